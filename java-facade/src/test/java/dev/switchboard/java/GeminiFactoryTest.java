package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.auth.AccessToken;
import dev.switchboard.auth.AccessTokenProvider;
import dev.switchboard.gemini.GeminiConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The Gemini factories as a Java user calls them, against a loopback server speaking generateContent. */
class GeminiFactoryTest {
    private static final String ANSWER = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hello from Gemini\"}]},"
        + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":3,"
        + "\"totalTokenCount\":7},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\"}";

    @Test
    void geminiWithAnApiKeyCallsGenerateContentWithTheKeyHeader() throws IOException {
        AtomicReference<String> path = new AtomicReference<>();
        AtomicReference<String> key = new AtomicReference<>();
        AtomicReference<String> auth = new AtomicReference<>();
        HttpServer server = serve(path, key, auth);
        try (SwitchboardClient client = Clients.gemini("gemini-2.5-flash",
                GeminiConfig.builder().apiKey("test-key-123").baseUrl(url(server)).build())) {
            CreateResult result = client.create(CreateRequest.builder().user("Hi").build());
            assertEquals("Hello from Gemini", result.getContent());
            assertEquals(7, result.getUsage().getTotalTokens());
            assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", path.get());
            assertEquals("test-key-123", key.get());
            assertNull(auth.get());
            assertFalse(client.toString().contains("test-key-123"), client.toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void geminiOnVertexCallsThePublisherModelWithABearerToken() throws IOException {
        AtomicReference<String> path = new AtomicReference<>();
        AtomicReference<String> key = new AtomicReference<>();
        AtomicReference<String> auth = new AtomicReference<>();
        HttpServer server = serve(path, key, auth);
        AccessTokenProvider tokens = () -> new AccessToken("test-token-1", Instant.now().plusSeconds(3600));
        GeminiConfig config = GeminiConfig.vertex("my-project", "us-central1").baseUrl(url(server)).tokenProvider(tokens).build();
        try (SwitchboardClient client = Clients.gemini("gemini-2.5-flash", config)) {
            assertEquals("Hello from Gemini", client.create(CreateRequest.builder().user("Hi").build()).getContent());
            assertEquals("/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent", path.get());
            assertEquals("Bearer test-token-1", auth.get());
            assertNull(key.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void blankModelsAndMissingKeysAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Clients.gemini(" ", GeminiConfig.builder().apiKey("test-key-123").build()));
        assertTrue(e.getMessage().contains("blank"), e.getMessage());
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
            () -> Clients.gemini("gemini-2.5-flash", GeminiConfig.builder().build()));
        assertTrue(noKey.getMessage().contains("GEMINI_API_KEY"), noKey.getMessage());
    }

    private static HttpServer serve(AtomicReference<String> path, AtomicReference<String> key, AtomicReference<String> auth)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            path.set(exchange.getRequestURI().getPath());
            key.set(exchange.getRequestHeaders().getFirst("x-goog-api-key"));
            auth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}

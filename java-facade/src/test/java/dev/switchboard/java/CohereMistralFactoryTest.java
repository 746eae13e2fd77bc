package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.cohere.CohereConfig;
import dev.switchboard.mistral.MistralConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The Cohere and Mistral factories as a Java user calls them, against a loopback server speaking each wire format. */
class CohereMistralFactoryTest {
    private static final String COHERE = "{\"id\":\"c1\",\"finish_reason\":\"COMPLETE\",\"message\":{\"role\":\"assistant\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"Hello from Cohere\"}]},\"usage\":{\"tokens\":{\"input_tokens\":5,\"output_tokens\":3}}}";
    private static final String MISTRAL = "{\"id\":\"m1\",\"object\":\"chat.completion\",\"model\":\"mistral-small-latest\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello from Mistral\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}";

    @Test
    void cohereWithAConfigCallsTheV2ChatEndpoint() throws IOException {
        AtomicReference<String> path = new AtomicReference<>();
        AtomicReference<String> auth = new AtomicReference<>();
        HttpServer server = serve(COHERE, path, auth);
        try (SwitchboardClient client = Clients.cohere("command-a-03-2025",
                CohereConfig.builder().apiKey("test-key-123").baseUrl(url(server)).build())) {
            CreateResult result = client.create(CreateRequest.builder().user("Hi").build());
            assertEquals("Hello from Cohere", result.getContent());
            assertEquals("/v2/chat", path.get());
            assertEquals("Bearer test-key-123", auth.get());
            assertFalse(client.toString().contains("test-key-123"), client.toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void mistralWithAConfigCallsTheChatCompletionsEndpoint() throws IOException {
        AtomicReference<String> path = new AtomicReference<>();
        AtomicReference<String> auth = new AtomicReference<>();
        HttpServer server = serve(MISTRAL, path, auth);
        try (SwitchboardClient client = Clients.mistral("mistral-small-latest",
                MistralConfig.builder().apiKey("test-key-123").baseUrl(url(server)).build())) {
            CreateResult result = client.create(CreateRequest.builder().user("Hi").seed(7).build());
            assertEquals("Hello from Mistral", result.getContent());
            assertEquals("/v1/chat/completions", path.get());
            assertEquals("Bearer test-key-123", auth.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void blankModelsAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Clients.cohere(" ", CohereConfig.builder().apiKey("test-key-123").build()));
        assertTrue(e.getMessage().contains("blank"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> Clients.mistral("", MistralConfig.builder().apiKey("test-key-123").build()));
    }

    private static HttpServer serve(String body, AtomicReference<String> path, AtomicReference<String> auth) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            path.set(exchange.getRequestURI().getPath());
            auth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
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

package dev.switchboard.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.HttpOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Ollama API as a Java caller sees it: builders with Java literals, getters, a client made without a network call.
 * Discovery and listing with futures are the Java facade's ({@code Clients.ollamaDiscovered}, {@code Clients.ollamaModels}).
 */
class OllamaJavaApiTest {
    private static HttpServer server;
    private static String baseUrl;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/show", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (body.contains("\"missing\"")) {
                respond(exchange, 404, "{\"error\":\"model 'missing' not found\"}");
            } else {
                respond(exchange, 200, "{\"capabilities\":[\"completion\",\"tools\"],\"details\":{\"family\":\"qwen3\"},"
                    + "\"model_info\":{\"general.architecture\":\"qwen3\",\"qwen3.context_length\":40960}}");
            }
        });
        server.createContext("/api/tags", exchange -> respond(exchange, 200,
            "{\"models\":[{\"name\":\"qwen3:8b\",\"size\":5200000000,\"details\":{\"family\":\"qwen3\",\"parameter_size\":\"8.2B\"}}]}"));
        server.start();
        baseUrl = "127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static OllamaConfig config() {
        return OllamaConfig.builder()
            .baseUrl(baseUrl)
            .keepAlive(Duration.ofMinutes(10))
            .think(true)
            .numCtx(8192)
            .topK(40)
            .option("min_p", 0.05)
            .option("use_mmap", false)
            .httpOptions(HttpOptions.builder().maxRetries(0).build())
            .build();
    }

    @Test
    void configFromJava() {
        OllamaConfig config = config();
        assertTrue(config.getBaseUrl().startsWith("http://127.0.0.1:"));
        assertEquals(8192, config.getNumCtx());
        assertEquals(Duration.ofMinutes(10), config.getKeepAlive());
        assertNull(config.getApiKey());
        assertEquals(Duration.ofSeconds(-1), config.newBuilder().keepAliveForever().build().getKeepAlive());
        assertEquals("http://localhost:11434", OllamaConfig.DEFAULT_BASE_URL);
    }

    @Test
    void createMakesNoNetworkCall() {
        try (OllamaChatCompletionClient client = OllamaChatCompletionClient.create("anything", config())) {
            assertTrue(client.getModelInfo().isVision());
            assertNull(client.getModelInfo().getContextWindow());
            assertEquals(config().getBaseUrl(), client.getConfig().getBaseUrl());
        }
    }
}

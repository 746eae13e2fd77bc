package dev.switchboard.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.ChatCompletionClient;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SpringBootChat's online properties (springboot-chat-openai.properties) build an OpenAI client whose key and base URL
 * come from the Spring Environment: here, properties pointing it at an OpenAI-shaped server on 127.0.0.1.
 */
class SpringBootChatOnlineTest {
    @Test
    void theOpenAiPropertiesCallTheServerTheEnvironmentNamesWithItsKey() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"Because one interface beats ten.\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":6,\"total_tokens\":18}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String key = "test-" + "springboot-online-key";
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SpringBootChat.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of(
                        "spring.config.name", "springboot-chat-openai",
                        "spring.main.banner-mode", "off",
                        "OPENAI_API_KEY", key,
                        "OPENAI_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1"))
                .run()) {
            ChatCompletionClient assistant = context.getBean("assistant", ChatCompletionClient.class);
            assertEquals("openai", assistant.getProvider());
            assertEquals("gpt-4o-mini", assistant.getModel());
            assertEquals(List.of("Bearer " + key), authorizations, "the runner asked once, with the key from the environment");
            assertTrue(bodies.get(0).contains("\"model\":\"gpt-4o-mini\""), bodies.get(0));
            assertEquals(12, assistant.getTotalUsage().getPromptTokens());
        } finally {
            server.stop(0);
        }
    }
}

package dev.switchboard.java;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.openai.OpenAiConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/**
 * Run by {@link OptionalDependenciesTest} in a class loader without the facade's optional dependencies: one call and
 * one stream of an OpenAI client against a loopback server, through the default JDK engine.
 */
public final class LeanProbe {
    private LeanProbe() {
    }

    public static String run() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            boolean stream = new String(request, StandardCharsets.UTF_8).contains("\"stream\":true");
            String body = stream
                ? "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Lis\"}}]}\n\n"
                    + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"bon\"},\"finish_reason\":\"stop\"}]}\n\n"
                    + "data: [DONE]\n\n"
                : "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"Lisbon\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", stream ? "text/event-stream" : "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        OpenAiConfig config = OpenAiConfig.builder().apiKey("lean-" + "test-key")
            .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1").build();
        try (SwitchboardClient client = Clients.openAi("gpt-4o-mini", config)) {
            CreateRequest request = CreateRequest.builder().user("Capital of Portugal?").build();
            String answer = client.create(request).getContent();
            StringBuilder streamed = new StringBuilder();
            try (Stream<ChatStreamEvent> events = client.createStreamBlocking(request)) {
                events.forEach(e -> {
                    if (e instanceof ChatStreamEvent.TextDelta) streamed.append(((ChatStreamEvent.TextDelta) e).getText());
                });
            }
            if (!answer.equals(streamed.toString())) throw new AssertionError(answer + " != " + streamed);
            return answer;
        } finally {
            server.stop(0);
        }
    }
}

package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.HttpOptions;
import dev.switchboard.openai.OpenAiApi;
import dev.switchboard.openai.OpenAiConfig;
import dev.switchboard.openai.ResponsesRequests;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link Clients#openAiResponses}: the Responses API through the facade, against a loopback server. */
class OpenAiResponsesFactoryTest {
    private static final String RESPONSE = "{\"id\":\"resp_facade_1\",\"object\":\"response\",\"status\":\"completed\","
        + "\"model\":\"gpt-5\",\"output\":[{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"completed\","
        + "\"content\":[{\"type\":\"output_text\",\"text\":\"Hello from Responses\",\"annotations\":[]}]}],"
        + "\"usage\":{\"input_tokens\":9,\"output_tokens\":4,\"total_tokens\":13}}";

    @Test
    void callsPostResponsesWhateverTheConfigChoseAndStreamsItsEvents() throws Exception {
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            OpenAiConfig chat = OpenAiConfig.builder().apiKey("test-key-123").baseUrl(server.baseUrl())
                .api(OpenAiApi.CHAT_COMPLETIONS).httpOptions(HttpOptions.builder().maxRetries(0).build()).build();
            try (SwitchboardClient client = Clients.openAiResponses("gpt-5", chat)) {
                server.respond(LoopbackOpenAi.json(200, RESPONSE));
                CreateResult result = client.create(CreateRequest.builder().system("Be brief").user("Hi").build());
                assertEquals("Hello from Responses", result.getContent());
                assertEquals("resp_facade_1", result.getId());
                assertEquals(13, result.getUsage().getTotalTokens());
                assertEquals("POST /v1/responses", server.takeRequestLine());
                String body = server.takeRequestBody();
                assertTrue(body.contains("\"instructions\":\"Be brief\""), body);
                assertTrue(body.contains("\"input\":[{\"role\":\"user\",\"content\":\"Hi\"}]"), body);

                server.respond(exchange -> {
                    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    String events = "data: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_facade_2\",\"status\":\"in_progress\",\"output\":[]}}\n\n"
                        + "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hel\"}\n\n"
                        + "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":0,\"delta\":\"lo\"}\n\n"
                        + "data: {\"type\":\"response.completed\",\"response\":" + RESPONSE.replace("resp_facade_1", "resp_facade_2")
                            .replace("Hello from Responses", "Hello") + "}\n\n";
                    exchange.getResponseBody().write(events.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                });
                CreateRequest.Builder next = CreateRequest.builder().user("Again");
                ResponsesRequests.previousResponseId(next, result.getId());
                List<ChatStreamEvent> events;
                try (Stream<ChatStreamEvent> stream = client.createStreamBlocking(next.build())) {
                    events = stream.collect(Collectors.toList());
                }
                String text = events.stream().filter(e -> e instanceof ChatStreamEvent.TextDelta)
                    .map(e -> ((ChatStreamEvent.TextDelta) e).getText()).collect(Collectors.joining());
                assertEquals("Hello", text);
                ChatStreamEvent.Completed done = assertInstanceOf(ChatStreamEvent.Completed.class, events.get(events.size() - 1));
                assertEquals("resp_facade_2", done.getResult().getId());
                server.takeRequestLine();
                assertTrue(server.takeRequestBody().contains("\"previous_response_id\":\"resp_facade_1\""));
            }
        }
    }
}

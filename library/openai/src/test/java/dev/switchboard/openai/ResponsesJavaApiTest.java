package dev.switchboard.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.BadRequestException;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.HttpOptions;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.BuildersKt;
import org.junit.jupiter.api.Test;

/** The Responses API as Java code chooses and uses it: the api setter, the process default, the per-request options. */
class ResponsesJavaApiTest {
    @Test
    void theApiIsChosenOnTheBuilderOrByTheProcessDefault() {
        OpenAiConfig config = OpenAiConfig.builder()
                .apiKey("test-key-123")
                .api(OpenAiApi.RESPONSES)
                .store(false)
                .reasoningSummary("auto")
                .build();
        assertEquals(OpenAiApi.RESPONSES, config.getApi());
        assertEquals(Boolean.FALSE, config.getStore());
        assertEquals("auto", config.getReasoningSummary());
        assertFalse(config.toString().contains("test-key-123"));
        try (OpenAiChatCompletionClient client = OpenAiChatCompletionClient.create("gpt-5", config)) {
            assertEquals("https://api.openai.com/v1/responses", client.getEndpoint());
        }

        assertEquals(OpenAiApi.RESPONSES, OpenAiApi.parse("responses"));
        try {
            OpenAiApi.setDefaultApi(OpenAiApi.RESPONSES);
            assertEquals(OpenAiApi.RESPONSES, OpenAiApi.defaultApi());
            assertEquals(OpenAiApi.RESPONSES, OpenAiConfig.builder().build().getApi());
            AzureOpenAiConfig azure = AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com").apiKey("azure-test-key").build();
            assertEquals(OpenAiApi.RESPONSES, azure.getApi());
            assertTrue(azure.isV1Api());
            assertNull(azure.getApiVersion());
        } finally {
            OpenAiApi.setDefaultApi(null);
        }
        assertEquals("switchboard.openai.api", OpenAiApi.PROPERTY);
        assertEquals("SWITCHBOARD_OPENAI_API", OpenAiApi.ENVIRONMENT_VARIABLE);
    }

    @Test
    void aConversationContinuesFromTheResponseId() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/responses", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = ("{\"id\":\"resp_java_" + bodies.size() + "\",\"status\":\"completed\",\"model\":\"gpt-5\",\"output\":["
                    + "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Answer "
                    + bodies.size() + "\"}]}],\"usage\":{\"input_tokens\":3,\"output_tokens\":2}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        try {
            OpenAiConfig config = OpenAiConfig.builder()
                    .apiKey("test-key-123")
                    .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
                    .api(OpenAiApi.RESPONSES)
                    .httpOptions(HttpOptions.builder().maxRetries(0).build())
                    .build();
            try (OpenAiChatCompletionClient client = OpenAiChatCompletionClient.create("gpt-5", config)) {
                CreateResult first = create(client, CreateRequest.builder().system("Be brief").user("Hello").build());
                assertEquals("Answer 1", first.getContent());
                assertEquals("resp_java_1", first.getId());

                CreateRequest.Builder next = CreateRequest.builder().user("And then?");
                ResponsesRequests.previousResponseId(next, first.getId());
                ResponsesRequests.store(next, true);
                assertEquals("Answer 2", create(client, next.build()).getContent());
            }
        } finally {
            server.stop(0);
        }
        assertTrue(bodies.get(0).contains("\"instructions\":\"Be brief\""), bodies.get(0));
        assertTrue(bodies.get(1).contains("\"previous_response_id\":\"resp_java_1\""), bodies.get(1));
        assertTrue(bodies.get(1).contains("\"store\":true"), bodies.get(1));
    }

    @Test
    void whatTheApiCannotTakeFailsBeforeSending() {
        OpenAiConfig config = OpenAiConfig.builder().apiKey("test-key-123").api(OpenAiApi.RESPONSES).build();
        try (OpenAiChatCompletionClient client = OpenAiChatCompletionClient.create("gpt-4o", config)) {
            BadRequestException e = assertThrows(BadRequestException.class,
                    () -> create(client, CreateRequest.builder().user("Hi").stop("END").build()));
            assertTrue(e.getMessage().contains("stop sequences"), e.getMessage());
        }
    }

    private static CreateResult create(OpenAiChatCompletionClient client, CreateRequest request) throws InterruptedException {
        return BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE, (scope, continuation) -> client.create(request, continuation));
    }
}

package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FunctionCall;
import dev.switchboard.FunctionExecutionResult;
import dev.switchboard.HttpOptions;
import dev.switchboard.SwitchboardException;
import dev.switchboard.Tool;
import dev.switchboard.ToolArgumentsException;
import dev.switchboard.ToolResultMessage;
import dev.switchboard.openai.OpenAiConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JavaToolsTest {
    enum Scale { CELSIUS, FAHRENHEIT }

    record Place(String city, Optional<String> country) {
    }

    record Forecast(Place place, Scale scale, Optional<Integer> days, List<String> alerts) {
        Forecast {
            if (days.isPresent() && (days.get() < 1 || days.get() > 14)) {
                throw new IllegalArgumentException("days must be between 1 and 14");
            }
        }
    }

    record Ping() {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static FunctionCall call(String arguments) {
        return new FunctionCall("call_9", "forecast", arguments);
    }

    @Test
    void theToolCarriesTheRecordsStrictSchema() throws Exception {
        Tool tool = JavaTools.of("forecast", "The weather ahead", Forecast.class);
        assertEquals("forecast", tool.getName());
        assertEquals("The weather ahead", tool.getDescription());
        assertTrue(tool.isStrict());
        JsonNode parameters = JSON.readTree(tool.getParameters().toString());
        assertEquals(JSON.readTree(JavaSchemas.schemaOf(Forecast.class)), parameters);
        assertEquals(List.of("place", "scale", "days", "alerts"), names(parameters.get("required")));
        assertFalse(parameters.get("additionalProperties").asBoolean());
        JsonNode properties = parameters.get("properties");
        assertEquals(List.of("CELSIUS", "FAHRENHEIT"), names(properties.get("scale").get("enum")));
        assertEquals(List.of("city", "country"), names(properties.get("place").get("required")));
        assertEquals("array", properties.get("alerts").get("type").asText());
        assertFalse(JavaTools.of("forecast", null, Forecast.class, false).isStrict());
    }

    @Test
    void aBadNameOrATypeWithoutAStrictSchemaIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> JavaTools.of("get weather", null, Forecast.class));
        record WithMap(java.util.Map<String, Integer> counts) {
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JavaTools.of("counts", null, WithMap.class));
        assertTrue(e.getMessage().contains("counts"), e.getMessage());
    }

    @Test
    void theArgumentsBecomeTheRecord() {
        Forecast forecast = JavaTools.arguments(call(
            "{\"place\":{\"city\":\"Oslo\",\"country\":null},\"scale\":\"FAHRENHEIT\",\"days\":3,\"alerts\":[\"wind\"]}"), Forecast.class);
        assertEquals(new Forecast(new Place("Oslo", Optional.empty()), Scale.FAHRENHEIT, Optional.of(3), List.of("wind")), forecast);
        assertEquals(new Ping(), JavaTools.arguments(call(""), Ping.class));
        assertEquals(new Ping(), JavaTools.arguments(call(" {} "), Ping.class));
    }

    @Test
    void argumentsThatDoNotFitAreAToolArgumentsExceptionNamingTheToolAndTheCall() {
        for (String json : List.of(
            "{\"place\":{\"city\":\"Os",                                                                     // not JSON
            "{\"scale\":\"CELSIUS\",\"days\":null,\"alerts\":[]}",                                            // missing place
            "{\"place\":{\"city\":\"Oslo\",\"country\":null},\"scale\":\"KELVIN\",\"days\":null,\"alerts\":[]}", // no such enum
            "{\"place\":{\"city\":\"Oslo\",\"country\":null},\"scale\":\"CELSIUS\",\"days\":null,\"alerts\":[],\"x\":1}", // unknown
            "{\"place\":{\"city\":\"Oslo\",\"country\":null},\"scale\":\"CELSIUS\",\"days\":30,\"alerts\":[]}",  // its own check
            "null")) {
            ToolArgumentsException e = assertThrows(ToolArgumentsException.class, () -> JavaTools.arguments(call(json), Forecast.class), json);
            assertEquals("forecast", e.getToolName(), json);
            assertEquals("call_9", e.getCallId(), json);
            assertTrue(e.getMessage().startsWith("The arguments of call 'call_9' of tool 'forecast' do not fit Forecast: "), e.getMessage());
            assertEquals(json, e.getBodyExcerpt());
            assertFalse(e.isRetryable());
            assertInstanceOf(SwitchboardException.class, e);
        }
        ToolArgumentsException own = assertThrows(ToolArgumentsException.class, () -> JavaTools.arguments(call(
            "{\"place\":{\"city\":\"Oslo\",\"country\":null},\"scale\":\"CELSIUS\",\"days\":30,\"alerts\":[]}"), Forecast.class));
        assertTrue(own.getMessage().contains("days must be between 1 and 14"), own.getMessage());
        ToolArgumentsException missing = assertThrows(ToolArgumentsException.class,
            () -> JavaTools.arguments(call("{\"scale\":\"CELSIUS\",\"days\":null,\"alerts\":[]}"), Forecast.class));
        assertTrue(missing.getMessage().contains("place"), missing.getMessage());
    }

    @Test
    void secretsTheModelEchoesAreRedactedAndALongExcerptIsCut() {
        String key = "sk-proj-" + "A1b2C3d4E5f6G7h8".repeat(3);
        String json = "{\"place\":{\"city\":\"Oslo\",\"country\":null},\"scale\":\"" + key + "\",\"days\":null,\"alerts\":[\""
            + "x".repeat(300) + "\"]}";
        ToolArgumentsException e = assertThrows(ToolArgumentsException.class, () -> JavaTools.arguments(call(json), Forecast.class));
        assertFalse(e.getMessage().contains(key), e.getMessage());
        assertFalse(e.getBodyExcerpt().contains(key), e.getBodyExcerpt());
        assertTrue(e.getBodyExcerpt().endsWith("…"));
        assertEquals(201, e.getBodyExcerpt().length());
    }

    @Test
    void aRoundTripOverHttp() throws Exception {
        String toolCall = "{\"id\":\"chatcmpl-j1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_j1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"forecast\",\"arguments\":\"{\\\"place\\\":{\\\"city\\\":\\\"Oslo\\\",\\\"country\\\":\\\"NO\\\"},"
            + "\\\"scale\\\":\\\"CELSIUS\\\",\\\"days\\\":2,\\\"alerts\\\":[]}\"}}]},\"finish_reason\":\"tool_calls\"}],"
            + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":12,\"total_tokens\":42}}";
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(LoopbackOpenAi.inOrder(
                LoopbackOpenAi.json(200, toolCall),
                LoopbackOpenAi.json(200, LoopbackOpenAi.completion("Mild in Oslo for two days."))));
            OpenAiConfig config = OpenAiConfig.builder().apiKey("sk-java-tools-0123456789").baseUrl(server.baseUrl())
                .httpOptions(HttpOptions.builder().maxRetries(0).build()).build();
            try (SwitchboardClient client = Clients.openAi("gpt-4o-mini", config)) {
                CreateRequest ask = CreateRequest.builder().user("Oslo, two days?")
                    .tool(JavaTools.of("forecast", "The weather ahead", Forecast.class)).build();
                CreateResult first = client.create(ask);
                FunctionCall call = first.getToolCalls().get(0);
                Forecast forecast = JavaTools.arguments(call, Forecast.class);
                assertEquals(new Forecast(new Place("Oslo", Optional.of("NO")), Scale.CELSIUS, Optional.of(2), List.of()), forecast);
                CreateResult second = client.create(ask.newBuilder()
                    .message(first.toAssistantMessage())
                    .message(ToolResultMessage.of(FunctionExecutionResult.of(call.getId(), call.getName(), "8 °C, then 10 °C")))
                    .build());
                assertEquals("Mild in Oslo for two days.", second.getContent());
            }
            JsonNode firstBody = JSON.readTree(server.takeRequestBody());
            JsonNode function = firstBody.get("tools").get(0).get("function");
            assertEquals("forecast", function.get("name").asText());
            assertTrue(function.get("strict").asBoolean());
            assertEquals(JSON.readTree(JavaSchemas.schemaOf(Forecast.class)), function.get("parameters"));
            JsonNode messages = JSON.readTree(server.takeRequestBody()).get("messages");
            JsonNode last = messages.get(messages.size() - 1);
            assertEquals("tool", last.get("role").asText());
            assertEquals("call_j1", last.get("tool_call_id").asText());
            assertEquals("8 °C, then 10 °C", last.get("content").asText());
        }
    }

    private static List<String> names(JsonNode array) {
        assertNotNull(array);
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

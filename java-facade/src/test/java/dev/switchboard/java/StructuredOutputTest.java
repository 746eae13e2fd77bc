package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.Choice;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.FunctionCall;
import dev.switchboard.ProtocolException;
import dev.switchboard.RequestUsage;
import dev.switchboard.ResponseFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StructuredOutputTest {
    enum Priority { LOW, HIGH }

    record Task(String title, Priority priority, Optional<String> owner, List<String> tags, int estimateHours) {
    }

    private static final RequestUsage USAGE = RequestUsage.of(10, 5);

    @Test
    void aValidAnswerBecomesTheRecord() {
        CreateResult result = CreateResult.ofText(
            "{\"title\":\"Ship\",\"priority\":\"HIGH\",\"owner\":null,\"tags\":[\"a\",\"b\"],\"estimateHours\":3}",
            FinishReason.STOP, USAGE);
        StructuredResult<Task> parsed = StructuredOutput.parse(result, Task.class, "openai", "gpt-test");
        assertEquals(new Task("Ship", Priority.HIGH, Optional.empty(), List.of("a", "b"), 3), parsed.value());
        assertEquals(result, parsed.result());
    }

    @Test
    void anAnswerThatIsNotTheRecordIsAProtocolExceptionSayingWhy() {
        CreateResult result = CreateResult.ofText(
            "{\"title\":\"Ship\",\"priority\":\"URGENT\",\"owner\":null,\"tags\":[],\"estimateHours\":3}",
            FinishReason.STOP, USAGE);
        ProtocolException e = assertThrows(ProtocolException.class,
            () -> StructuredOutput.parse(result, Task.class, "openai", "gpt-test"));
        assertTrue(e.getMessage().contains("is not a valid Task"), e.getMessage());
        assertTrue(e.getMessage().contains("URGENT"), e.getMessage());
        assertEquals("openai", e.getProvider());
        assertTrue(e.getBodyExcerpt().contains("URGENT"));
    }

    @Test
    void missingUnknownAndNullPrimitivePropertiesAreRejectedNotDefaulted() {
        for (String json : List.of(
            "{\"title\":\"Ship\",\"priority\":\"LOW\",\"owner\":null,\"tags\":[]}",
            "{\"title\":\"Ship\",\"priority\":\"LOW\",\"owner\":null,\"tags\":[],\"estimateHours\":1,\"extra\":1}",
            "{\"title\":\"Ship\",\"priority\":\"LOW\",\"owner\":null,\"tags\":[],\"estimateHours\":null}",
            "{\"title\":\"Ship\",\"priority\":1,\"owner\":null,\"tags\":[],\"estimateHours\":1}",
            "{\"title\":\"Ship\",\"priority\":\"LOW\",\"owner\":null,\"tags\":[],\"estimateHours\":1} {}")) {
            CreateResult result = CreateResult.ofText(json, FinishReason.STOP, USAGE);
            assertThrows(ProtocolException.class, () -> StructuredOutput.parse(result, Task.class, "openai", "m"), json);
        }
    }

    @Test
    void aCutOffAnswerSaysToRaiseMaxTokens() {
        CreateResult result = CreateResult.ofText("{\"title\":\"Sh", FinishReason.LENGTH, USAGE);
        ProtocolException e = assertThrows(ProtocolException.class,
            () -> StructuredOutput.parse(result, Task.class, "openai", "gpt-test"));
        assertTrue(e.getMessage().contains("raise maxTokens"), e.getMessage());
        assertInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class, e.getCause());
    }

    @Test
    void aRefusalIsAProtocolExceptionCarryingTheRefusal() {
        CreateResult result = new CreateResult(List.of(new Choice(0, FinishReason.STOP, "stop", null, List.of(),
            "I can't help with that", null, null)), USAGE, false, "resp-1", "gpt-test");
        ProtocolException e = assertThrows(ProtocolException.class,
            () -> StructuredOutput.parse(result, Task.class, "openai", "gpt-test"));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertTrue(e.getMessage().contains("I can't help with that"), e.getMessage());
        assertEquals("resp-1", e.getRequestId());
    }

    @Test
    void toolCallsInsteadOfJsonAreAProtocolException() {
        CreateResult result = new CreateResult(List.of(new Choice(0, FinishReason.TOOL_CALLS, "tool_calls", null,
            List.of(new FunctionCall("c1", "lookup", "{}")), null, null, null)), USAGE, false, null, null);
        ProtocolException e = assertThrows(ProtocolException.class,
            () -> StructuredOutput.parse(result, Task.class, "openai", "gpt-test"));
        assertTrue(e.getMessage().contains("called tools instead"), e.getMessage());
    }

    @Test
    void theRequestGetsTheStrictSchemaOfTheType() {
        CreateRequest request = StructuredOutput.request(CreateRequest.builder().user("plan it").build(), Task.class);
        ResponseFormat.JsonSchema format = (ResponseFormat.JsonSchema) request.getResponseFormat();
        assertEquals("Task", format.getName());
        assertTrue(format.isStrict());
        assertEquals(JavaSchemas.schemaOf(Task.class), format.getSchema().toString());
    }

    @Test
    void aRequestWithAnotherResponseFormatIsRefusedRatherThanOverwritten() {
        CreateRequest request = CreateRequest.builder().user("plan it").jsonOutput().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> StructuredOutput.request(request, Task.class));
        assertTrue(e.getMessage().contains("remove responseFormat"), e.getMessage());
    }
}

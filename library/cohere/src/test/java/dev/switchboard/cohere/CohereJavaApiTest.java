package dev.switchboard.cohere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.Choice;
import dev.switchboard.Citation;
import dev.switchboard.CitationSource;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.HttpOptions;
import dev.switchboard.ModelInfo;
import dev.switchboard.RequestUsage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Cohere module's public API, and the citations it fills in, as Java code sees them. */
class CohereJavaApiTest {
    private static final String KEY = "test-key-123";

    @Test
    void configIsBuiltWithJavaHabits() {
        CohereConfig config = CohereConfig.builder()
                .apiKey(KEY)
                .baseUrl("https://gateway.example.com")
                .citationMode("accurate")
                .safetyMode("OFF")
                .header("X-Client-Name", "my-app")
                .httpOptions(HttpOptions.builder().maxRetries(1).build())
                .build();
        assertEquals("ACCURATE", config.getCitationMode());
        assertEquals("OFF", config.getSafetyMode());
        assertFalse(config.toString().contains(KEY));
        assertEquals(config.toString(), config.newBuilder().build().toString());
        assertEquals("https://api.cohere.com", CohereConfig.DEFAULT_BASE_URL);
        assertNotNull(CohereConfig.fromEnvironment());
    }

    @Test
    void clientsModelsAndDocumentsFromStaticFactories() {
        try (CohereChatCompletionClient client =
                CohereChatCompletionClient.create("command-a-03-2025", CohereConfig.builder().apiKey(KEY).build())) {
            assertEquals("command-a-03-2025", client.getModel());
            assertEquals(CohereModels.COMMAND, client.getModelInfo().getFamily());
        }
        assertThrows(IllegalArgumentException.class,
                () -> CohereChatCompletionClient.create("command-a-03-2025", CohereConfig.builder().build()));
        ModelInfo info = CohereModels.info("command-a-vision-07-2025");
        assertNotNull(info);
        assertTrue(info.isVision());
        assertTrue(CohereModels.getKnownModels().contains("command-r-plus"));

        CreateRequest.Builder builder = CreateRequest.builder().user("What are the benefits?");
        CohereDocuments.attach(builder, List.of(
                CohereDocument.of("doc:0", "benefits.txt", "AI provides automation."),
                CohereDocument.ofFields(null, Map.of("text", "More."))));
        CreateRequest request = builder.build();
        assertEquals(2, request.getExtraBody().get("documents").toString().split("\"data\"").length - 1);
    }

    @Test
    void citationsAreReadWithGetters() {
        Citation citation = new Citation(0, 3, "Foo", List.of(new CitationSource("doc:0", "document", "t.txt", "Foo bar")), "TEXT_CONTENT");
        CreateResult result = CreateResult.builder()
                .choices(List.of(Choice.builder().content("Foo!").citations(List.of(citation)).build()))
                .usage(RequestUsage.ZERO)
                .build();
        assertEquals("doc:0", result.getCitations().get(0).getSources().get(0).getId());
        assertEquals("TEXT_CONTENT", result.getCitations().get(0).getType());
        assertEquals(3, result.getCitations().get(0).getEnd());
    }
}

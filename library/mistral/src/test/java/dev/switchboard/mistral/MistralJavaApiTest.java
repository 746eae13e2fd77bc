package dev.switchboard.mistral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.HttpOptions;
import dev.switchboard.ModelFamily;
import dev.switchboard.ModelInfo;
import dev.switchboard.UserMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Mistral module's public API as Java code sees it. */
class MistralJavaApiTest {
    private static final String KEY = "test-key-123";

    @Test
    void configIsBuiltWithJavaHabits() {
        MistralConfig config = MistralConfig.builder()
                .apiKey(KEY)
                .baseUrl("https://gateway.example.com")
                .safePrompt(true)
                .promptMode("reasoning")
                .header("X-Team", "search")
                .httpOptions(HttpOptions.builder().maxRetries(1).build())
                .build();
        assertEquals("https://gateway.example.com", config.getBaseUrl());
        assertTrue(config.isSafePrompt());
        assertEquals("reasoning", config.getPromptMode());
        assertFalse(config.toString().contains(KEY));
        assertEquals(config.toString(), config.newBuilder().build().toString());
        assertEquals("https://api.mistral.ai", MistralConfig.DEFAULT_BASE_URL);
        assertNotNull(MistralConfig.fromEnvironment());
        assertNull(MistralConfig.builder().build().getPromptMode());
    }

    @Test
    void clientsAndModelsComeFromStaticFactories() {
        try (MistralChatCompletionClient client =
                MistralChatCompletionClient.create("mistral-small-latest", MistralConfig.builder().apiKey(KEY).build())) {
            assertEquals("mistral-small-latest", client.getModel());
            assertEquals(ModelFamily.MISTRAL, client.getModelInfo().getFamily());
            assertTrue(client.countTokens(List.of(UserMessage.of("Hello there"))) > 0);
        }
        assertThrows(IllegalArgumentException.class,
                () -> MistralChatCompletionClient.create("mistral-small-latest", MistralConfig.builder().build()));
        ModelInfo info = MistralModels.info("pixtral-large-2411");
        assertNotNull(info);
        assertTrue(info.isVision());
        assertTrue(MistralModels.getKnownModels().contains("codestral"));
        assertTrue(MistralModels.isReasoningModel("magistral-small-2509"));
    }
}

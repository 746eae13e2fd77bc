package dev.switchboard.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.HttpOptions;
import dev.switchboard.ModelFamily;
import dev.switchboard.ModelInfo;
import org.junit.jupiter.api.Test;

/** The OpenAI module's public API as Java code sees it: builders, static factories, no Kotlin-only types. */
class OpenAiJavaApiTest {
    @Test
    void configIsBuiltWithJavaHabits() {
        OpenAiConfig config = OpenAiConfig.builder()
                .apiKey("sk-java-test-123456")
                .baseUrl("https://gateway.example.com/v1")
                .organization("org-1")
                .project("proj-1")
                .header("X-Team", "search")
                .useMaxCompletionTokens(null)
                .httpOptions(HttpOptions.builder().maxRetries(1).build())
                .modelInfo(ModelInfo.builder().functionCalling(true).family("custom").contextWindow(32_000).build())
                .build();
        assertEquals("https://gateway.example.com/v1", config.getBaseUrl());
        assertEquals("search", config.getHeaders().get("X-Team"));
        assertNull(config.getUseMaxCompletionTokens());
        assertFalse(config.toString().contains("sk-java-test-123456"));
        assertEquals(config.toString(), config.newBuilder().build().toString());
        assertEquals("https://api.openai.com/v1", OpenAiConfig.DEFAULT_BASE_URL);
        assertNotNull(OpenAiConfig.fromEnvironment());
    }

    @Test
    void presetsAndModelsAreStatic() {
        OpenAiConfig groq = OpenAiCompatible.GROQ.config().apiKey("gsk_java_test").build();
        assertEquals("https://api.groq.com/openai/v1", groq.getBaseUrl());
        assertEquals("groq", OpenAiCompatible.GROQ.getProviderName());
        assertEquals("GROQ_API_KEY", OpenAiCompatible.GROQ.getApiKeyVariable());
        assertTrue(OpenAiCompatible.GROQ.requiresApiKey());
        assertFalse(OpenAiCompatible.OLLAMA.requiresApiKey());

        ModelInfo info = OpenAiModels.info("gpt-4o-2024-08-06");
        assertNotNull(info);
        assertEquals(ModelFamily.GPT_4O, info.getFamily());
        assertNull(OpenAiModels.info("not-a-model"));
        assertTrue(OpenAiModels.getKnownModels().contains("gpt-5"));
        assertEquals(ModelFamily.LLAMA, OpenAiModels.familyOf("llama-3.3-70b-versatile"));
    }

    @Test
    void missingKeyIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenAiChatCompletionClient.create("gpt-4o", OpenAiConfig.builder().build()));
        assertTrue(e.getMessage().contains("OPENAI_API_KEY"), e.getMessage());
    }
}

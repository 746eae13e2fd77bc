package dev.switchboard.azure.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.ModelFamily;
import dev.switchboard.ModelInfo;
import org.junit.jupiter.api.Test;

/** The Azure AI Inference API as Java code sees it. */
class AzureAiInferenceJavaApiTest {
    private static final String KEY = "inference-java-" + "key-0123456789";

    @Test
    void clientsAreBuiltWithJavaHabits() {
        ModelInfo info = ModelInfo.builder().vision(true).functionCalling(true).jsonOutput(true).structuredOutput(false)
                .family(ModelFamily.MISTRAL).build();
        AzureAiInferenceConfig config = AzureAiInferenceConfig.builder()
                .endpoint("https://res.services.ai.azure.com/models")
                .apiKey(KEY)
                .modelInfo(info)
                .extraParameters(AzureAiInferenceConfig.ExtraParameters.DROP)
                .build();
        assertEquals("2024-05-01-preview", config.getApiVersion());
        assertEquals("drop", config.getExtraParameters().getWireValue());
        assertFalse(config.toString().contains(KEY));
        try (AzureAiInferenceChatCompletionClient client = AzureAiInferenceChatCompletionClient.create("Mistral-Large-2411", config)) {
            assertEquals(info, client.getModelInfo());
        }
        assertEquals("https://models.github.ai/inference", AzureAiInferenceConfig.GITHUB_MODELS_ENDPOINT);
        assertEquals("github-models", AzureAiInferenceConfig.githubModels().modelInfo(info).build().getProviderName());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> AzureAiInferenceChatCompletionClient.create("Phi-4", config.newBuilder().modelInfo(null).build()));
        assertFalse(missing.getMessage().isEmpty());
    }
}

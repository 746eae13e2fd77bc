package dev.switchboard.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.HttpOptions;
import dev.switchboard.ModelInfo;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The Bedrock module's public API as Java code sees it: builders, static factories, getters. */
class BedrockJavaApiTest {
    private static final String KEY = "test-key-123";

    @Test
    void configIsBuiltWithJavaHabits() {
        BedrockGuardrail guardrail = BedrockGuardrail.builder("gr-abc123", "2").trace(BedrockGuardrail.Trace.ENABLED).asyncStreaming(false).build();
        BedrockConfig config = BedrockConfig.builder()
                .region("eu-central-1")
                .credentials("AKIDEXAMPLE", "java-secret-123", null)
                .profile("work")
                .guardrail(guardrail)
                .header("X-Team", "search")
                .httpOptions(HttpOptions.builder().maxRetries(1).build())
                .modelInfo(ModelInfo.builder().functionCalling(true).contextWindow(300_000).build())
                .build();
        assertEquals("eu-central-1", config.getRegion());
        assertEquals("https://bedrock-runtime.eu-central-1.amazonaws.com", config.getBaseUrl());
        assertNull(config.getApiKey());
        assertNull(config.getCredentialsProvider()); // static keys need no AWS SDK provider
        assertTrue(config.toString().contains("credentials=static keys"), config.toString());
        assertEquals("work", config.getProfile());
        assertEquals("gr-abc123", config.getGuardrail().getIdentifier());
        assertEquals(BedrockGuardrail.Trace.ENABLED, config.getGuardrail().getTrace());
        assertFalse(config.getGuardrail().isAsyncStreaming());
        assertFalse(config.toString().contains("java-secret-123"), config.toString());
        assertEquals(config.toString(), config.newBuilder().build().toString());
        assertNotNull(BedrockConfig.fromEnvironment());
    }

    @Test
    void aBedrockApiKeyOrACredentialsProviderAndTheirErrors() {
        BedrockConfig keyed = BedrockConfig.builder().apiKey(KEY).baseUrl("https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com").build();
        assertEquals(KEY, keyed.getApiKey());
        assertNull(keyed.getRegion());
        try (BedrockChatCompletionClient client = BedrockChatCompletionClient.create("amazon.nova-lite-v1:0", keyed)) {
            assertEquals("amazon.nova-lite-v1:0", client.getModel());
            assertFalse(client.toString().contains(KEY));
        }
        BedrockConfig noRegion = BedrockConfig.builder().baseUrl("https://proxy.example.com")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "java-secret-123"))).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BedrockChatCompletionClient.create("amazon.nova-lite-v1:0", noRegion));
        assertTrue(e.getMessage().contains("AWS_REGION"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> BedrockConfig.builder().region("Frankfurt").build());
        assertTrue(bad.getMessage().contains("not an AWS region"), bad.getMessage());
    }

    @Test
    void theModelsTableAnswersFromJava() {
        ModelInfo info = BedrockModels.info("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
        assertNotNull(info);
        assertTrue(info.isFunctionCalling());
        assertTrue(BedrockModels.isAnthropic("eu.anthropic.claude-sonnet-4-5-20250929-v1:0"));
        assertFalse(BedrockModels.isAnthropic("amazon.nova-lite-v1:0"));
        assertTrue(BedrockModels.getKnownModels().size() > 3);
        assertNull(BedrockModels.info("arn:aws:bedrock:us-east-1:123456789012:inference-profile/x"));
    }
}

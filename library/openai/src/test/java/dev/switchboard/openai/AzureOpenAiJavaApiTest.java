package dev.switchboard.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.ContentFilterException;
import dev.switchboard.ContentFilterResult;
import dev.switchboard.HttpOptions;
import dev.switchboard.auth.AccessToken;
import dev.switchboard.auth.AccessTokenProvider;
import dev.switchboard.auth.RequestAuthorizer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Azure OpenAI and the core auth types as Java code sees them: builders, static factories, a token provider lambda. */
class AzureOpenAiJavaApiTest {
    private static final String KEY = "azure-java-" + "key-0123456789";

    @Test
    void keyAndTokenConfigurationsAreBuiltWithJavaHabits() {
        AzureOpenAiConfig keyed = AzureOpenAiConfig.builder()
                .endpoint("https://res.openai.azure.com")
                .apiKey(KEY)
                .apiVersion("2024-12-01-preview")
                .header("x-ms-useragent", "java-test")
                .httpOptions(HttpOptions.builder().maxRetries(1).build())
                .build();
        assertFalse(keyed.isV1Api());
        assertEquals("2024-12-01-preview", keyed.getApiVersion());
        assertFalse(keyed.toString().contains(KEY));
        try (AzureOpenAiChatCompletionClient client = AzureOpenAiChatCompletionClient.create("gpt-4o-prod", keyed)) {
            assertEquals("gpt-4o-prod", client.getDeployment());
            assertEquals("gpt-4o-prod", client.getModel());
        }

        AccessTokenProvider tokens = () -> new AccessToken("java-" + "token-abcdefgh", Instant.now().plusSeconds(3600));
        AzureOpenAiConfig entra = AzureOpenAiConfig.builder()
                .endpoint("https://res.openai.azure.com")
                .v1Api(true)
                .tokenProvider(tokens)
                .build();
        assertTrue(entra.isV1Api());
        assertNull(entra.getApiVersion());
        assertEquals("https://cognitiveservices.azure.com/.default", AzureOpenAiConfig.TOKEN_SCOPE);
        assertEquals("2024-10-21", AzureOpenAiConfig.DEFAULT_API_VERSION);
        try (AzureOpenAiChatCompletionClient client = AzureOpenAiChatCompletionClient.create("gpt-4o-mini", entra)) {
            assertFalse(client.toString().contains("abcdefgh"));
        }
        assertThrows(IllegalArgumentException.class, () -> AzureOpenAiConfig.builder().build());
    }

    @Test
    void authAndContentFilterTypesAreUsableFromJava() {
        AccessToken token = new AccessToken("java-" + "token-abcdefgh", Instant.parse("2030-01-01T00:00:00Z"));
        assertFalse(token.toString().contains("abcdefgh"));
        RequestAuthorizer bearer = RequestAuthorizer.bearerToken(() -> token, "azure-openai");
        RequestAuthorizer early = RequestAuthorizer.bearerToken(() -> token, "azure-openai", Duration.ofMinutes(10));
        assertFalse(bearer.toString().contains("abcdefgh"));
        assertFalse(early.toString().contains("abcdefgh"));
        ContentFilterException e = new ContentFilterException("filtered", "azure-openai", 400, null, null,
                List.of(new ContentFilterResult("violence", true, "high"), new ContentFilterResult("hate", false)));
        assertEquals(List.of("violence"), e.getFilteredCategories());
    }
}

package dev.switchboard.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.auth.AccessToken;
import dev.switchboard.auth.AccessTokenProvider;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a Java user types to configure Gemini: static factories, fluent builders, is-getters. */
class GeminiJavaApiTest {
    @Test
    void theGeminiApiWithAKey() {
        GeminiConfig config = GeminiConfig.builder().apiKey("test-key-123").includeThoughts(false)
            .header("x-team", "search").build();
        assertEquals("test-key-123", config.getApiKey());
        assertEquals(GeminiConfig.DEFAULT_BASE_URL, config.getBaseUrl());
        assertEquals(GeminiConfig.DEFAULT_API_VERSION, config.getApiVersion());
        assertFalse(config.isVertex());
        assertFalse(config.isIncludeThoughts());
        assertEquals("search", config.getHeaders().get("x-team"));
        assertFalse(config.toString().contains("test-key-123"), config.toString());
        GeminiChatCompletionClient client = GeminiChatCompletionClient.create("gemini-2.5-flash", config);
        assertSame(config, client.getConfig());
        assertFalse(client.toString().contains("test-key-123"), client.toString());
    }

    @Test
    void vertexAiWithATokenProvider() {
        AccessTokenProvider tokens = () -> new AccessToken("test-token-1", Instant.now().plusSeconds(3600));
        GeminiConfig config = GeminiConfig.vertex("my-project", "us-central1").tokenProvider(tokens).build();
        assertTrue(config.isVertex());
        assertEquals("my-project", config.getVertexProject());
        assertEquals("us-central1", config.getVertexLocation());
        assertEquals(GeminiConfig.VERTEX_API_VERSION, config.getApiVersion());
        assertEquals("https://us-central1-aiplatform.googleapis.com", config.getBaseUrl());
        assertNull(config.getApiKey());
        assertSame(tokens, config.getTokenProvider());
        GeminiConfig global = config.newBuilder().vertex("my-project", GeminiConfig.DEFAULT_VERTEX_LOCATION).build();
        assertEquals("https://aiplatform.googleapis.com", global.getBaseUrl());
    }

    @Test
    void mistakesAreIllegalArgumentsThatSayWhatToDo() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> GeminiConfig.vertex("p", "global")
            .apiKey("test-key-123").tokenProvider(() -> new AccessToken("t", Instant.now().plusSeconds(60))).build());
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        IllegalArgumentException noTokens = assertThrows(IllegalArgumentException.class,
            () -> GeminiChatCompletionClient.create("gemini-2.5-flash", GeminiConfig.vertex("p", "global").build()));
        assertTrue(noTokens.getMessage().contains("tokenProvider"), noTokens.getMessage());
    }
}

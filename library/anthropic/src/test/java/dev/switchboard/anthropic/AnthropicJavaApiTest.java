package dev.switchboard.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.AssistantMessage;
import dev.switchboard.CacheMarker;
import dev.switchboard.CreateRequest;
import dev.switchboard.FunctionCall;
import dev.switchboard.HttpOptions;
import dev.switchboard.ModelFamily;
import dev.switchboard.ModelInfo;
import dev.switchboard.SystemMessage;
import dev.switchboard.ThoughtBlock;
import dev.switchboard.Tool;
import dev.switchboard.UserMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Anthropic module's public API, and the core additions it uses, as Java code sees them. */
class AnthropicJavaApiTest {
    private static final String KEY = "sk-ant-" + "java-test-123456";

    @Test
    void configIsBuiltWithJavaHabits() {
        AnthropicConfig config = AnthropicConfig.builder()
                .apiKey(KEY)
                .baseUrl("https://gateway.example.com")
                .version("2023-06-01")
                .beta("context-1m-2025-08-07")
                .header("X-Team", "search")
                .defaultMaxTokens(2048)
                .nativeStructuredOutput(null)
                .httpOptions(HttpOptions.builder().maxRetries(1).build())
                .modelInfo(ModelInfo.builder().functionCalling(true).family("claude").contextWindow(200_000).build())
                .build();
        assertEquals("https://gateway.example.com", config.getBaseUrl());
        assertEquals(List.of("context-1m-2025-08-07"), config.getBetas());
        assertEquals(2048, config.getDefaultMaxTokens());
        assertNull(config.getNativeStructuredOutput());
        assertFalse(config.toString().contains(KEY));
        assertEquals(config.toString(), config.newBuilder().build().toString());
        assertEquals("https://api.anthropic.com", AnthropicConfig.DEFAULT_BASE_URL);
        assertEquals("2023-06-01", AnthropicConfig.DEFAULT_VERSION);
        assertNotNull(AnthropicConfig.fromEnvironment());
    }

    @Test
    void clientsAndModelsComeFromStaticFactories() {
        try (AnthropicChatCompletionClient client =
                AnthropicChatCompletionClient.create("claude-sonnet-4-5", AnthropicConfig.builder().apiKey(KEY).build())) {
            assertEquals("claude-sonnet-4-5", client.getModel());
            assertEquals(ModelFamily.CLAUDE, client.getModelInfo().getFamily());
            assertTrue(client.countTokens(List.of(UserMessage.of("Hello there"))) > 0);
        }
        assertThrows(IllegalArgumentException.class,
                () -> AnthropicChatCompletionClient.create("claude-sonnet-4-5", AnthropicConfig.builder().build()));
        ModelInfo info = AnthropicModels.info("claude-opus-4-1-20250805");
        assertNotNull(info);
        assertEquals(32_000, info.getMaxOutputTokens());
        assertTrue(AnthropicModels.hasNativeStructuredOutput("claude-haiku-4-5"));
        assertFalse(AnthropicModels.hasNativeStructuredOutput("claude-opus-4-1"));
        assertEquals(Boolean.FALSE, AnthropicModels.supportsThinking("claude-3-5-haiku"));
        assertEquals(32_000, AnthropicModels.defaultMaxTokens(info));
        assertTrue(AnthropicModels.getKnownModels().contains("claude-3-7-sonnet"));
    }

    @Test
    void cacheMarkersThoughtBlocksAndThinkingFromJava() {
        CreateRequest request = CreateRequest.builder()
                .message(new SystemMessage("Long instructions", CacheMarker.DEFAULT))
                .message(UserMessage.of("Hi").withCache(CacheMarker.withTtl(Duration.ofHours(1))))
                .message(new AssistantMessage("ok", List.<FunctionCall>of(), null, null,
                        List.of(ThoughtBlock.signed("why", "sig"), ThoughtBlock.redacted("opaque")), null))
                .user("More")
                .tool(Tool.withoutParameters("now", "The time").withCache(CacheMarker.DEFAULT))
                .thinkingBudget(2048)
                .topK(20)
                .build();
        assertEquals(2048, request.getThinkingBudget());
        assertEquals(20, request.getTopK());
        assertTrue(((AssistantMessage) request.getMessages().get(2)).getThoughtBlocks().get(1).isRedacted());
        assertEquals(CacheMarker.DEFAULT, request.getTools().get(0).getCache());
    }
}

package dev.switchboard.openai.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.ModelFamily;
import dev.switchboard.SystemMessage;
import dev.switchboard.UserMessage;
import dev.switchboard.TokenCounter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tokenizer's public API as Java code sees it: static factories, no Kotlin-only types. */
class OpenAiTokenizerJavaApiTest {
    @Test
    void tokenCountersAreStatic() {
        List<dev.switchboard.LlmMessage> messages = List.of(SystemMessage.of("Be brief"), UserMessage.of("Hello"));
        TokenCounter counter = OpenAiTokenCounter.forModel("gpt-4o");
        int tokens = counter.count(messages, List.of());
        assertEquals(OpenAiTokenCounter.o200k().count(messages, List.of()), tokens);
        assertTrue(tokens > 6);
        assertSame(OpenAiTokenCounter.cl100k(), OpenAiTokenCounter.forFamily(ModelFamily.GPT_4));
        assertSame(TokenCounter.ESTIMATE, OpenAiTokenCounter.forModel("llama-3.3-70b-versatile"));
        assertEquals(2, OpenAiTokenCounter.o200k().countText("hello world"));
    }
}

package dev.switchboard.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.ChatCompletionClient;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.RequestUsage;
import dev.switchboard.replay.ReplayChatCompletionClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;

/** What a Java user types: a Switchboard client behind Spring AI's ChatClient, blocking and streaming. */
class SpringAiJavaApiTest {
    @Test
    void chatClientOverASwitchboardClient() {
        ChatCompletionClient client = ReplayChatCompletionClient.of(
                CreateResult.ofText("Hello from Switchboard", FinishReason.STOP, RequestUsage.of(3, 4)),
                CreateResult.ofText("streamed", FinishReason.STOP, RequestUsage.of(1, 1)));
        ChatClient chat = ChatClient.builder(new SwitchboardSpringAiChatModel(client)).build();

        assertEquals("Hello from Switchboard", chat.prompt().user("hi").call().content());
        List<String> parts = chat.prompt().user("again").stream().content().collectList().block(Duration.ofSeconds(10));
        assertEquals("streamed", String.join("", parts));
        assertEquals(RequestUsage.of(4, 5), client.getTotalUsage());
    }

    @Test
    void aSpringAiModelAsASwitchboardClientNeedsAModelAndAName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpringAiChatCompletionClient.builder().model("m").build());
        assertTrue(e.getMessage().contains("chatModel"));
    }
}

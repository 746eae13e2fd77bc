package dev.switchboard.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.ChatCompletionClient;
import dev.switchboard.java.SwitchboardClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.test.context.SpringBootTest;

/** The SpringBootChat application starts offline with its client beans from springboot-chat.properties. */
@SpringBootTest(classes = SpringBootChat.class, properties = "spring.config.name=springboot-chat")
class SpringBootChatTest {
    @Autowired
    SwitchboardClient assistant;

    @Autowired
    ChatCompletionClient assistantClient;

    @Autowired
    CommandLineRunner ask;

    @Test
    void theConfiguredClientIsABeanAndTheRunnerAskedIt() {
        assertEquals("replay", assistantClient.getProvider());
        assertEquals("gpt-4o-mini-2024-07-18", assistant.getModel());
        // The runner ran at startup and used the single recording: the usage totals say one call was made.
        assertEquals(39, assistantClient.getTotalUsage().getPromptTokens());
        assertTrue(ask != null);
    }
}

package dev.switchboard.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.switchboard.ChatCompletionClient;
import dev.switchboard.Choice;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.FunctionCall;
import dev.switchboard.RequestUsage;
import dev.switchboard.UserMessage;
import dev.switchboard.replay.ReplayChatCompletionClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a Java user types: both adapters from Java, driven by an AiServices interface with a tool. */
class LangChain4jJavaApiTest {
    interface Calculator {
        String ask(String question);
    }

    static class Tools {
        final List<Integer> seen = new ArrayList<>();

        @Tool("Adds two numbers")
        int add(@P(name = "a", value = "first") int a, @P(name = "b", value = "second") int b) {
            seen.add(a);
            seen.add(b);
            return a + b;
        }
    }

    @Test
    void aiServicesWithAToolOverASwitchboardClient() {
        CreateResult call = new CreateResult(
                List.of(new Choice(0, FinishReason.TOOL_CALLS, "tool_calls", null,
                        List.of(new FunctionCall("call_7", "add", "{\"a\":2,\"b\":3}")))),
                RequestUsage.of(10, 5));
        ChatCompletionClient client = ReplayChatCompletionClient.of(
                call, CreateResult.ofText("2 + 3 = 5", FinishReason.STOP, RequestUsage.of(20, 4)));
        Tools tools = new Tools();
        Calculator calculator = AiServices.builder(Calculator.class)
                .chatModel(new SwitchboardChatModel(client))
                .tools(tools)
                .build();

        assertEquals("2 + 3 = 5", calculator.ask("What is 2 + 3?"));
        assertEquals(List.of(2, 3), tools.seen);
        assertEquals(RequestUsage.of(30, 9), client.getTotalUsage());
    }

    @Test
    void aLangChain4jModelAsASwitchboardClient() {
        ChatModel lc4j = new SwitchboardChatModel(
                ReplayChatCompletionClient.of(CreateResult.ofText("hello", FinishReason.STOP, RequestUsage.of(1, 1))));
        try (LangChain4jChatCompletionClient client = LangChain4jChatCompletionClient.builder()
                .chatModel(lc4j).model("wrapped").provider("mine").build()) {
            assertEquals("wrapped", client.getModel());
            assertEquals("mine", client.getProvider());
            assertTrue(client.countTokens(List.of(UserMessage.of("hello there, world"))) > 0);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LangChain4jChatCompletionClient.builder().model("m").build());
        assertTrue(e.getMessage().contains("chatModel"));
    }
}

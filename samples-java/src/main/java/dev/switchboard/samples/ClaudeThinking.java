package dev.switchboard.samples;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;
import java.util.stream.Stream;

/**
 * Asks Claude a question with extended thinking and streams its reasoning, then its answer. Runs against
 * Anthropic when {@code ANTHROPIC_API_KEY} is set ({@code ANTHROPIC_MODEL} picks the model), offline otherwise.
 */
public final class ClaudeThinking {
    private ClaudeThinking() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        try (SwitchboardClient client = SampleClients.open("replay/claude-thinking.jsonl", "ANTHROPIC_API_KEY", "Anthropic",
                () -> Clients.anthropic(SampleClients.env("ANTHROPIC_MODEL", "claude-sonnet-4-5")))) {
            CreateRequest request = CreateRequest.builder()
                    .system("Answer in one sentence.")
                    .user("A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. What does the ball cost?")
                    .thinkingBudget(1024) // extended thinking: up to 1,024 tokens of reasoning before the answer
                    .maxTokens(2048)
                    .build();
            boolean thinking = false;
            try (Stream<ChatStreamEvent> events = client.createStreamBlocking(request)) {
                for (ChatStreamEvent event : (Iterable<ChatStreamEvent>) events::iterator) {
                    if (event instanceof ChatStreamEvent.ThoughtDelta thought) {
                        if (!thinking) System.out.print("Thinking: ");
                        thinking = true;
                        System.out.print(thought.getText());
                    } else if (event instanceof ChatStreamEvent.TextDelta text) {
                        if (thinking) System.out.print("\nAnswer: ");
                        thinking = false;
                        System.out.print(text.getText());
                    } else if (event instanceof ChatStreamEvent.Completed completed) {
                        CreateResult result = completed.getResult();
                        System.out.println();
                        System.out.println("Finish reason: " + result.getFinishReason() + ", signed thinking blocks kept for the next turn: "
                                + result.toAssistantMessage().getThoughtBlocks().size());
                    }
                }
            }
        }
    }
}

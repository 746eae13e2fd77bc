package dev.switchboard.samples;

import dev.switchboard.AssistantMessage;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.RequestUsage;
import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;

/**
 * Asks Gemini a question with a thinking budget and prints its thought summary, its answer and the tokens it spent
 * thinking, then asks a follow-up, sending the first answer back with its thought signatures as Gemini requires.
 * Runs against the Gemini API when {@code GEMINI_API_KEY} is set ({@code GEMINI_MODEL} picks the model, default
 * {@code gemini-2.5-flash}), offline otherwise.
 */
public final class GeminiChat {
    private GeminiChat() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        try (SwitchboardClient client = SampleClients.open("replay/gemini-chat.jsonl", "GEMINI_API_KEY", "the Gemini API",
                () -> Clients.gemini(SampleClients.env("GEMINI_MODEL", "gemini-2.5-flash")))) {
            CreateRequest.Builder conversation = CreateRequest.builder()
                    .system("Answer in one sentence.")
                    .user("How many times does the digit 7 appear in the numbers from 1 to 100?")
                    .thinkingBudget(1024); // up to 1,024 tokens of thinking; Gemini returns a summary of it
            CreateResult first = client.create(conversation.build());
            System.out.println("Thought summary: " + first.getThought());
            System.out.println("Answer: " + first.getContent());
            RequestUsage usage = first.getUsage();
            System.out.println("Tokens: " + usage.getPromptTokens() + " prompt, " + usage.getCompletionTokens()
                    + " completion, of which " + usage.getReasoningTokens() + " thinking");

            AssistantMessage answer = first.toAssistantMessage(); // keeps the thought signatures for the next turn
            System.out.println("Thought blocks sent back: " + answer.getThoughtBlocks().size());
            CreateResult second = client.create(conversation.message(answer).user("And the digit 0?").build());
            System.out.println("Follow-up: " + second.getContent());
        }
    }
}

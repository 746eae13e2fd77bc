package dev.switchboard.samples;

import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.java.SwitchboardClient;

/** The smallest useful program: one question, one answer, and what it cost. */
public final class Quickstart {
    private Quickstart() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        try (SwitchboardClient client = SampleClients.open("replay/quickstart.jsonl")) {
            CreateRequest request = CreateRequest.builder()
                    .system("You are a concise assistant.")
                    .user("In one sentence: why do JVM programs need a common client for language models?")
                    .build();

            CreateResult result = client.create(request);

            System.out.println("Answer: " + result.getContent());
            System.out.println("Finish reason: " + result.getFinishReason());
            System.out.println("Tokens: " + result.getUsage().getPromptTokens() + " prompt + "
                    + result.getUsage().getCompletionTokens() + " completion");
        }
    }
}

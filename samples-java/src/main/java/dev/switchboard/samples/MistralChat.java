package dev.switchboard.samples;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;
import dev.switchboard.mistral.MistralConfig;
import java.util.stream.Stream;

/**
 * Streams an answer from Mistral's native API with a fixed seed (sent as {@code random_seed}) and Mistral's safety
 * prompt switched on ({@code safe_prompt}), then prints the usage. Runs against Mistral when {@code MISTRAL_API_KEY}
 * is set ({@code MISTRAL_MODEL} picks the model, default {@code mistral-small-latest}), offline otherwise.
 */
public final class MistralChat {
    private MistralChat() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        try (SwitchboardClient client = SampleClients.open("replay/mistral-chat.jsonl", "MISTRAL_API_KEY", "Mistral",
                () -> Clients.mistral(SampleClients.env("MISTRAL_MODEL", "mistral-small-latest"),
                        MistralConfig.fromEnvironment().safePrompt(true).build()))) {
            CreateRequest request = CreateRequest.builder()
                    .user("Give three names for a lighthouse keeper's cat, comma-separated.")
                    .seed(7)
                    .temperature(0.7)
                    .build();
            try (Stream<ChatStreamEvent> events = client.createStreamBlocking(request)) {
                for (ChatStreamEvent event : (Iterable<ChatStreamEvent>) events::iterator) {
                    if (event instanceof ChatStreamEvent.TextDelta text) {
                        System.out.print(text.getText());
                    } else if (event instanceof ChatStreamEvent.Completed completed) {
                        CreateResult result = completed.getResult();
                        System.out.println();
                        System.out.println("Finish reason: " + result.getFinishReason() + ", tokens: "
                                + result.getUsage().getPromptTokens() + " prompt + " + result.getUsage().getCompletionTokens() + " completion");
                    }
                }
            }
        }
    }
}

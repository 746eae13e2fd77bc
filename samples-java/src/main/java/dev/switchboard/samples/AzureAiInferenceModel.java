package dev.switchboard.samples;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.ModelInfo;
import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;
import java.util.stream.Stream;

/**
 * Streams an answer from a model on GitHub Models through the Azure AI Inference API (the same API serves Azure AI
 * Foundry deployments: {@code Clients.azureAiInference(model, AzureAiInferenceConfig.fromEnvironment()...)}). The API
 * serves any model, so its capabilities are declared here. Runs against GitHub Models when {@code GITHUB_TOKEN} is set
 * ({@code GITHUB_MODEL} picks the model, default {@code openai/gpt-4o-mini}), offline otherwise.
 */
public final class AzureAiInferenceModel {
    private AzureAiInferenceModel() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        ModelInfo declared = ModelInfo.builder()
                .vision(true).functionCalling(true).jsonOutput(true).structuredOutput(true).family("gpt-4o")
                .build();
        try (SwitchboardClient client = SampleClients.open("replay/azure-ai-inference.jsonl", "GITHUB_TOKEN", "GitHub Models",
                () -> Clients.githubModels(SampleClients.env("GITHUB_MODEL", "openai/gpt-4o-mini"), declared));
             Stream<ChatStreamEvent> events = client.createStreamBlocking(CreateRequest.builder()
                     .user("List the four seasons, separated by commas.")
                     .build())) {
            events.forEach(event -> {
                if (event instanceof ChatStreamEvent.TextDelta delta) System.out.print(delta.getText());
                if (event instanceof ChatStreamEvent.Completed done) {
                    System.out.println();
                    System.out.println("Tokens: " + done.getResult().getUsage().getPromptTokens() + " prompt + "
                            + done.getResult().getUsage().getCompletionTokens() + " completion");
                }
            });
        }
    }
}

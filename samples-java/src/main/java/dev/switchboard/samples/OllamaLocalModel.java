package dev.switchboard.samples;

import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.ModelInfo;
import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;
import dev.switchboard.ollama.OllamaConfig;

/**
 * Talks to a model on a local Ollama server over Ollama's native API, after asking the server what the model can
 * do. Runs against the server {@code OLLAMA_HOST} names ({@code OLLAMA_MODEL} picks the model, default
 * {@code llama3.2}), offline otherwise.
 */
public final class OllamaLocalModel {
    private OllamaLocalModel() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        try (SwitchboardClient client = SampleClients.open("replay/ollama.jsonl", "OLLAMA_HOST", "Ollama",
                () -> Clients.ollamaDiscovered(SampleClients.env("OLLAMA_MODEL", "llama3.2"), OllamaConfig.fromEnvironment().build()).join())) {
            ModelInfo info = client.getModelInfo();
            System.out.println("Model: " + client.getModel() + " (tools: " + info.isFunctionCalling() + ", vision: " + info.isVision() + ")");
            CreateResult result = client.create(CreateRequest.builder()
                    .user("Name three rivers in France, comma-separated, nothing else.")
                    .temperature(0.0)
                    .build());
            System.out.println("Answer: " + result.getContent());
            System.out.println("Tokens: " + result.getUsage().getPromptTokens() + " prompt + " + result.getUsage().getCompletionTokens() + " completion");
        }
    }
}

package dev.switchboard.samples;

import dev.switchboard.CapabilityMissingException;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.GuidedDecoding;
import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;
import dev.switchboard.openai.InferenceProvider;
import dev.switchboard.openai.OpenAiCompatible;
import dev.switchboard.openai.OpenAiConfig;

/**
 * Calls an open model through the Hugging Face router, choosing who serves it: {@code HF_TOKEN} holds the token,
 * {@code HF_MODEL} picks the model (default {@code meta-llama/Llama-3.1-8B-Instruct}) and {@code HF_PROVIDER} the
 * provider or policy (default {@code cerebras}; {@code fastest}, {@code cheapest}, {@code together}...). Offline
 * without {@code HF_TOKEN}. Then shows that guided decoding by a regular expression, which the router does not take,
 * is refused before anything is sent.
 */
public final class HuggingFaceRouter {
    private HuggingFaceRouter() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        InferenceProvider provider = InferenceProvider.of(SampleClients.env("HF_PROVIDER", "cerebras"));
        String model = SampleClients.env("HF_MODEL", "meta-llama/Llama-3.1-8B-Instruct");
        try (SwitchboardClient client = SampleClients.open("replay/hugging-face.jsonl", "HF_TOKEN", "the Hugging Face router",
                () -> Clients.huggingFace(model, provider))) {
            System.out.println("Model id sent: " + provider.modelId(model));
            CreateResult result = client.create(CreateRequest.builder()
                    .user("Name the three planets closest to the Sun, comma-separated, nothing else.")
                    .temperature(0.0)
                    .build());
            System.out.println("Answer: " + result.getContent());
            System.out.println("Tokens: " + result.getUsage().getPromptTokens() + " prompt + " + result.getUsage().getCompletionTokens() + " completion");
        }

        // The router's client, with a placeholder token when none is set: the refusal below happens before any network call.
        String token = SampleClients.env("HF_TOKEN", "offline-placeholder");
        OpenAiConfig router = OpenAiCompatible.HUGGING_FACE.config().apiKey(token).build();
        try (SwitchboardClient client = Clients.openAi(provider.modelId(model), router)) {
            client.create(CreateRequest.builder()
                    .user("A phone number?")
                    .guidedDecoding(GuidedDecoding.regex("\\d{3}-\\d{4}"))
                    .build());
            System.out.println("Guided decoding: sent (unexpected)");
        } catch (CapabilityMissingException e) {
            System.out.println("Guided decoding by regex: refused before sending (" + e.getCapability() + ")");
        }
    }
}

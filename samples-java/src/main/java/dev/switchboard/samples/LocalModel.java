package dev.switchboard.samples;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.GuidedDecoding;
import dev.switchboard.java.LocalModels;
import dev.switchboard.java.SwitchboardClient;
import dev.switchboard.llamacpp.LlamaCppConfig;
import dev.switchboard.llamacpp.RandomGgufModel;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Runs a GGUF model in this process through llama.cpp: no server, no network. Uses the file that
 * {@code SWITCHBOARD_GGUF_MODEL} names; offline (without it) it generates a tiny model with random weights to a
 * temporary file and runs that for real, so its answers are noise, but the constrained answer is still one of the
 * choices: the grammar holds whatever the weights say.
 */
public final class LocalModel {
    private LocalModel() {
    }

    /**
     * Runs the sample, then ends the JVM: java-llama.cpp 4.1.0 attaches its task thread to the JVM as a non-daemon
     * thread and never detaches it, so a program that loaded a model does not end by itself.
     */
    public static void main(String[] args) {
        run();
        System.exit(0);
    }

    /** Runs the sample without ending the JVM. */
    static void run() {
        String file = System.getenv(LlamaCppConfig.MODEL_ENV);
        boolean offline = Boolean.getBoolean("switchboard.samples.offline") || file == null || file.isBlank();
        Path model;
        if (offline) {
            model = RandomGgufModel.writeTemp();
            System.out.println("Offline: running a tiny random model generated to " + model
                + " (set " + LlamaCppConfig.MODEL_ENV + " to a .gguf file to run a real one)");
        } else {
            model = Path.of(file.trim());
            System.out.println("Online: running " + model + " in process");
        }
        try (SwitchboardClient client = LocalModels.llamaCpp(LlamaCppConfig.builder(model).contextSize(2048).build())) {
            CreateResult verdict = client.create(CreateRequest.builder()
                .system("Answer with one word.")
                .user("Is the Seine longer than the Loire?")
                .guidedDecoding(GuidedDecoding.choice("yes", "no"))
                .build());
            System.out.println("Answer (yes or no): " + verdict.getContent());

            StringBuilder text = new StringBuilder();
            CreateResult streamed;
            try (Stream<ChatStreamEvent> events = client.createStreamBlocking(CreateRequest.builder()
                    .user("Name a river in France.")
                    .maxTokens(16)
                    .seed(42L)
                    .build())) {
                streamed = events.peek(e -> {
                    if (e instanceof ChatStreamEvent.TextDelta delta) text.append(delta.getText());
                }).reduce((first, second) -> second)
                    .map(e -> ((ChatStreamEvent.Completed) e).getResult())
                    .orElseThrow();
            }
            System.out.println("Streamed " + streamed.getUsage().getCompletionTokens() + " tokens (finish: "
                + streamed.getFinishReason() + "): " + text.toString().replaceAll("\\p{Cntrl}", " ").strip());
        }
    }
}

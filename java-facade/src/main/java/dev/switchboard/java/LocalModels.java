package dev.switchboard.java;

import dev.switchboard.llamacpp.LlamaCppChatCompletionClient;
import dev.switchboard.llamacpp.LlamaCppConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Factories of in-process GGUF models (llama.cpp through java-llama.cpp), apart from {@link Clients} because their
 * module is optional: {@code switchboard-java} does not bring {@code switchboard-llamacpp} and its native libraries
 * to every user. Add {@code dev.switchboard:switchboard-llamacpp} to the build to use them.
 */
public final class LocalModels {
    private LocalModels() {
    }

    /**
     * A client of the GGUF model in {@code modelFile}, run in this process by llama.cpp (no server), loaded now with
     * the defaults of {@code LlamaCppConfig}. Share it: each load takes the model's memory again.
     *
     * @throws dev.switchboard.NotFoundException when there is no such file; {@code BadRequestException} when it is
     *     not a GGUF model llama.cpp loads (both name the path).
     */
    public static SwitchboardClient llamaCpp(Path modelFile) {
        return Clients.wrap(LlamaCppChatCompletionClient.open(Objects.requireNonNull(modelFile, "modelFile")));
    }

    /**
     * A client of the GGUF model of {@code config} ({@code LlamaCppConfig.builder(path)} or
     * {@code LlamaCppConfig.fromEnvironment()}, which reads {@code SWITCHBOARD_GGUF_MODEL}), loaded now.
     *
     * @throws dev.switchboard.NotFoundException or {@code BadRequestException} as {@link #llamaCpp(Path)} does.
     */
    public static SwitchboardClient llamaCpp(LlamaCppConfig config) {
        return Clients.wrap(LlamaCppChatCompletionClient.open(Objects.requireNonNull(config, "config")));
    }
}

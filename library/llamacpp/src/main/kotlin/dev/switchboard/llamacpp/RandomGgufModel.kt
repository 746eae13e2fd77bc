package dev.switchboard.llamacpp

import dev.switchboard.llamacpp.internal.TinyGguf
import java.nio.file.Path

/**
 * A tiny GGUF model with random weights (llama architecture, 2 layers, a 64-wide embedding, a byte-level vocabulary of
 * 356 tokens, a ChatML template; about 0.5 MB), for tests and offline demos where no real model can be downloaded.
 * Its answers are noise, but everything around them is real: loading, the template, tokenising, streaming, sampling
 * with seeds, stop sequences, limits, and constraints, under which even noise comes out valid.
 */
public object RandomGgufModel {
    /** Writes the model, its weights drawn from [seed], to [path] and returns [path]. */
    @JvmStatic
    @JvmOverloads
    public fun write(path: Path, seed: Long = 7L): Path = TinyGguf.write(path, seed)

    /** Writes the model to a new temporary file, deleted when the JVM exits, and returns its path. */
    @JvmStatic
    public fun writeTemp(): Path = TinyGguf.writeTemp()
}

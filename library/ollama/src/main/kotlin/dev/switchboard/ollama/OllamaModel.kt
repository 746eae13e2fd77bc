package dev.switchboard.ollama

import java.time.Instant

/**
 * A model an Ollama server holds, as `/api/tags` lists it (see [OllamaChatCompletionClient.listModels]): its
 * [name] (what a client is created with, such as `llama3.2:latest`), size on disk, digest, and the details
 * Ollama read from its file. Fields the server did not send are null (empty for [families]).
 */
public class OllamaModel internal constructor(
    /** The name to create a client with, such as `llama3.2:latest`. */
    public val name: String,
    /** When the model was last pulled or changed, or null when the server did not say (or said it unreadably). */
    public val modifiedAt: Instant?,
    /** The size on disk in bytes (0 when unknown; a model hosted elsewhere takes none). */
    public val size: Long,
    /** The digest of the model's manifest. */
    public val digest: String?,
    /** The file format, such as `gguf`. */
    public val format: String?,
    /** The architecture family, such as `llama` or `qwen3`. */
    public val family: String?,
    /** Every family the model belongs to (a vision model adds its projector's, such as `clip`). */
    public val families: List<String>,
    /** The parameter count as Ollama writes it, such as `8.0B`. */
    public val parameterSize: String?,
    /** The quantization, such as `Q4_K_M`. */
    public val quantizationLevel: String?,
) {
    override fun equals(other: Any?): Boolean = other is OllamaModel && name == other.name && digest == other.digest &&
        size == other.size && modifiedAt == other.modifiedAt

    override fun hashCode(): Int = name.hashCode() * 31 + (digest?.hashCode() ?: 0)

    override fun toString(): String =
        "OllamaModel($name, family=$family, parameterSize=$parameterSize, quantization=$quantizationLevel, size=$size)"
}

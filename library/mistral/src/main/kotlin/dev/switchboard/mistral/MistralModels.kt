package dev.switchboard.mistral

import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo

/**
 * What Mistral's models can do: vision and the context window. Every chat model here calls tools and takes JSON
 * output and a JSON schema (`response_format`), so those capabilities are true for all; a model this table does not
 * know gets every capability ([MistralChatCompletionClient.create] says how to declare its real ones).
 *
 * A name matches an entry when it equals the entry or adds a version (`-2506`, `-24-09`) or `-latest` to it, so
 * `mistral-small-2506` and `mistral-small-latest` are `mistral-small`, and `magistral-medium-2507` is
 * `magistral-medium`. The output limit is not in the table: Mistral needs no `max_tokens` and the API knows each
 * model's own.
 */
public object MistralModels {
    private fun entry(vision: Boolean, context: Int?): ModelInfo = ModelInfo(vision, true, true, true, ModelFamily.MISTRAL, context)

    private val TABLE: Map<String, ModelInfo> = linkedMapOf(
        "mistral-large" to entry(true, 128_000),
        "mistral-medium" to entry(true, 128_000),
        "mistral-small" to entry(true, 128_000),
        "pixtral-large" to entry(true, 128_000),
        "pixtral-12b" to entry(true, 128_000),
        "magistral-medium" to entry(true, null),
        "magistral-small" to entry(true, null),
        "ministral-8b" to entry(false, 128_000),
        "ministral-3b" to entry(false, 128_000),
        "codestral" to entry(false, 256_000),
        "devstral-medium" to entry(false, 128_000),
        "devstral-small" to entry(false, 128_000),
        "open-mistral-nemo" to entry(false, 128_000),
    )

    /** What may follow a model's name: a version such as `2506` or `24-09`, or the `latest` alias. */
    private val VERSION = Regex("-(\\d{4}|\\d{2}-\\d{2}|latest)")

    /** The names this table knows, without versions. */
    @JvmStatic
    public val knownModels: Set<String> get() = TABLE.keys

    /** What [model] can do, or null when this table does not know it. Versioned names match their model. */
    @JvmStatic
    public fun info(model: String): ModelInfo? {
        val name = model.trim().lowercase()
        var best: String? = null
        for (key in TABLE.keys) {
            val matches = name == key || name.startsWith(key) && VERSION.matches(name.substring(key.length))
            if (matches && (best == null || key.length > best.length)) best = key
        }
        return best?.let { TABLE.getValue(it) }
    }

    /** Whether [model] is one of Mistral's reasoning models (Magistral), whose answers carry `thinking` chunks. */
    @JvmStatic
    public fun isReasoningModel(model: String): Boolean = model.trim().lowercase().startsWith("magistral")
}

package dev.switchboard.gemini

import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo

/**
 * What Google's Gemini models can do: context window and most output tokens. Every Gemini model here takes images,
 * calls functions and answers in JSON held to a schema (`responseSchema`).
 *
 * A name matches an entry when it equals the entry, adds a version suffix to it (`-001`, `-preview-09-2025`,
 * `-latest`), or carries the `models/` prefix of the Gemini API; so `gemini-2.5-flash-preview-09-2025` is
 * `gemini-2.5-flash`, and `gemini-2.5-flash-lite` is its own entry.
 */
public object GeminiModels {
    private fun entry(context: Int, output: Int): ModelInfo = ModelInfo(true, true, true, true, ModelFamily.GEMINI, context, output)

    private val TABLE: Map<String, ModelInfo> = linkedMapOf(
        "gemini-3-pro-preview" to entry(1_048_576, 65_536),
        "gemini-3-pro" to entry(1_048_576, 65_536),
        "gemini-3-flash-preview" to entry(1_048_576, 65_536),
        "gemini-3-flash" to entry(1_048_576, 65_536),
        "gemini-2.5-pro" to entry(1_048_576, 65_536),
        "gemini-2.5-flash" to entry(1_048_576, 65_536),
        "gemini-2.5-flash-lite" to entry(1_048_576, 65_536),
        "gemini-2.0-flash" to entry(1_048_576, 8_192),
        "gemini-2.0-flash-lite" to entry(1_048_576, 8_192),
    )

    /** What may follow a model's name: a version number, a preview date, `latest` or `exp`. */
    private val SUFFIX = Regex("(-\\d{3}|-preview(-\\d{2}-\\d{4}|-\\d{2}-\\d{2})?|-latest|-exp(-\\d{4})?)*")

    /** The names this table knows, without version suffixes. */
    @JvmStatic
    public val knownModels: Set<String> get() = TABLE.keys

    /** What [model] can do, or null when this table does not know it. */
    @JvmStatic
    public fun info(model: String): ModelInfo? {
        val name = model.trim().lowercase().removePrefix("models/").substringAfterLast("/models/")
        var best: String? = null
        for (key in TABLE.keys) {
            if ((name == key || name.startsWith(key) && SUFFIX.matches(name.substring(key.length))) && (best == null || key.length > best.length)) {
                best = key
            }
        }
        return best?.let { TABLE.getValue(it) }
    }
}

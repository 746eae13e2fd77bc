package dev.switchboard.openai

import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo

/**
 * What OpenAI's chat models can do: context window, most output tokens, vision, tool calling, JSON
 * output, structured output and family, as OpenAI's model pages give them.
 *
 * A name matches an entry when it equals the entry or extends it with `-` (a dated snapshot such as
 * `gpt-4o-2024-08-06`); the longest matching entry wins, so `gpt-4o-mini-2024-07-18` is `gpt-4o-mini`.
 */
public object OpenAiModels {
    private fun info(
        family: ModelFamily, context: Int, output: Int, vision: Boolean,
        tools: Boolean = true, json: Boolean = true, structured: Boolean = true,
    ): ModelInfo = ModelInfo(vision, tools, json, structured, family, context, output)

    private val TABLE: Map<String, ModelInfo> = linkedMapOf(
        "gpt-5" to info(ModelFamily.GPT_5, 400_000, 128_000, vision = true),
        "gpt-5-mini" to info(ModelFamily.GPT_5, 400_000, 128_000, vision = true),
        "gpt-5-nano" to info(ModelFamily.GPT_5, 400_000, 128_000, vision = true),
        "gpt-4.1" to info(ModelFamily.GPT_41, 1_047_576, 32_768, vision = true),
        "gpt-4.1-mini" to info(ModelFamily.GPT_41, 1_047_576, 32_768, vision = true),
        "gpt-4.1-nano" to info(ModelFamily.GPT_41, 1_047_576, 32_768, vision = true),
        "gpt-4o" to info(ModelFamily.GPT_4O, 128_000, 16_384, vision = true),
        "gpt-4o-2024-05-13" to info(ModelFamily.GPT_4O, 128_000, 4_096, vision = true, structured = false),
        "gpt-4o-mini" to info(ModelFamily.GPT_4O, 128_000, 16_384, vision = true),
        "chatgpt-4o-latest" to info(ModelFamily.GPT_4O, 128_000, 16_384, vision = true, tools = false, structured = false),
        "o1" to info(ModelFamily.O1, 200_000, 100_000, vision = true),
        "o1-mini" to info(ModelFamily.O1, 128_000, 65_536, vision = false, tools = false, json = false, structured = false),
        "o1-preview" to info(ModelFamily.O1, 128_000, 32_768, vision = false, tools = false, json = false, structured = false),
        "o3" to info(ModelFamily.O3, 200_000, 100_000, vision = true),
        "o3-mini" to info(ModelFamily.O3, 200_000, 100_000, vision = false),
        "o4-mini" to info(ModelFamily.O4, 200_000, 100_000, vision = true),
        "gpt-4-turbo" to info(ModelFamily.GPT_4, 128_000, 4_096, vision = true, structured = false),
        "gpt-4-turbo-preview" to info(ModelFamily.GPT_4, 128_000, 4_096, vision = false, structured = false),
        "gpt-4-1106-preview" to info(ModelFamily.GPT_4, 128_000, 4_096, vision = false, structured = false),
        "gpt-4-0125-preview" to info(ModelFamily.GPT_4, 128_000, 4_096, vision = false, structured = false),
        "gpt-4" to info(ModelFamily.GPT_4, 8_192, 8_192, vision = false, json = false, structured = false),
        "gpt-4-32k" to info(ModelFamily.GPT_4, 32_768, 32_768, vision = false, json = false, structured = false),
        "gpt-3.5-turbo" to info(ModelFamily.GPT_35, 16_385, 4_096, vision = false, structured = false),
    )

    /** The names this table knows, without dated snapshots. */
    @JvmStatic
    public val knownModels: Set<String> get() = TABLE.keys

    /**
     * What [model] can do, or null when this table does not know it. Dated snapshots match their model.
     */
    @JvmStatic
    public fun info(model: String): ModelInfo? {
        val name = model.trim().lowercase()
        var best: String? = null
        for (key in TABLE.keys) {
            if ((name == key || name.startsWith(key) && name.length > key.length && name[key.length] == '-') &&
                (best == null || key.length > best.length)
            ) {
                best = key
            }
        }
        return best?.let { TABLE.getValue(it) }
    }

    /**
     * The family of [model] guessed from its name, for models this table does not list (typically those
     * served by OpenAI-compatible servers): the part after the last `/` is matched against known names
     * (`gpt-4o…`, `o3…`, `llama…`, `gemini…`, `claude…`, `mistral…`, `deepseek…`, `qwen…`);
     * [ModelFamily.UNKNOWN] otherwise.
     */
    @JvmStatic
    public fun familyOf(model: String): ModelFamily {
        info(model)?.let { return it.family }
        val name = model.substringAfterLast('/').trim().lowercase()
        info(name)?.let { return it.family }
        return when {
            name.startsWith("llama") || name.startsWith("meta-llama") -> ModelFamily.LLAMA
            name.startsWith("gemini") -> ModelFamily.GEMINI
            name.startsWith("claude") -> ModelFamily.CLAUDE
            name.startsWith("mistral") || name.startsWith("magistral") || name.startsWith("ministral") ||
                name.startsWith("codestral") || name.startsWith("mixtral") || name.startsWith("pixtral") ||
                name.startsWith("devstral") -> ModelFamily.MISTRAL
            name.startsWith("deepseek") -> ModelFamily.DEEPSEEK
            name.startsWith("qwen") || name.startsWith("qwq") -> ModelFamily.QWEN
            else -> ModelFamily.UNKNOWN
        }
    }
}

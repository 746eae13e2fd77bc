package dev.switchboard.anthropic

import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo

/**
 * What Anthropic's Claude models can do: context window, most output tokens, vision, and whether the
 * model has the Messages API's native structured output (`output_config.format`) and extended thinking.
 *
 * Every Claude model here calls tools, and can therefore be held to a JSON schema: natively where
 * [hasNativeStructuredOutput] is true, through a forced tool call otherwise (see
 * [AnthropicChatCompletionClient]); so [ModelInfo.jsonOutput] and [ModelInfo.structuredOutput] are true for all.
 *
 * A name matches an entry when it equals the entry or adds a snapshot date or `-latest` to it (such as
 * `claude-sonnet-4-5-20250929` or `claude-3-7-sonnet-latest`); so `claude-opus-4-1-20250805` is
 * `claude-opus-4-1`, and a later `claude-opus-4-10` is not taken for `claude-opus-4`.
 */
public object AnthropicModels {
    /** An entry of the table. */
    private class Entry(val info: ModelInfo, val nativeStructuredOutput: Boolean, val thinking: Boolean)

    private fun entry(context: Int, output: Int, vision: Boolean = true, native: Boolean = false, thinking: Boolean = true): Entry =
        Entry(ModelInfo(vision, true, true, true, ModelFamily.CLAUDE, context, output), native, thinking)

    private val TABLE: Map<String, Entry> = run {
        val opus4 = entry(200_000, 32_000)
        val sonnet4 = entry(200_000, 64_000)
        linkedMapOf(
            "claude-opus-4-6" to entry(1_000_000, 128_000, native = true),
            "claude-sonnet-4-6" to entry(1_000_000, 128_000, native = true),
            "claude-opus-4-5" to entry(200_000, 64_000, native = true),
            "claude-sonnet-4-5" to entry(200_000, 64_000, native = true),
            "claude-haiku-4-5" to entry(200_000, 64_000, native = true),
            "claude-opus-4-1" to entry(200_000, 32_000),
            "claude-opus-4" to opus4,
            "claude-opus-4-0" to opus4,
            "claude-4-opus" to opus4,
            "claude-sonnet-4" to sonnet4,
            "claude-sonnet-4-0" to sonnet4,
            "claude-4-sonnet" to sonnet4,
            "claude-3-7-sonnet" to entry(200_000, 64_000),
            "claude-3-5-haiku" to entry(200_000, 8_192, vision = false, thinking = false),
            "claude-3-opus" to entry(200_000, 4_096, thinking = false),
            "claude-3-haiku" to entry(200_000, 4_096, thinking = false),
        )
    }

    /** What may follow a model's name: a snapshot date or the `latest` alias (so `claude-opus-4-10` is not `claude-opus-4`). */
    private val SNAPSHOT = Regex("-(\\d{8}|latest)")

    /** The most tokens a default output limit asks for, however many the model could produce. */
    internal const val DEFAULT_MAX_TOKENS_CAP: Int = 32_000

    /** The output limit for a model whose maximum is unknown. */
    internal const val FALLBACK_MAX_TOKENS: Int = 4_096

    /** The names this table knows, without dated snapshots. */
    @JvmStatic
    public val knownModels: Set<String> get() = TABLE.keys

    /** What [model] can do, or null when this table does not know it. Dated snapshots match their model. */
    @JvmStatic
    public fun info(model: String): ModelInfo? = lookup(model)?.info

    /**
     * Whether [model] takes a JSON schema natively (`output_config.format`); false for models this table
     * does not know, which then get structured output through a forced tool call.
     */
    @JvmStatic
    public fun hasNativeStructuredOutput(model: String): Boolean = lookup(model)?.nativeStructuredOutput ?: false

    /** Whether [model] can think before answering (extended thinking); null when this table does not know it. */
    @JvmStatic
    public fun supportsThinking(model: String): Boolean? = lookup(model)?.thinking

    /**
     * The `max_tokens` sent when a request sets none: the model's most output tokens, at most 32,000 (so an
     * unbounded answer does not run for many minutes), or 4,096 when the most is unknown.
     */
    @JvmStatic
    public fun defaultMaxTokens(info: ModelInfo): Int =
        minOf(info.maxOutputTokens ?: FALLBACK_MAX_TOKENS, DEFAULT_MAX_TOKENS_CAP)

    private fun lookup(model: String): Entry? {
        val name = model.trim().lowercase()
        var best: String? = null
        for (key in TABLE.keys) {
            if ((name == key || name.startsWith(key) && SNAPSHOT.matches(name.substring(key.length))) &&
                (best == null || key.length > best.length)
            ) {
                best = key
            }
        }
        return best?.let { TABLE.getValue(it) }
    }
}

package dev.switchboard.bedrock

import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo

/**
 * What the models Bedrock serves through Converse can do: vision, tool use, whether a structured answer can be
 * forced (Converse has no JSON mode: a JSON-schema answer is a forced call of a tool whose input schema is the
 * schema, which needs `toolChoice` `tool`, which Anthropic's, Amazon Nova's and Mistral Large's models take), the
 * family, and whether the model thinks with a budget (Claude 3.7 and 4).
 *
 * Model ids are looked up without their cross-region inference-profile prefix (`us.`, `eu.`, `apac.`, `global.`…)
 * and by their longest known start, so `us.anthropic.claude-sonnet-4-5-20250929-v1:0` is
 * `anthropic.claude-sonnet-4-5`. An ARN (a provisioned throughput, an application inference profile) names no
 * model: declare its capabilities with [BedrockConfig.Builder.modelInfo].
 */
public object BedrockModels {
    private class Entry(val info: ModelInfo, val thinking: Boolean)

    private val NOVA = ModelFamily.of("nova")
    private val COMMAND = ModelFamily.of("command")
    private val JAMBA = ModelFamily.of("jamba")
    private val GPT_OSS = ModelFamily.of("gpt-oss")
    private val PALMYRA = ModelFamily.of("palmyra")

    private fun e(family: ModelFamily, vision: Boolean, tools: Boolean, forced: Boolean, context: Int?, output: Int?, thinking: Boolean = false) =
        Entry(ModelInfo(vision, tools, forced, forced, family, context, output), thinking)

    private val TABLE: Map<String, Entry> = linkedMapOf(
        "anthropic.claude-opus-4-6" to e(ModelFamily.CLAUDE, true, true, true, 200_000, 128_000, thinking = true),
        "anthropic.claude-sonnet-4-6" to e(ModelFamily.CLAUDE, true, true, true, 200_000, 64_000, thinking = true),
        "anthropic.claude-opus-4-5" to e(ModelFamily.CLAUDE, true, true, true, 200_000, 64_000, thinking = true),
        "anthropic.claude-sonnet-4-5" to e(ModelFamily.CLAUDE, true, true, true, 200_000, 64_000, thinking = true),
        "anthropic.claude-haiku-4-5" to e(ModelFamily.CLAUDE, true, true, true, 200_000, 64_000, thinking = true),
        "anthropic.claude-opus-4-1" to e(ModelFamily.CLAUDE, true, true, true, 200_000, 32_000, thinking = true),
        "anthropic.claude-opus-4" to e(ModelFamily.CLAUDE, true, true, true, 200_000, 32_000, thinking = true),
        "anthropic.claude-sonnet-4" to e(ModelFamily.CLAUDE, true, true, true, 200_000, 64_000, thinking = true),
        "anthropic.claude-3-7-sonnet" to e(ModelFamily.CLAUDE, true, true, true, 200_000, 64_000, thinking = true),
        "anthropic.claude-3-5-sonnet" to e(ModelFamily.CLAUDE, true, true, true, 200_000, 8_192),
        "anthropic.claude-3-5-haiku" to e(ModelFamily.CLAUDE, false, true, true, 200_000, 8_192),
        "anthropic.claude-3-haiku" to e(ModelFamily.CLAUDE, true, true, true, 200_000, 4_096),
        "amazon.nova-premier" to e(NOVA, true, true, true, 1_000_000, 32_000),
        "amazon.nova-pro" to e(NOVA, true, true, true, 300_000, 10_000),
        "amazon.nova-lite" to e(NOVA, true, true, true, 300_000, 10_000),
        "amazon.nova-2-lite" to e(NOVA, true, true, true, 1_000_000, 64_000),
        "amazon.nova-micro" to e(NOVA, false, true, true, 128_000, 10_000),
        "meta.llama4-maverick" to e(ModelFamily.LLAMA, true, true, false, 1_000_000, 8_192),
        "meta.llama4-scout" to e(ModelFamily.LLAMA, true, true, false, 3_500_000, 8_192),
        "meta.llama3-3-70b" to e(ModelFamily.LLAMA, false, true, false, 128_000, 8_192),
        "meta.llama3-2-90b" to e(ModelFamily.LLAMA, true, true, false, 128_000, 8_192),
        "meta.llama3-2-11b" to e(ModelFamily.LLAMA, true, true, false, 128_000, 8_192),
        "meta.llama3-2-3b" to e(ModelFamily.LLAMA, false, false, false, 128_000, 8_192),
        "meta.llama3-2-1b" to e(ModelFamily.LLAMA, false, false, false, 128_000, 8_192),
        "meta.llama3-1" to e(ModelFamily.LLAMA, false, true, false, 128_000, 8_192),
        "mistral.pixtral-large" to e(ModelFamily.MISTRAL, true, true, true, 128_000, 8_192),
        "mistral.mistral-large" to e(ModelFamily.MISTRAL, false, true, true, 128_000, 8_192),
        "mistral.mistral-small" to e(ModelFamily.MISTRAL, false, true, false, 32_000, 8_192),
        "cohere.command-r-plus" to e(COMMAND, false, true, false, 128_000, 4_096),
        "cohere.command-r" to e(COMMAND, false, true, false, 128_000, 4_096),
        "ai21.jamba-1-5" to e(JAMBA, false, true, false, 256_000, 4_096),
        "deepseek.r1" to e(ModelFamily.DEEPSEEK, false, false, false, 128_000, 32_768),
        "deepseek.v3" to e(ModelFamily.DEEPSEEK, false, true, false, 128_000, 8_192),
        "openai.gpt-oss" to e(GPT_OSS, false, true, false, 128_000, 128_000),
        "qwen.qwen3" to e(ModelFamily.QWEN, false, true, false, 128_000, 8_192),
        "writer.palmyra" to e(PALMYRA, false, true, false, 128_000, 8_192),
    )

    private val PROFILE_PREFIXES = listOf("us-gov.", "us.", "eu.", "apac.", "global.", "jp.", "au.", "ca.")

    /** The starts of the model ids this table knows. */
    @JvmStatic
    public val knownModels: Set<String> get() = TABLE.keys

    /** What [model] can do, or null when this table does not know it (or [model] is an ARN). */
    @JvmStatic
    public fun info(model: String): ModelInfo? = lookup(model)?.info

    /** Whether [model] thinks with a budget (Claude 3.7 Sonnet and Claude 4); null when this table does not know it. */
    @JvmStatic
    public fun supportsThinking(model: String): Boolean? = lookup(model)?.thinking

    /** Whether [model] is one of Anthropic's (its model-specific fields are Anthropic's, such as `top_k` and `thinking`). */
    @JvmStatic
    public fun isAnthropic(model: String): Boolean = baseId(model).startsWith("anthropic.")

    /** [model] without its cross-region inference-profile prefix, in lower case. */
    internal fun baseId(model: String): String {
        val id = model.trim().lowercase()
        for (p in PROFILE_PREFIXES) if (id.startsWith(p)) return id.substring(p.length)
        return id
    }

    private fun lookup(model: String): Entry? {
        val id = baseId(model)
        var best: String? = null
        for (key in TABLE.keys) {
            if (id.startsWith(key) && (id.length == key.length || id[key.length] == '-' || id[key.length] == ':') &&
                (best == null || key.length > best.length)
            ) {
                best = key
            }
        }
        return best?.let { TABLE.getValue(it) }
    }
}

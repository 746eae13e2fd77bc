package dev.switchboard.cohere

import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo

/**
 * What Cohere's Command models can do: vision, tool calls, the context window and the most output tokens. Every
 * model here takes JSON output and a JSON schema (`response_format`); a model this table does not know gets every
 * capability ([CohereChatCompletionClient.create] says how to declare its real ones).
 *
 * A name matches an entry when it equals the entry or adds a version date (`-08-2024`, `-03-2025`) to it.
 */
public object CohereModels {
    /** The family of Cohere's Command models. */
    @JvmField
    public val COMMAND: ModelFamily = ModelFamily.of("command")

    private fun entry(vision: Boolean, tools: Boolean, context: Int, output: Int): ModelInfo =
        ModelInfo(vision, tools, true, true, COMMAND, context, output)

    private val TABLE: Map<String, ModelInfo> = linkedMapOf(
        "command-a-reasoning" to entry(false, true, 256_000, 32_000),
        "command-a-vision" to entry(true, false, 128_000, 8_000),
        "command-a-translate" to entry(false, false, 8_000, 8_000),
        "command-a" to entry(false, true, 256_000, 8_000),
        "command-r7b" to entry(false, true, 128_000, 4_000),
        "command-r-plus" to entry(false, true, 128_000, 4_000),
        "command-r" to entry(false, true, 128_000, 4_000),
    )

    private val VERSION = Regex("-\\d{2}-\\d{4}")

    /** The names this table knows, without versions. */
    @JvmStatic
    public val knownModels: Set<String> get() = TABLE.keys

    /** What [model] can do, or null when this table does not know it. Versioned names match their model. */
    @JvmStatic
    public fun info(model: String): ModelInfo? {
        val name = model.trim().lowercase()
        val key = TABLE.keys.filter { name == it || name.startsWith(it) && VERSION.matches(name.substring(it.length)) }.maxByOrNull { it.length }
        return key?.let { TABLE.getValue(it) }
    }
}

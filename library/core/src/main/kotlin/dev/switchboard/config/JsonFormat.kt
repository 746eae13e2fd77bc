package dev.switchboard.config

import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement

/** JSON documents, parsed strictly (no comments, no trailing commas). */
internal object JsonFormat : ConfigFormat {
    override val name: String = "json"
    override val extensions: List<String> = listOf("json")
    private val json = Json { isLenient = false }

    override fun parse(text: String, source: String): JsonElement = try {
        json.parseToJsonElement(text)
    } catch (e: SerializationException) {
        // kotlinx.serialization's message quotes the input near the error, which may hold a key: give the offset only.
        val offset = Regex("at offset (\\d+)|at position (\\d+)").find(e.message ?: "")?.groupValues?.drop(1)?.firstOrNull { it.isNotEmpty() }
        throw ConfigException(ConfigNode.ROOT, "not well-formed JSON" + (offset?.let { " (at character $it)" } ?: ""), source)
    }
}

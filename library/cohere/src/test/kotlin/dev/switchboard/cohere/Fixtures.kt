package dev.switchboard.cohere

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.spi.StreamFrame
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject

/** The vendored recordings in src/test/resources/fixtures. */
internal object Fixtures {
    val streams: List<String> = listOf(
        "cohere-text.chunks.txt", "cohere-tool-call.chunks.txt", "cohere-reasoning.chunks.txt", "cohere-citations.chunks.txt",
    )

    fun text(name: String): String = checkNotNull(Fixtures::class.java.getResource("/fixtures/$name")) { "missing fixture $name" }.readText()

    fun lines(name: String): List<String> = text(name).lines().filter { it.isNotBlank() }

    fun frames(name: String): List<StreamFrame> = lines(name).map { StreamFrame(null, it) }

    fun sseBody(name: String): String = lines(name).joinToString("") { "data: $it\n\n" }

    /** The payloads as plain JSON trees, for expected values read independently of the decoder. */
    fun payloads(name: String): List<JsonObject> = lines(name).map { Json.parseToJsonElement(it).jsonObject }

    /** The `delta.message.<path>` strings of the events of [type], joined. */
    fun joined(name: String, type: String, vararg path: String): String = payloads(name).filter { it.str("type") == type }.joinToString("") { p ->
        var node: JsonObject = p["delta"]!!.jsonObject["message"]!!.jsonObject
        for (key in path.dropLast(1)) node = node[key]!!.jsonObject
        node.str(path.last()) ?: ""
    }

    class Decoded(val events: List<ChatStreamEvent>, val result: CreateResult)

    fun decode(frames: List<StreamFrame>): Decoded {
        val decoder = CohereStreamDecoder("cohere", "req_test")
        val events = ArrayList<ChatStreamEvent>()
        var terminated = false
        for (f in frames) if (decoder.decode(f, events)) { terminated = true; break }
        return Decoded(events, decoder.finish(terminated))
    }

    fun JsonObject.str(key: String): String? = (this[key] as? JsonPrimitive)?.takeIf { it.isString }?.content
}

package dev.switchboard.openai

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.spi.StreamFrame
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject

/** The vendored recordings in src/test/resources/fixtures, read as SSE frames. */
internal object Fixtures {
    fun text(name: String): String =
        checkNotNull(Fixtures::class.java.getResource("/fixtures/$name")) { "missing fixture $name" }.readText()

    /** The frames of a fixture: a raw `.sse` body, or a `.chunks.txt` file replayed with a final `[DONE]`. */
    fun frames(name: String): List<StreamFrame> {
        val body = text(name)
        return if (name.endsWith(".sse")) parseSse(body) else chunkLines(body).map { StreamFrame(null, it) } + StreamFrame(null, "[DONE]")
    }

    fun chunkLines(body: String): List<String> = body.lines().filter { it.isNotBlank() }

    /** A minimal SSE reader (event and data fields; blank line ends an event), independent of the transport's. */
    fun parseSse(body: String): List<StreamFrame> {
        val out = ArrayList<StreamFrame>()
        var event: String? = null
        val data = ArrayList<String>()
        for (line in body.replace("\r\n", "\n").split('\n')) {
            if (line.isEmpty()) {
                if (data.isNotEmpty()) out += StreamFrame(event, data.joinToString("\n"))
                event = null
                data.clear()
                continue
            }
            val colon = line.indexOf(':')
            if (colon == 0) continue
            val field = if (colon < 0) line else line.substring(0, colon)
            var value = if (colon < 0) "" else line.substring(colon + 1)
            if (value.startsWith(" ")) value = value.substring(1)
            when (field) {
                "data" -> data += value
                "event" -> event = value
            }
        }
        if (data.isNotEmpty()) out += StreamFrame(event, data.joinToString("\n"))
        return out
    }

    class Decoded(val events: List<ChatStreamEvent>, val result: CreateResult, val terminatedAt: Int)

    /** Runs [frames] through a fresh decoder, as the client does, and finishes it. */
    fun decode(frames: List<StreamFrame>, provider: String = "openai"): Decoded {
        val decoder = ChatStreamDecoder(provider, "req_test")
        val events = ArrayList<ChatStreamEvent>()
        var terminated = false
        var at = -1
        for ((i, f) in frames.withIndex()) {
            if (decoder.decode(f, events)) {
                terminated = true
                at = i
                break
            }
        }
        return Decoded(events, decoder.finish(terminated), at)
    }

    // ---- an independent reading of the fixtures, through a plain JSON tree, for the expected values

    private fun payloads(name: String): List<JsonObject> =
        frames(name).map { it.data }.filter { it != "[DONE]" }.map { Json.parseToJsonElement(it).jsonObject }

    private fun str(e: JsonElement?): String? = (e as? JsonPrimitive)?.takeIf { e !is JsonNull && it.isString }?.content

    /** The concatenation of `delta.<field>` strings of choice [choice] across the fixture, or null if never present. */
    fun concatenated(name: String, field: String, choice: Int = 0): String? {
        var sb: StringBuilder? = null
        for (p in payloads(name)) {
            for (c in (p["choices"] as? JsonArray).orEmpty()) {
                val o = c.jsonObject
                if ((o["index"] as JsonPrimitive).content.toInt() != choice) continue
                str(o["delta"]?.jsonObject?.get(field))?.let { (sb ?: StringBuilder().also { b -> sb = b }).append(it) }
            }
        }
        return sb?.toString()
    }

    /** The entries of the `logprobs.<field>` arrays of choice [choice] across the fixture, in order. */
    fun logprobs(name: String, field: String, choice: Int = 0): JsonArray = JsonArray(
        payloads(name).flatMap { p ->
            (p["choices"] as? JsonArray).orEmpty().map { it.jsonObject }
                .filter { (it["index"] as JsonPrimitive).content.toInt() == choice }
                .flatMap { ((it["logprobs"] as? JsonObject)?.get(field) as? JsonArray).orEmpty() }
        },
    )

    /** The last non-null `usage` object of the fixture. */
    fun usage(name: String): JsonObject? = payloads(name).mapNotNull { it["usage"] as? JsonObject }.lastOrNull()

    fun int(o: JsonObject?, vararg path: String): Int {
        var e: JsonElement? = o
        for (p in path) e = (e as? JsonObject)?.get(p)
        return (e as? JsonPrimitive)?.content?.toInt() ?: 0
    }

    /** The number of non-empty `delta.content` strings for [choice]. */
    fun contentDeltaCount(name: String, choice: Int = 0): Int = payloads(name).sumOf { p ->
        (p["choices"] as? JsonArray).orEmpty().count { c ->
            val o = c.jsonObject
            (o["index"] as JsonPrimitive).content.toInt() == choice && !str(o["delta"]?.jsonObject?.get("content")).isNullOrEmpty()
        }
    }
}

package dev.switchboard.gemini

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.spi.StreamFrame
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject

/** The vendored recordings in src/test/resources/fixtures: one stream chunk per line. */
internal object Fixtures {
    val all: List<String> = listOf(
        "google-text.chunks.txt", "google-reasoning.chunks.txt", "google-tool-call.chunks.txt", "google-stream-tool-call-arguments.chunks.txt",
    )

    fun lines(name: String): List<String> =
        checkNotNull(Fixtures::class.java.getResource("/fixtures/$name")) { "missing fixture $name" }.readText().lines().filter { it.isNotBlank() }

    fun frames(name: String): List<StreamFrame> = lines(name).map { StreamFrame(null, it) }

    /** The fixture as the SSE body a server sends. */
    fun sseBody(name: String): String = lines(name).joinToString("") { "data: $it\n\n" }

    class Decoded(val events: List<ChatStreamEvent>, val result: CreateResult)

    /** Runs [frames] through a fresh decoder, as the client does, and finishes it. */
    fun decode(frames: List<StreamFrame>): Decoded {
        val decoder = GenerateContentStreamDecoder("gemini", "req_test")
        val events = ArrayList<ChatStreamEvent>()
        var terminated = false
        for (f in frames) if (decoder.decode(f, events)) terminated = true
        return Decoded(events, decoder.finish(terminated))
    }

    // ---- an independent reading of the fixtures, through a plain JSON tree, for the expected values

    fun chunks(name: String): List<JsonObject> = lines(name).map { Json.parseToJsonElement(it).jsonObject }

    /** Every part of candidate 0, in order. */
    fun parts(name: String): List<JsonObject> = chunks(name).flatMap { c ->
        c["candidates"]?.jsonArray?.flatMap { it.jsonObject["content"]?.jsonObject?.get("parts")?.jsonArray.orEmpty() }.orEmpty().map { it.jsonObject }
    }

    fun string(o: JsonObject?, key: String): String? = (o?.get(key) as? kotlinx.serialization.json.JsonPrimitive)?.content

    fun lastUsage(name: String): JsonObject = chunks(name).last()["usageMetadata"]!!.jsonObject
}

package dev.switchboard.mistral

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.spi.StreamFrame
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject

/** The vendored recordings in src/test/resources/fixtures: one `data:` payload per line, replayed with `[DONE]` after them. */
internal object Fixtures {
    val all: List<String> = listOf(
        "mistral-text.chunks.txt",
        "mistral-tool-call.chunks.txt",
        "mistral-incremental-tool-call.chunks.txt",
        "mistral-reasoning.chunks.txt",
    )

    fun lines(name: String): List<String> =
        checkNotNull(Fixtures::class.java.getResource("/fixtures/$name")) { "missing fixture $name" }.readText().lines().filter { it.isNotBlank() }

    /** The fixture's payloads as frames, followed by the `[DONE]` Mistral ends every stream with (the files leave it out). */
    fun frames(name: String, done: Boolean = true): List<StreamFrame> =
        lines(name).map { StreamFrame(null, it) } + if (done) listOf(StreamFrame(null, "[DONE]")) else emptyList()

    /** The fixture as the SSE body Mistral sends. */
    fun sseBody(name: String): String = lines(name).joinToString("") { "data: $it\n\n" } + "data: [DONE]\n\n"

    /** The payloads read as plain JSON trees, for expected values independent of the decoder. */
    fun payloads(name: String): List<JsonObject> = lines(name).map { Json.parseToJsonElement(it).jsonObject }

    class Decoded(val events: List<ChatStreamEvent>, val result: CreateResult)

    /** Runs [frames] through a fresh decoder, as the client does, and finishes it. */
    fun decode(frames: List<StreamFrame>): Decoded {
        val decoder = MistralStreamDecoder("mistral", "req_test")
        val events = ArrayList<ChatStreamEvent>()
        var terminated = false
        for (f in frames) if (decoder.decode(f, events)) { terminated = true; break }
        return Decoded(events, decoder.finish(terminated))
    }
}

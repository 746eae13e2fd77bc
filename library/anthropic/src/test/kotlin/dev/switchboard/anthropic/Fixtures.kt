package dev.switchboard.anthropic

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.spi.StreamFrame
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

/** The vendored recordings in src/test/resources/fixtures, read as SSE frames. */
internal object Fixtures {
    /** Every recorded stream. */
    val all: List<String> = listOf(
        "anthropic-sdk-python.basic_response.sse",
        "anthropic-sdk-python.tool_use_response.sse",
        "anthropic-sdk-python.incomplete_partial_json_response.sse",
        "anthropic-text.chunks.txt",
        "anthropic-clear-thinking.1.chunks.txt",
        "anthropic-json-tool.1.chunks.txt",
        "anthropic-tool-no-args.chunks.txt",
        "anthropic-refusal.chunks.txt",
        "anthropic-message-delta-input-tokens.chunks.txt",
    )

    fun text(name: String): String =
        checkNotNull(Fixtures::class.java.getResource("/fixtures/$name")) { "missing fixture $name" }.readText()

    /** The frames of a fixture: a raw `.sse` body, or a `.chunks.txt` file with each line's type as the event name. */
    fun frames(name: String): List<StreamFrame> {
        val body = text(name)
        return if (name.endsWith(".sse")) parseSse(body) else chunkLines(body).map { StreamFrame(type(it), it) }
    }

    /**
     * The fixture as the SSE body a server sends: `.sse` files as they are, except that the blank line ending
     * the last event, which the stored files lack, is put back; `.chunks.txt` with `event:` lines.
     */
    fun sseBody(name: String): String {
        val body = text(name)
        if (name.endsWith(".sse")) return body.trimEnd('\n') + "\n\n"
        return chunkLines(body).joinToString("") { "event: ${type(it)}\ndata: $it\n\n" }
    }

    fun chunkLines(body: String): List<String> = body.lines().filter { it.isNotBlank() }

    private fun type(line: String): String = Json.parseToJsonElement(line).jsonObject["type"]!!.jsonPrimitive.content

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
    fun decode(frames: List<StreamFrame>, answerTool: String? = null): Decoded {
        val decoder = MessagesStreamDecoder("anthropic", "req_test", answerTool)
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

    private fun payloads(name: String): List<JsonObject> = frames(name).map { Json.parseToJsonElement(it.data).jsonObject }

    /** The concatenation of the `delta.<field>` strings of `content_block_delta` events whose delta is of [deltaType]. */
    fun concatenated(name: String, deltaType: String, field: String): String = payloads(name)
        .filter { it.str("type") == "content_block_delta" }
        .map { it["delta"]!!.jsonObject }
        .filter { it.str("type") == deltaType }
        .joinToString("") { it.str(field) ?: "" }

    /** The `input_json_delta` fragments of block [index], joined. */
    fun toolInput(name: String, index: Int): String = payloads(name)
        .filter { it.str("type") == "content_block_delta" && it["index"]!!.jsonPrimitive.int == index }
        .joinToString("") { it["delta"]!!.jsonObject.str("partial_json") ?: "" }

    /** The content blocks started, by index: their `content_block` objects. */
    fun startedBlocks(name: String): Map<Int, JsonObject> = payloads(name)
        .filter { it.str("type") == "content_block_start" }
        .associate { it["index"]!!.jsonPrimitive.int to it["content_block"]!!.jsonObject }

    /** The usage field [field]: the last `message_delta`'s value if it has one, else the `message_start`'s. */
    fun usage(name: String, field: String): Int {
        val p = payloads(name)
        val delta = p.lastOrNull { it.str("type") == "message_delta" }?.get("usage")?.jsonObject?.get(field)
        val start = p.first { it.str("type") == "message_start" }["message"]!!.jsonObject["usage"]?.jsonObject?.get(field)
        return ((delta as? JsonPrimitive) ?: (start as? JsonPrimitive))?.content?.toIntOrNull() ?: 0
    }

    fun stopReason(name: String): String? =
        payloads(name).last { it.str("type") == "message_delta" }["delta"]!!.jsonObject.str("stop_reason")

    fun messageStart(name: String): JsonObject = payloads(name).first { it.str("type") == "message_start" }["message"]!!.jsonObject

    private fun JsonObject.str(key: String): String? = (this[key] as? JsonPrimitive)?.takeIf { it.isString }?.content
}

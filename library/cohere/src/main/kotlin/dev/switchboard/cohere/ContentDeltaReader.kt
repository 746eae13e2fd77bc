package dev.switchboard.cohere

import dev.switchboard.spi.JsonBytesReader
import dev.switchboard.spi.SwitchboardSpi

/**
 * Reads the event that makes up nearly all of a streamed v2 chat answer straight from its UTF-8 bytes:
 * `{"type":"content-delta","index":N,"delta":{"message":{"content":{"text":"..."}}}}`, its members in any order, with
 * any JSON whitespace and escapes; members the DTOs do not know are passed over. Anything else (another event type, a
 * thinking piece, a tool plan or call, a citation, a finish reason, usage, an error, an `id`, a member given twice, a
 * `null` where text is, malformed JSON) makes [read] return false, and the stream decoder reads that event with its
 * DTOs, which also report what is malformed. Not thread-safe: one per stream.
 */
@OptIn(SwitchboardSpi::class)
internal class ContentDeltaReader : JsonBytesReader() {
    /** The content block's index, after a [read] that returned true. */
    var index: Int = -1
        private set

    /** The piece of text, after a [read] that returned true. */
    var text: String = ""
        private set

    /** Reads [json], one event's data; true when it is a text delta of the shape above. */
    fun read(json: ByteArray): Boolean = reading(json) { event() }

    private fun event(): Boolean {
        ws()
        if (!eat('{')) return false
        var seen = 0
        val ok = members { start, len ->
            val bit = when {
                isKey(start, len, TYPE) -> 1
                isKey(start, len, INDEX) -> 2
                isKey(start, len, DELTA) -> 4
                isKey(start, len, ID) -> return false
                else -> 0
            }
            if (seen and bit != 0) return false
            seen = seen or bit
            when (bit) {
                1 -> stringIs(CONTENT_DELTA)
                2 -> smallInt().also { index = it } >= 0
                4 -> objectWith(MESSAGE, DELTA_KEYS) { objectWith(CONTENT, MESSAGE_KEYS) { text() } }
                else -> skip()
            }
        }
        if (!ok || seen != 7) return false
        ws()
        return p == n
    }

    /** The content object: exactly one member, `text`, a string (the decoder reads this object as a JSON tree). */
    private fun text(): Boolean {
        if (!eat('{')) return false
        ws()
        val start = keyStart()
        if (start < 0 || !isKey(start, p - 1 - start, TEXT)) return false
        ws()
        if (!eat(':')) return false
        ws()
        text = string() ?: return false
        ws()
        return eat('}')
    }

    private companion object {
        val TYPE = "type".encodeToByteArray()
        val INDEX = "index".encodeToByteArray()
        val DELTA = "delta".encodeToByteArray()
        val ID = "id".encodeToByteArray()
        val MESSAGE = "message".encodeToByteArray()
        val CONTENT = "content".encodeToByteArray()
        val TEXT = "text".encodeToByteArray()
        val CONTENT_DELTA = "content-delta".encodeToByteArray()
        val DELTA_KEYS = listOf("finish_reason", "usage", "error").map { it.encodeToByteArray() }
        val MESSAGE_KEYS = listOf("tool_plan", "tool_calls", "citations").map { it.encodeToByteArray() }
    }
}

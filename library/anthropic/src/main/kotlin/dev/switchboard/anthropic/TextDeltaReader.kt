package dev.switchboard.anthropic

import dev.switchboard.spi.JsonBytesReader
import dev.switchboard.spi.SwitchboardSpi

/**
 * Reads the event that makes up nearly all of a streamed message, a `content_block_delta` with a `text_delta`, straight
 * from its UTF-8 bytes: `{"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"..."}}`, its
 * members in any order, with any JSON whitespace and escapes in the text. Anything else (another event or delta type,
 * a member it does not know, one given twice, a `null`, malformed JSON) makes [read] return false, and the stream
 * decoder then reads the event with its DTOs, which also report what is malformed. Not thread-safe: one per stream.
 */
@OptIn(SwitchboardSpi::class)
internal class TextDeltaReader : JsonBytesReader() {
    /** The content block's index, after a [read] that returned true. */
    var index: Int = -1
        private set

    /** The delta's text, after a [read] that returned true. */
    var text: String = ""
        private set

    /** Reads [json], one event's data; true when it is a text delta of the shape above. */
    fun read(json: ByteArray): Boolean = reading(json) { event() }

    private fun event(): Boolean {
        ws()
        if (!eat('{')) return false
        var seen = 0
        val ok = members { start, len ->
            when {
                isKey(start, len, TYPE) -> seen and 1 == 0 && stringIs(CONTENT_BLOCK_DELTA).also { seen = seen or 1 }
                isKey(start, len, INDEX) -> seen and 2 == 0 && smallInt().let { index = it; seen = seen or 2; it >= 0 }
                isKey(start, len, DELTA) -> seen and 4 == 0 && delta().also { seen = seen or 4 }
                else -> false
            }
        }
        if (!ok || seen != 7) return false
        ws()
        return p == n
    }

    private fun delta(): Boolean {
        if (!eat('{')) return false
        var seen = 0
        return members { start, len ->
            when {
                isKey(start, len, TYPE) -> seen and 1 == 0 && stringIs(TEXT_DELTA).also { seen = seen or 1 }
                isKey(start, len, TEXT) -> seen and 2 == 0 && string()?.also { text = it; seen = seen or 2 } != null
                else -> false
            }
        } && seen == 3
    }

    private companion object {
        val TYPE = "type".encodeToByteArray()
        val INDEX = "index".encodeToByteArray()
        val DELTA = "delta".encodeToByteArray()
        val TEXT = "text".encodeToByteArray()
        val CONTENT_BLOCK_DELTA = "content_block_delta".encodeToByteArray()
        val TEXT_DELTA = "text_delta".encodeToByteArray()
    }
}

package dev.switchboard.bedrock

import dev.switchboard.spi.JsonBytesReader
import dev.switchboard.spi.SwitchboardSpi

/**
 * Reads the payload that makes up nearly all of a `ConverseStream` answer, a `contentBlockDelta` event's text, straight
 * from its UTF-8 bytes: `{"contentBlockIndex":N,"delta":{"text":"..."},"p":"..."}`, its members in any order, with any
 * JSON whitespace and escapes; members the DTOs do not know (the padding `p`) are passed over. Anything else (a tool
 * input or reasoning delta, a member given twice, a `null` where text is, malformed JSON) makes [read] return false,
 * and the stream decoder reads that event with its DTOs, which also report what is malformed. Not thread-safe.
 */
@OptIn(SwitchboardSpi::class)
internal class TextDeltaReader : JsonBytesReader() {
    /** The content block's index, after a [read] that returned true. */
    var index: Int = -1
        private set

    /** The delta's text, after a [read] that returned true. */
    var text: String = ""
        private set

    /** Reads [json], one `contentBlockDelta` payload; true when it is a text delta of the shape above. */
    fun read(json: ByteArray): Boolean = reading(json) { event() }

    private fun event(): Boolean {
        ws()
        if (!eat('{')) return false
        var seen = 0
        val ok = members { start, len ->
            val bit = when {
                isKey(start, len, CONTENT_BLOCK_INDEX) -> 1
                isKey(start, len, DELTA) -> 2
                EVENT_KEYS.any { isKey(start, len, it) } -> return false
                else -> 0
            }
            if (seen and bit != 0) return false
            seen = seen or bit
            when (bit) {
                1 -> smallInt().also { index = it } >= 0
                2 -> objectWith(TEXT, DELTA_KEYS) { string()?.also { text = it } != null }
                else -> skip()
            }
        }
        if (!ok || seen != 3) return false
        ws()
        return p == n
    }

    private companion object {
        val CONTENT_BLOCK_INDEX = "contentBlockIndex".encodeToByteArray()
        val DELTA = "delta".encodeToByteArray()
        val TEXT = "text".encodeToByteArray()
        val DELTA_KEYS = listOf("toolUse", "reasoningContent").map { it.encodeToByteArray() }
        val EVENT_KEYS = listOf("role", "start", "stopReason", "usage", "trace", "message").map { it.encodeToByteArray() }
    }
}

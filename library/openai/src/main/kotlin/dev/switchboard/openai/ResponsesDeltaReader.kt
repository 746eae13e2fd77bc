package dev.switchboard.openai

import dev.switchboard.spi.JsonBytesReader
import dev.switchboard.spi.SwitchboardSpi

/**
 * Reads the event that makes up nearly all of a streamed Responses API call, a `response.output_text.delta`, straight
 * from its UTF-8 bytes: its `output_index`, `content_index` (0 when absent) and `delta`; `item_id` and members the
 * event DTO does not know (`sequence_number`, `obfuscation`) are passed over, `logprobs` only when empty. Anything
 * else (another event type, no `output_index`, a `null` where text or a number is, a member given twice, log
 * probabilities, malformed JSON) makes [read] return false, and the stream decoder reads that event with its DTOs,
 * which also report what is malformed. Not thread-safe: one per stream.
 */
@OptIn(SwitchboardSpi::class)
internal class ResponsesDeltaReader : JsonBytesReader() {
    /** The event's `output_index`, after a [read] that returned true. */
    var outputIndex: Int = -1
        private set

    /** The event's `content_index` (0 when it has none), after a [read] that returned true. */
    var contentIndex: Int = 0
        private set

    /** The event's text, after a [read] that returned true. */
    var delta: String = ""
        private set

    /** Reads [json], one event's data; true when it is a text delta of the shape above. */
    fun read(json: ByteArray): Boolean = reading(json) { event() }

    private fun event(): Boolean {
        ws()
        if (!eat('{')) return false
        contentIndex = 0
        var seen = 0
        val ok = members { start, len ->
            // each member once: the bit of a member seen before fails the event
            val bit = when {
                isKey(start, len, TYPE) -> 1
                isKey(start, len, OUTPUT_INDEX) -> 2
                isKey(start, len, DELTA) -> 4
                isKey(start, len, CONTENT_INDEX) -> 8
                isKey(start, len, ITEM_ID) -> 16
                isKey(start, len, LOGPROBS) -> 32
                // members the DTO reads, which this event does not carry: the DTOs judge them
                DTO_KEYS.any { isKey(start, len, it) } -> return false
                else -> 0
            }
            if (seen and bit != 0) return false
            seen = seen or bit
            when (bit) {
                1 -> stringIs(OUTPUT_TEXT_DELTA)
                2 -> smallInt().also { outputIndex = it } >= 0
                4 -> string()?.also { delta = it } != null
                8 -> smallInt().also { contentIndex = it } >= 0
                16 -> string() != null || nullValue()
                32 -> emptyArray()
                else -> skip()
            }
        }
        if (!ok || seen and 7 != 7) return false
        ws()
        return p == n
    }

    private fun emptyArray(): Boolean {
        if (!eat('[')) return false
        ws()
        return eat(']')
    }

    private companion object {
        val TYPE = "type".encodeToByteArray()
        val OUTPUT_INDEX = "output_index".encodeToByteArray()
        val CONTENT_INDEX = "content_index".encodeToByteArray()
        val DELTA = "delta".encodeToByteArray()
        val ITEM_ID = "item_id".encodeToByteArray()
        val LOGPROBS = "logprobs".encodeToByteArray()
        val OUTPUT_TEXT_DELTA = "response.output_text.delta".encodeToByteArray()
        val DTO_KEYS = listOf("response", "item", "summary_index", "text", "arguments", "error", "code", "message").map { it.encodeToByteArray() }
    }
}

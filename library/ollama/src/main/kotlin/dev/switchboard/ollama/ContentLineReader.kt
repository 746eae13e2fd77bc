package dev.switchboard.ollama

import dev.switchboard.spi.JsonBytesReader
import dev.switchboard.spi.SwitchboardSpi

/**
 * Reads the line that makes up nearly all of a streamed `/api/chat` answer straight from its UTF-8 bytes:
 * `{"model":"...","created_at":"...","message":{"role":"assistant","content":"..."},"done":false}`, its members in any
 * order, with any JSON whitespace and escapes; members the line DTO does not know (`created_at`, the durations, a
 * message's `role` or `images`) are passed over. Anything else (the final `done: true` line, thinking, tool calls,
 * log probabilities, an error, a member given twice, a `null` where text is, malformed JSON) makes [read] return
 * false, and the stream decoder reads that line with its DTOs, which also report what is malformed. Not thread-safe.
 */
@OptIn(SwitchboardSpi::class)
internal class ContentLineReader : JsonBytesReader() {
    /** The line's `model` (null when it has none, or `null`), after a [read] that returned true. */
    var model: String? = null
        private set

    /** The message's `content`, after a [read] that returned true. */
    var content: String = ""
        private set

    /** Reads [json], one line; true when it is a content line of the shape above. */
    fun read(json: ByteArray): Boolean = reading(json) { line() }

    private fun line(): Boolean {
        ws()
        if (!eat('{')) return false
        model = null
        var seen = 0
        val ok = members { start, len ->
            val bit = when {
                isKey(start, len, MODEL) -> 1
                isKey(start, len, MESSAGE) -> 2
                isKey(start, len, DONE) -> 4
                // members the DTO reads, which a content line does not carry: the DTOs judge them
                LINE_KEYS.any { isKey(start, len, it) } -> return false
                else -> 0
            }
            if (seen and bit != 0) return false
            seen = seen or bit
            when (bit) {
                1 -> string()?.also { model = it } != null || nullValue()
                2 -> objectWith(CONTENT, MESSAGE_KEYS) { string()?.also { content = it } != null }
                4 -> literal(FALSE)
                else -> skip()
            }
        }
        if (!ok || seen and 2 == 0) return false
        ws()
        return p == n
    }

    private companion object {
        val MODEL = "model".encodeToByteArray()
        val MESSAGE = "message".encodeToByteArray()
        val DONE = "done".encodeToByteArray()
        val CONTENT = "content".encodeToByteArray()
        val FALSE = "false".encodeToByteArray()
        val LINE_KEYS = listOf("done_reason", "prompt_eval_count", "eval_count", "logprobs", "error").map { it.encodeToByteArray() }
        val MESSAGE_KEYS = listOf("thinking", "tool_calls").map { it.encodeToByteArray() }
    }
}

package dev.switchboard.openai

import dev.switchboard.openai.ChunkKeys as K
import dev.switchboard.spi.JsonBytesReader
import dev.switchboard.spi.SwitchboardSpi

/**
 * Reads the common shape of a `chat.completion.chunk` straight from its UTF-8 bytes, without building DTOs:
 * `id`, `model`, and per choice its `index`, the `delta`'s `content` and the `finish_reason`. Every other
 * field is skipped (as the DTOs ignore unknown fields) or, when it carries something only the full decoder
 * handles (tool calls, a refusal, reasoning, log probabilities, usage, an error, content-filter results, or
 * content given as parts), makes [read] return false, having changed nothing the caller uses, so that the
 * caller decodes the chunk with the DTOs instead. Malformed JSON returns false too, for the same reason: the
 * full decoder then reports it.
 *
 * Streams spend most of their client CPU decoding chunks; for the text deltas that make up nearly all of
 * them this costs a fraction of the generic decoder (no key strings, no hashing, no intermediate objects).
 * Not thread-safe: one per stream decoder.
 */
@OptIn(SwitchboardSpi::class)
internal class ChunkReader : JsonBytesReader() {
    /** The chunk's `id` when [read] was asked for it, else null. */
    var id: String? = null
        private set

    /** The chunk's `model` when [read] was asked for it, else null. */
    var model: String? = null
        private set

    /** How many choices the chunk has. */
    var count: Int = 0
        private set

    /** Per choice (up to [count]): its index, its text delta (null when none) and its finish reason (null when none). */
    var index: IntArray = IntArray(INITIAL)
        private set
    var text: Array<String?> = arrayOfNulls(INITIAL)
        private set
    var finish: Array<String?> = arrayOfNulls(INITIAL)
        private set

    /** The start of the last chunk read without `id` and `model`, up to its `choices` key (see [remember]). */
    private var prefix: ByteArray = ByteArray(0)
    private var prefixLen = 0

    /**
     * Reads [json], the UTF-8 bytes of one chunk; true when it is a chunk of the common shape (the properties then
     * hold it), false when the full decoder must read it. [wantId] and [wantModel] ask for `id` and `model` (otherwise
     * skipped). Only the strings it returns are decoded from UTF-8: the rest is read as bytes.
     */
    fun read(json: ByteArray, wantId: Boolean, wantModel: Boolean): Boolean {
        begin(json)
        count = 0
        id = null
        model = null
        val ok = top(wantId, wantModel)
        end()
        return ok
    }

    private fun top(wantId: Boolean, wantModel: Boolean): Boolean {
        // Only `id` and `model` before `choices` are kept; when neither is asked for, all before it can be skipped.
        val memo = !wantId && !wantModel
        val resume = memo && prefixLen in 1 until n && java.util.Arrays.equals(s, 0, prefixLen, prefix, 0, prefixLen)
        if (resume) {
            p = prefixLen
        } else {
            ws()
            if (!eat('{')) return false
        }
        var seen = false
        val ok = members(resume) { start, len ->
            when {
                // a second `choices` would replace the first for the full decoder: it reads such a chunk
                isKey(start, len, K.CHOICES) -> !seen && run {
                    seen = true
                    if (memo && !resume) remember(start - 1)
                    choices()
                }
                isKey(start, len, K.ID) -> if (wantId) string()?.also { id = it } != null || literal(NULL) else skip()
                isKey(start, len, K.MODEL) -> if (wantModel) string()?.also { model = it } != null || literal(NULL) else skip()
                // usage, an error and Azure's prompt filter results are the full decoder's business
                isKey(start, len, K.USAGE) || isKey(start, len, K.ERROR) || isKey(start, len, K.PROMPT_FILTER_RESULTS) -> literal(NULL)
                else -> skip()
            }
        }
        if (!ok) return false
        ws()
        return p == n
    }

    /**
     * Keeps the chunk's bytes up to [end] (where its `choices` key starts): the chunks of one stream mostly repeat
     * them (`id`, `object`, `created`, `model`, ...), and a chunk that starts with exactly these bytes is, up to
     * there, in exactly the state this one was, so the next [read] goes on from there. Every member before `choices`
     * was skipped, so nothing else was kept from them.
     */
    private fun remember(end: Int) {
        if (prefix.size < end) prefix = ByteArray(end)
        System.arraycopy(s, 0, prefix, 0, end)
        prefixLen = end
    }

    private fun choices(): Boolean {
        if (literal(NULL)) return true
        if (!eat('[')) return false
        ws()
        if (eat(']')) return true
        while (true) {
            if (!choice()) return false
            ws()
            if (eat(',')) {
                ws()
                continue
            }
            return eat(']')
        }
    }

    private fun choice(): Boolean {
        if (!eat('{')) return false
        val i = count
        if (i == index.size) grow()
        index[i] = 0
        text[i] = null
        finish[i] = null
        count = i + 1
        return members { start, len ->
            when {
                isKey(start, len, K.DELTA) -> {
                    text[i] = null
                    literal(NULL) || delta(i)
                }
                isKey(start, len, K.INDEX) -> int(i)
                // a key given twice counts with its last value, as for the full decoder
                isKey(start, len, K.FINISH_REASON) -> nullValue().also { if (it) finish[i] = null } || string()?.also { finish[i] = it } != null
                isKey(start, len, K.LOGPROBS) || isKey(start, len, K.CONTENT_FILTER_RESULTS) -> literal(NULL)
                else -> skip()
            }
        }
    }

    private fun delta(i: Int): Boolean {
        if (!eat('{')) return false
        return members { start, len ->
            when {
                isKey(start, len, K.CONTENT) -> nullValue().also { if (it) text[i] = null } || string()?.also { text[i] = it } != null
                isKey(start, len, K.ROLE) -> skip()
                // the full decoder's business: refusals, tool calls, reasoning
                isKey(start, len, K.REFUSAL) || isKey(start, len, K.TOOL_CALLS) || isKey(start, len, K.FUNCTION_CALL) ||
                    isKey(start, len, K.REASONING_CONTENT) || isKey(start, len, K.REASONING) -> literal(NULL)
                else -> skip()
            }
        }
    }

    /** A choice index: a non-negative integer of at most 9 digits. */
    private fun int(i: Int): Boolean {
        val v = smallInt()
        if (v < 0) return false
        index[i] = v
        return true
    }

    private fun grow() {
        val size = index.size * 2
        index = index.copyOf(size)
        text = text.copyOf(size)
        finish = finish.copyOf(size)
    }

    private companion object {
        const val INITIAL = 2

    }
}

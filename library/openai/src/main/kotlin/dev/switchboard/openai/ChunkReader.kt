package dev.switchboard.openai

import dev.switchboard.openai.ChunkKeys as K

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
internal class ChunkReader {
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

    private var s: ByteArray = EMPTY
    private var p = 0
    private var n = 0
    private var sb: StringBuilder? = null

    /** The start of the last chunk read without `id` and `model`, up to its `choices` key (see [remember]). */
    private var prefix: ByteArray = EMPTY
    private var prefixLen = 0

    /**
     * Reads [json], the UTF-8 bytes of one chunk; true when it is a chunk of the common shape (the properties then
     * hold it), false when the full decoder must read it. [wantId] and [wantModel] ask for `id` and `model` (otherwise
     * skipped). Only the strings it returns are decoded from UTF-8: the rest is read as bytes.
     */
    fun read(json: ByteArray, wantId: Boolean, wantModel: Boolean): Boolean {
        s = json
        p = 0
        n = json.size
        count = 0
        id = null
        model = null
        val ok = top(wantId, wantModel)
        s = EMPTY
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
                isKey(start, len, K.ID) -> if (wantId) string()?.also { id = it } != null || literal(K.NULL) else skip()
                isKey(start, len, K.MODEL) -> if (wantModel) string()?.also { model = it } != null || literal(K.NULL) else skip()
                // usage, an error and Azure's prompt filter results are the full decoder's business
                isKey(start, len, K.USAGE) || isKey(start, len, K.ERROR) || isKey(start, len, K.PROMPT_FILTER_RESULTS) -> literal(K.NULL)
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

    /**
     * Reads the members of an object whose `{` was just read (or, when [atKey], from the start of one of its keys),
     * up to and with its `}`: for each, [value] gets where its key starts and its length, and reads the value (false
     * when it cannot, which ends the reading with false).
     */
    private inline fun members(atKey: Boolean = false, value: (start: Int, len: Int) -> Boolean): Boolean {
        if (!atKey) {
            ws()
            if (eat('}')) return true
        }
        while (true) {
            val start = keyStart()
            if (start < 0) return false
            val len = p - 1 - start
            ws()
            if (!eat(':')) return false
            ws()
            if (!value(start, len)) return false
            ws()
            if (eat(',')) {
                ws()
                continue
            }
            return eat('}')
        }
    }

    private fun choices(): Boolean {
        if (literal(K.NULL)) return true
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
                    literal(K.NULL) || delta(i)
                }
                isKey(start, len, K.INDEX) -> int(i)
                // a key given twice counts with its last value, as for the full decoder
                isKey(start, len, K.FINISH_REASON) -> nullValue().also { if (it) finish[i] = null } || string()?.also { finish[i] = it } != null
                isKey(start, len, K.LOGPROBS) || isKey(start, len, K.CONTENT_FILTER_RESULTS) -> literal(K.NULL)
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
                    isKey(start, len, K.REASONING_CONTENT) || isKey(start, len, K.REASONING) -> literal(K.NULL)
                else -> skip()
            }
        }
    }

    /** A choice index: a non-negative integer of at most 9 digits. */
    private fun int(i: Int): Boolean {
        var v = 0
        val start = p
        while (p < n && p - start < 10) {
            val c = s[p].toInt()
            if (c < '0'.code || c > '9'.code) break
            v = v * 10 + (c - '0'.code)
            p++
        }
        val digits = p - start
        if (digits == 0 || digits > 9 || (digits > 1 && s[start].toInt() == '0'.code)) return false
        if (p < n && (s[p].toInt() == '.'.code || s[p].toInt() == 'e'.code || s[p].toInt() == 'E'.code)) return false
        index[i] = v
        return true
    }

    /** Reads a key without escapes; returns where its text starts (the position is then after its closing quote), or -1. */
    private fun keyStart(): Int {
        if (!eat('"')) return -1
        val start = p
        val end = K.quoteOrBackslash(s, n, start)
        if (end >= n || s[end].toInt() != '"'.code) return -1
        p = end + 1
        return start
    }

    private fun isKey(start: Int, len: Int, name: ByteArray): Boolean {
        if (len != name.size) return false
        for (k in 0 until len) if (s[start + k] != name[k]) return false
        return true
    }

    /** A JSON string, unescaped; null when there is none here or it is malformed. */
    private fun string(): String? {
        if (p >= n || s[p].toInt() != '"'.code) return null
        val start = p + 1
        val end = K.quoteOrBackslash(s, n, start)
        if (end >= n) return null
        if (s[end].toInt() == '\\'.code) return escaped(start, end)
        p = end + 1
        return String(s, start, end - start, Charsets.UTF_8)
    }

    /**
     * A string with escapes: the runs between them are decoded from UTF-8 as they are (an escape is ASCII, so a run
     * never splits a character), each escape adds its character (a `\u` surrogate pair adds its two halves).
     */
    private fun escaped(start: Int, firstEscape: Int): String? {
        val b = sb?.also { it.setLength(0) } ?: StringBuilder(64).also { sb = it }
        var run = start
        var i = firstEscape
        while (true) {
            if (i > run) b.append(String(s, run, i - run, Charsets.UTF_8))
            if (i >= n) return null
            if (s[i].toInt() == '"'.code) {
                p = i + 1
                return b.toString()
            }
            // a backslash
            if (i + 1 >= n) return null
            when (s[i + 1].toInt()) {
                '"'.code -> b.append('"')
                '\\'.code -> b.append('\\')
                '/'.code -> b.append('/')
                'b'.code -> b.append('\b')
                'f'.code -> b.append('\u000C')
                'n'.code -> b.append('\n')
                'r'.code -> b.append('\r')
                't'.code -> b.append('\t')
                'u'.code -> {
                    val code = K.hex4(s, n, i + 2)
                    if (code < 0) return null
                    b.append(code.toChar())
                    i += 4
                }
                else -> return null
            }
            i += 2
            run = i
            i = K.quoteOrBackslash(s, n, i)
        }
    }

    private fun nullValue(): Boolean = literal(K.NULL)

    private fun literal(word: ByteArray): Boolean {
        val end = p + word.size
        if (end > n) return false
        for (k in word.indices) if (s[p + k] != word[k]) return false
        // a word must end there: a letter, digit, `_` or any non-ASCII byte after it makes it something else
        if (end < n) {
            val c = s[end].toInt()
            if (c < 0 || c == '_'.code || c in '0'.code..'9'.code || c in 'a'.code..'z'.code || c in 'A'.code..'Z'.code) return false
        }
        p = end
        return true
    }

    /** Skips any JSON value (it is checked only as far as finding where it ends). */
    private fun skip(): Boolean {
        if (p >= n) return false
        return when (s[p].toInt()) {
            '"'.code -> skipString()
            '{'.code, '['.code -> skipNested()
            't'.code -> literal(K.TRUE)
            'f'.code -> literal(K.FALSE)
            'n'.code -> literal(K.NULL)
            else -> skipNumber()
        }
    }

    /** Skips a string, checking its escapes as the full decoder does. */
    private fun skipString(): Boolean {
        var i = p + 1
        while (true) {
            val k = K.quoteOrBackslash(s, n, i)
            if (k >= n) return false
            if (s[k].toInt() == '"'.code) {
                p = k + 1
                return true
            }
            // an escape before the quote: check it and go on after it
            if (k + 1 >= n) return false
            when (s[k + 1].toInt()) {
                '"'.code, '\\'.code, '/'.code, 'b'.code, 'f'.code, 'n'.code, 'r'.code, 't'.code -> i = k + 2
                'u'.code -> {
                    if (K.hex4(s, n, k + 2) < 0) return false
                    i = k + 6
                }
                else -> return false
            }
        }
    }

    /** Skips an object or array, checking that its brackets match (up to 64 levels; deeper ones give up). */
    private fun skipNested(): Boolean {
        var depth = 0
        var arrays = 0L // bit k: whether level k is an array
        while (p < n) {
            when (val c = s[p].toInt()) {
                '{'.code, '['.code -> {
                    if (depth == 64) return false
                    arrays = if (c == '['.code) arrays or (1L shl depth) else arrays and (1L shl depth).inv()
                    depth++
                }
                '}'.code, ']'.code -> {
                    depth--
                    if (depth < 0 || ((arrays shr depth) and 1L == 1L) != (c == ']'.code)) return false
                    if (depth == 0) {
                        p++
                        return true
                    }
                }
                '"'.code -> {
                    if (!skipString()) return false
                    continue
                }
            }
            p++
        }
        return false
    }

    private fun skipNumber(): Boolean {
        val start = p
        while (p < n) {
            val c = s[p].toInt()
            if ((c in '0'.code..'9'.code) || c == '-'.code || c == '+'.code || c == '.'.code || c == 'e'.code || c == 'E'.code) p++ else break
        }
        return p > start
    }

    private fun ws() {
        while (p < n) {
            val c = s[p].toInt()
            if (c == ' '.code || c == '\n'.code || c == '\r'.code || c == '\t'.code) p++ else return
        }
    }

    private fun eat(c: Char): Boolean {
        if (p < n && s[p].toInt() == c.code) {
            p++
            return true
        }
        return false
    }

    private fun grow() {
        val size = index.size * 2
        index = index.copyOf(size)
        text = text.copyOf(size)
        finish = finish.copyOf(size)
    }

    private companion object {
        const val INITIAL = 2
        val EMPTY = ByteArray(0)

    }
}

package dev.switchboard.openai

/**
 * Reads the common shape of a `chat.completion.chunk` straight from its JSON text, without building DTOs:
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

    private var s: String = ""
    private var p = 0
    private var n = 0

    /**
     * The position of a backslash in [s] at or after every position read so far that may still hold one ([n] when
     * there is none): found with one `indexOf` per backslash, so that keys and strings without escapes (nearly all)
     * are not scanned character by character for them.
     */
    private var backslash = 0
    private var sb: StringBuilder? = null

    /**
     * Reads [json]; true when it is a chunk of the common shape (the properties then hold it), false when the
     * full decoder must read it. [wantId] and [wantModel] ask for `id` and `model` (otherwise skipped).
     */
    fun read(json: String, wantId: Boolean, wantModel: Boolean): Boolean {
        s = json
        p = 0
        n = json.length
        count = 0
        id = null
        model = null
        backslash = -1
        val ok = top(wantId, wantModel)
        s = ""
        return ok
    }

    private fun top(wantId: Boolean, wantModel: Boolean): Boolean {
        ws()
        if (!eat('{')) return false
        val ok = members { start, len ->
            when {
                isKey(start, len, "choices") -> choices()
                isKey(start, len, "id") -> if (wantId) string()?.also { id = it } != null || literal("null") else skip()
                isKey(start, len, "model") -> if (wantModel) string()?.also { model = it } != null || literal("null") else skip()
                // usage, an error and Azure's prompt filter results are the full decoder's business
                isKey(start, len, "usage") || isKey(start, len, "error") || isKey(start, len, "prompt_filter_results") -> literal("null")
                else -> skip()
            }
        }
        if (!ok) return false
        ws()
        return p == n
    }

    /**
     * Reads the members of an object whose `{` was just read, up to and with its `}`: for each, [value] gets where its
     * key starts and its length, and reads the value (false when it cannot, which ends the reading with false).
     */
    private inline fun members(value: (start: Int, len: Int) -> Boolean): Boolean {
        ws()
        if (eat('}')) return true
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
        if (literal("null")) return true
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
                isKey(start, len, "delta") -> literal("null") || delta(i)
                isKey(start, len, "index") -> int(i)
                isKey(start, len, "finish_reason") -> literal("null") || string()?.also { finish[i] = it } != null
                isKey(start, len, "logprobs") || isKey(start, len, "content_filter_results") -> literal("null")
                else -> skip()
            }
        }
    }

    private fun delta(i: Int): Boolean {
        if (!eat('{')) return false
        return members { start, len ->
            when {
                isKey(start, len, "content") -> literal("null") || string()?.also { text[i] = it } != null
                isKey(start, len, "role") -> skip()
                // the full decoder's business: refusals, tool calls, reasoning
                isKey(start, len, "refusal") || isKey(start, len, "tool_calls") || isKey(start, len, "function_call") ||
                    isKey(start, len, "reasoning_content") || isKey(start, len, "reasoning") -> literal("null")
                else -> skip()
            }
        }
    }

    /** A choice index: a non-negative integer of at most 9 digits. */
    private fun int(i: Int): Boolean {
        var v = 0
        val start = p
        while (p < n && p - start < 10) {
            val c = s[p]
            if (c < '0' || c > '9') break
            v = v * 10 + (c - '0')
            p++
        }
        val digits = p - start
        if (digits == 0 || digits > 9 || (digits > 1 && s[start] == '0')) return false
        if (p < n && (s[p] == '.' || s[p] == 'e' || s[p] == 'E')) return false
        index[i] = v
        return true
    }

    /** Reads a key without escapes; returns where its text starts (the position is then after its closing quote), or -1. */
    private fun keyStart(): Int {
        if (!eat('"')) return -1
        val start = p
        val end = s.indexOf('"', start)
        if (end < 0) return -1
        if (backslashFrom(start) < end) return -1
        p = end + 1
        return start
    }

    /** The first backslash at or after [from], or [n] when there is none (see [backslash]). */
    private fun backslashFrom(from: Int): Int {
        val b = backslash
        if (b >= from) return b
        val found = s.indexOf('\\', from)
        return (if (found < 0) n else found).also { backslash = it }
    }

    private fun isKey(start: Int, len: Int, name: String): Boolean = len == name.length && s.regionMatches(start, name, 0, len)

    /** A JSON string, unescaped; null when there is none here or it is malformed. */
    private fun string(): String? {
        if (p >= n || s[p] != '"') return null
        val start = p + 1
        val end = s.indexOf('"', start)
        if (end < 0) return null
        val b = backslashFrom(start)
        if (b < end) return escaped(start, b)
        p = end + 1
        return s.substring(start, end)
    }

    private fun escaped(start: Int, firstEscape: Int): String? {
        val b = sb?.also { it.setLength(0) } ?: StringBuilder(64).also { sb = it }
        b.append(s, start, firstEscape)
        var i = firstEscape
        while (i < n) {
            val c = s[i]
            when {
                c == '"' -> {
                    p = i + 1
                    return b.toString()
                }
                c == '\\' -> {
                    if (i + 1 >= n) return null
                    when (s[i + 1]) {
                        '"' -> b.append('"')
                        '\\' -> b.append('\\')
                        '/' -> b.append('/')
                        'b' -> b.append('\b')
                        'f' -> b.append('\u000C')
                        'n' -> b.append('\n')
                        'r' -> b.append('\r')
                        't' -> b.append('\t')
                        'u' -> {
                            if (i + 6 > n) return null
                            var code = 0
                            for (k in i + 2 until i + 6) {
                                val d = Character.digit(s[k], 16)
                                if (d < 0) return null
                                code = code * 16 + d
                            }
                            b.append(code.toChar())
                            i += 4
                        }
                        else -> return null
                    }
                    i += 2
                }
                else -> {
                    b.append(c)
                    i++
                }
            }
        }
        return null
    }

    private fun literal(word: String): Boolean {
        if (!s.startsWith(word, p)) return false
        val end = p + word.length
        if (end < n && (s[end].isLetterOrDigit() || s[end] == '_')) return false
        p = end
        return true
    }

    /** Skips any JSON value (it is checked only as far as finding where it ends). */
    private fun skip(): Boolean {
        if (p >= n) return false
        return when (s[p]) {
            '"' -> skipString()
            '{', '[' -> skipNested()
            't' -> literal("true")
            'f' -> literal("false")
            'n' -> literal("null")
            else -> skipNumber()
        }
    }

    /** Skips a string, checking its escapes as the full decoder does. */
    private fun skipString(): Boolean {
        var i = p + 1
        while (true) {
            val end = s.indexOf('"', i)
            if (end < 0) return false
            val k = backslashFrom(i)
            if (k >= end) {
                p = end + 1
                return true
            }
            // an escape before the quote: check it and go on after it
            if (k + 1 >= n) return false
            when (s[k + 1]) {
                '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i = k + 2
                'u' -> {
                    if (k + 6 > n) return false
                    for (h in k + 2 until k + 6) if (Character.digit(s[h], 16) < 0) return false
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
            when (val c = s[p]) {
                '{', '[' -> {
                    if (depth == 64) return false
                    arrays = if (c == '[') arrays or (1L shl depth) else arrays and (1L shl depth).inv()
                    depth++
                }
                '}', ']' -> {
                    depth--
                    if (depth < 0 || ((arrays shr depth) and 1L == 1L) != (c == ']')) return false
                    if (depth == 0) {
                        p++
                        return true
                    }
                }
                '"' -> {
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
            val c = s[p]
            if ((c in '0'..'9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') p++ else break
        }
        return p > start
    }

    private fun ws() {
        while (p < n) {
            val c = s[p]
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') p++ else return
        }
    }

    private fun eat(c: Char): Boolean {
        if (p < n && s[p] == c) {
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
    }
}

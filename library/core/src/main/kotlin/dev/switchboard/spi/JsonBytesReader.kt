package dev.switchboard.spi

import java.lang.invoke.MethodHandles
import java.lang.invoke.VarHandle
import java.nio.ByteOrder

/**
 * The steps of a hand-written reader of one JSON document's UTF-8 bytes, for a codec's fast path: a subclass reads the
 * few shapes that make up nearly all of a stream's events (a text delta, say) straight from a [StreamFrame]'s bytes,
 * without DTOs, key strings or intermediate objects, and gives up (returns false) on anything else, so that the codec
 * decodes that event with its full decoder instead. Every step here returns false (or null, or -1) rather than throw
 * when the bytes are not what it reads; what it accepts it reads as a JSON parser does.
 *
 * Only the strings a reader returns are decoded from UTF-8 (invalid sequences become U+FFFD, as `String(bytes)`
 * makes them); keys are compared as bytes. Not thread-safe: one per stream decoder.
 */
@SwitchboardSpi
@SubclassOptInRequired(SwitchboardSpi::class)
public abstract class JsonBytesReader {
    /** The document being read. */
    @JvmField
    protected var s: ByteArray = EMPTY

    /** Its length. */
    @JvmField
    protected var n: Int = 0

    /** The position of the next byte to read. */
    @JvmField
    protected var p: Int = 0

    private var sb: StringBuilder? = null

    /** Starts reading [json] from its first byte. */
    protected fun begin(json: ByteArray) {
        s = json
        n = json.size
        p = 0
    }

    /** Lets go of the document, so that the reader does not keep it reachable. */
    protected fun end() {
        s = EMPTY
        n = 0
        p = 0
    }

    /** Reads [json] with [body] (from its first byte), then lets go of it; returns what [body] returned. */
    protected inline fun reading(json: ByteArray, body: () -> Boolean): Boolean {
        begin(json)
        val ok = body()
        end()
        return ok
    }

    /** Reads a string that is exactly [word] (given without its quotes, and written without escapes). */
    protected fun stringIs(word: ByteArray): Boolean {
        val end = p + word.size + 2
        if (end > n || s[p].toInt() != '"'.code || s[end - 1].toInt() != '"'.code) return false
        for (k in word.indices) if (s[p + 1 + k] != word[k]) return false
        p = end
        return true
    }

    /** Skips JSON whitespace. */
    protected fun ws() {
        while (p < n) {
            val c = s[p].toInt()
            if (c == ' '.code || c == '\n'.code || c == '\r'.code || c == '\t'.code) p++ else return
        }
    }

    /** Reads [c] if it is the next byte. */
    protected fun eat(c: Char): Boolean {
        if (p < n && s[p].toInt() == c.code) {
            p++
            return true
        }
        return false
    }

    /** Reads [word] (`null`, `true`, `false`, given as bytes) if it comes next as a whole word. */
    protected fun literal(word: ByteArray): Boolean {
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

    /** Reads a `null`. */
    protected fun nullValue(): Boolean = literal(NULL)

    /** Reads a key without escapes; returns where its text starts (the position is then after its closing quote), or -1. */
    protected fun keyStart(): Int {
        if (!eat('"')) return -1
        val start = p
        val end = quoteOrBackslash(s, n, start)
        if (end >= n || s[end].toInt() != '"'.code) return -1
        p = end + 1
        return start
    }

    /** Whether the [len] bytes at [start] are [name]. */
    protected fun isKey(start: Int, len: Int, name: ByteArray): Boolean {
        if (len != name.size) return false
        for (k in 0 until len) if (s[start + k] != name[k]) return false
        return true
    }

    /**
     * Reads the members of an object whose `{` was just read (or, when [atKey], from the start of one of its keys), up
     * to and with its `}`: for each, [value] gets where its key starts and its length, and reads the value (false when
     * it cannot, which ends the reading with false).
     */
    protected inline fun members(atKey: Boolean = false, value: (start: Int, len: Int) -> Boolean): Boolean {
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

    /**
     * An object (its `{` next) of which one member, [key], is read by [value], and must be there once; a member in
     * [refused] (one that only the full decoder handles) fails it, any other is skipped.
     */
    protected inline fun objectWith(key: ByteArray, refused: List<ByteArray>, value: () -> Boolean): Boolean {
        if (!eat('{')) return false
        var seen = false
        return members { start, len ->
            when {
                isKey(start, len, key) -> !seen && value().also { seen = true }
                refused.any { isKey(start, len, it) } -> false
                else -> skip()
            }
        } && seen
    }

    /** A non-negative integer of at most 9 digits, without a fraction or exponent, or -1 when there is none here. */
    protected fun smallInt(): Int {
        var v = 0
        val start = p
        while (p < n && p - start < 10) {
            val c = s[p].toInt()
            if (c < '0'.code || c > '9'.code) break
            v = v * 10 + (c - '0'.code)
            p++
        }
        val digits = p - start
        if (digits == 0 || digits > 9 || (digits > 1 && s[start].toInt() == '0'.code)) return -1
        if (p < n && (s[p].toInt() == '.'.code || s[p].toInt() == 'e'.code || s[p].toInt() == 'E'.code)) return -1
        return v
    }

    /** A JSON string, unescaped; null when there is none here or it is malformed. */
    protected fun string(): String? {
        if (p >= n || s[p].toInt() != '"'.code) return null
        val start = p + 1
        val end = quoteOrBackslash(s, n, start)
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
                    val code = hex4(s, n, i + 2)
                    if (code < 0) return null
                    b.append(code.toChar())
                    i += 4
                }
                else -> return null
            }
            i += 2
            run = i
            i = quoteOrBackslash(s, n, i)
        }
    }

    /** Skips any JSON value (it is checked only as far as finding where it ends). */
    protected fun skip(): Boolean {
        if (p >= n) return false
        return when (s[p].toInt()) {
            '"'.code -> skipString()
            '{'.code, '['.code -> skipNested()
            't'.code -> literal(TRUE)
            'f'.code -> literal(FALSE)
            'n'.code -> literal(NULL)
            else -> skipNumber()
        }
    }

    /** Skips a string, checking its escapes as a full parser does. */
    private fun skipString(): Boolean {
        var i = p + 1
        while (true) {
            val k = quoteOrBackslash(s, n, i)
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
                    if (hex4(s, n, k + 2) < 0) return false
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

    /** The words and scans of the readers. */
    public companion object {
        private val EMPTY = ByteArray(0)

        /** `null` as bytes, for [literal]. */
        @JvmField
        public val NULL: ByteArray = "null".encodeToByteArray()
        private val TRUE = "true".encodeToByteArray()
        private val FALSE = "false".encodeToByteArray()

        /** Reads a little-endian `long` from a byte array at any offset. */
        private val LONGS: VarHandle = MethodHandles.byteArrayViewVarHandle(LongArray::class.java, ByteOrder.LITTLE_ENDIAN)
        private const val ONES = 0x0101010101010101L
        private const val HIGHS = -0x7f7f7f7f7f7f7f80L // 0x8080808080808080
        private const val QUOTES = 0x2222222222222222L
        private const val BACKSLASHES = 0x5c5c5c5c5c5c5c5cL

        /**
         * The position of the first `"` or `\` in [b] at or after [from] (and before [n]), or [n] when there is none.
         * Reads eight bytes at a time (a JSON string's bytes are nearly all neither).
         */
        @JvmStatic
        public fun quoteOrBackslash(b: ByteArray, n: Int, from: Int): Int {
            var i = from
            while (i + 8 <= n) {
                val word = LONGS.get(b, i) as Long
                val q = word xor QUOTES
                val e = word xor BACKSLASHES
                // a byte of q or e is zero where the word has a quote or a backslash; the lowest such byte is exact
                val hits = ((q - ONES) and q.inv()) or ((e - ONES) and e.inv())
                val found = hits and HIGHS
                if (found != 0L) return i + (java.lang.Long.numberOfTrailingZeros(found) ushr 3)
                i += 8
            }
            while (i < n) {
                val c = b[i].toInt()
                if (c == '"'.code || c == '\\'.code) return i
                i++
            }
            return n
        }

        /** The value of the four hexadecimal digits in [s] at [at] (before [n]), or -1 when they are not four such digits. */
        @JvmStatic
        public fun hex4(s: ByteArray, n: Int, at: Int): Int {
            if (at + 4 > n) return -1
            var code = 0
            for (k in at until at + 4) {
                val c = s[k].toInt()
                val d = when (c) {
                    in '0'.code..'9'.code -> c - '0'.code
                    in 'a'.code..'f'.code -> c - 'a'.code + 10
                    in 'A'.code..'F'.code -> c - 'A'.code + 10
                    else -> return -1
                }
                code = code * 16 + d
            }
            return code
        }
    }
}

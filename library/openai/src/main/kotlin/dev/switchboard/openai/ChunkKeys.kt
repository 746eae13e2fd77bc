package dev.switchboard.openai

/** The keys and words [ChunkReader] compares, as the UTF-8 bytes it reads, and its scans of those bytes. */
internal object ChunkKeys {
    @JvmField val CHOICES = "choices".encodeToByteArray()
    @JvmField val ID = "id".encodeToByteArray()
    @JvmField val MODEL = "model".encodeToByteArray()
    @JvmField val USAGE = "usage".encodeToByteArray()
    @JvmField val ERROR = "error".encodeToByteArray()
    @JvmField val PROMPT_FILTER_RESULTS = "prompt_filter_results".encodeToByteArray()
    @JvmField val DELTA = "delta".encodeToByteArray()
    @JvmField val INDEX = "index".encodeToByteArray()
    @JvmField val FINISH_REASON = "finish_reason".encodeToByteArray()
    @JvmField val LOGPROBS = "logprobs".encodeToByteArray()
    @JvmField val CONTENT_FILTER_RESULTS = "content_filter_results".encodeToByteArray()
    @JvmField val CONTENT = "content".encodeToByteArray()
    @JvmField val ROLE = "role".encodeToByteArray()
    @JvmField val REFUSAL = "refusal".encodeToByteArray()
    @JvmField val TOOL_CALLS = "tool_calls".encodeToByteArray()
    @JvmField val FUNCTION_CALL = "function_call".encodeToByteArray()
    @JvmField val REASONING_CONTENT = "reasoning_content".encodeToByteArray()
    @JvmField val REASONING = "reasoning".encodeToByteArray()
    @JvmField val NULL = "null".encodeToByteArray()
    @JvmField val TRUE = "true".encodeToByteArray()
    @JvmField val FALSE = "false".encodeToByteArray()

    /** Reads a little-endian `long` from a byte array at any offset. */
    private val LONGS: java.lang.invoke.VarHandle =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(LongArray::class.java, java.nio.ByteOrder.LITTLE_ENDIAN)
    private const val ONES = 0x0101010101010101L
    private const val HIGHS = -0x7f7f7f7f7f7f7f80L // 0x8080808080808080
    private const val QUOTES = 0x2222222222222222L
    private const val BACKSLASHES = 0x5c5c5c5c5c5c5c5cL

    /**
     * The position of the first `"` or `\` at or after [from], or [n] when there is none. Reads eight bytes at a time
     * (a JSON string's bytes are nearly all neither).
     */
    fun quoteOrBackslash(b: ByteArray, n: Int, from: Int): Int {
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

    /** The value of the four hexadecimal digits at [at], or -1 when they are not four such digits. */
    fun hex4(s: ByteArray, n: Int, at: Int): Int {
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

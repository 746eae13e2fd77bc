package dev.switchboard.internal.http

import dev.switchboard.ProtocolException
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.StreamFraming

/**
 * Splits a streamed body into [StreamFrame]s, byte by byte, without allocating per chunk: the
 * caller hands it one chunk at a time with [feed], then drains [next] until it returns null, then
 * reads the next chunk. Lines are assembled from bytes and decoded as UTF-8 only once complete, so
 * a multi-byte character split across two reads decodes correctly. Not thread-safe.
 */
internal abstract class FrameDecoder(
    protected val provider: String,
    /** The longest line (and, for SSE, event data) accepted; longer ones fail with [ProtocolException]. */
    protected val maxBytes: Int,
) {
    protected var input: ByteArray = EMPTY
    protected var pos: Int = 0
    protected var limit: Int = 0

    /** The partial line carried over from earlier chunks. */
    protected var line: ByteArray = ByteArray(256)
    protected var lineLen: Int = 0

    /** Whether the first line (which may start with a byte order mark) is still to come. */
    protected var firstLine: Boolean = true

    /**
     * Makes [len] bytes of [buf] from [off] the next input. [buf] must stay unchanged until [next]
     * has returned null; the previous input must have been drained.
     */
    fun feed(buf: ByteArray, off: Int, len: Int) {
        check(pos >= limit) { "the previous chunk was not drained" }
        input = buf
        pos = off
        limit = off + len
    }

    /**
     * The next complete frame in the input, or null when more input is needed.
     *
     * @throws ProtocolException when a line or an event exceeds [maxBytes].
     */
    abstract fun next(): StreamFrame?

    /** The frame the end of the body completes, if its framing dispatches one at end of input. */
    abstract fun endOfInput(): StreamFrame?

    /** Whether bytes of an unfinished frame are pending (the body ended mid-frame if this is true at the end). */
    abstract val hasPartialFrame: Boolean

    /** Adds [len] bytes of [src] from [off] to the pending line. */
    protected fun appendLine(src: ByteArray, off: Int, len: Int) {
        if (len == 0) return
        val needed = lineLen + len
        if (needed > maxBytes) throw tooLarge("line")
        if (needed > line.size) line = line.copyOf(grow(line.size, needed))
        System.arraycopy(src, off, line, lineLen, len)
        lineLen = needed
    }

    /** The offset after a UTF-8 byte order mark at [off] of the stream's first line, else [off]. */
    protected fun skipBom(buf: ByteArray, off: Int, len: Int): Int {
        if (!firstLine) return off
        firstLine = false
        return if (len >= 3 && buf[off] == BOM0 && buf[off + 1] == BOM1 && buf[off + 2] == BOM2) off + 3 else off
    }

    protected fun tooLarge(what: String): ProtocolException = ProtocolException(
        "$provider sent a stream $what longer than ${maxBytes / (1024 * 1024)} MiB without a line break; " +
            "the stream is not valid framing (or not a stream at all), so it was abandoned rather than buffered",
        provider,
    )

    protected fun grow(current: Int, needed: Int): Int {
        val doubled = if (current > Int.MAX_VALUE / 2) Int.MAX_VALUE else current * 2
        return maxOf(doubled, needed).coerceAtMost(maxBytes.coerceAtLeast(needed))
    }

    companion object {
        /** The default guard: 16 MiB for one line or one event. */
        const val DEFAULT_MAX_BYTES: Int = 16 * 1024 * 1024

        val EMPTY: ByteArray = ByteArray(0)
        const val LF: Byte = '\n'.code.toByte()
        const val CR: Byte = '\r'.code.toByte()
        private const val BOM0: Byte = 0xEF.toByte()
        private const val BOM1: Byte = 0xBB.toByte()
        private const val BOM2: Byte = 0xBF.toByte()

        /** A new decoder for [framing]. */
        fun of(framing: StreamFraming, provider: String, maxBytes: Int = DEFAULT_MAX_BYTES): FrameDecoder = when (framing) {
            StreamFraming.SSE -> SseDecoder(provider, maxBytes)
            StreamFraming.NDJSON -> NdjsonDecoder(provider, maxBytes)
        }
    }
}

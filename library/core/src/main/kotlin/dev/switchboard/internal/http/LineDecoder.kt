package dev.switchboard.internal.http

import dev.switchboard.ProtocolException
import dev.switchboard.spi.FrameDecoder
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.StreamFraming

/**
 * Splits a streamed body into [StreamFrame]s without allocating per chunk (line breaks are found eight bytes at a time): the
 * caller hands it one chunk at a time with [feed], then drains [next] until it returns null, then
 * reads the next chunk. This class cuts the input into lines (a line split across chunks is carried
 * over); a subclass turns each line into frames with [onLine]. Lines are decoded as UTF-8 only once
 * complete, so a multi-byte character split across two reads decodes correctly. A UTF-8 byte order
 * mark at the start of the body is skipped. Not thread-safe.
 */
@OptIn(dev.switchboard.spi.SwitchboardSpi::class)
internal abstract class LineDecoder(
    protected val provider: String,
    /** The longest line (and, for SSE, event data) accepted; longer ones fail with [ProtocolException]. */
    protected val maxBytes: Int,
    /** Whether a lone CR ends a line (SSE) rather than being part of it (NDJSON, where it is whitespace). */
    private val crEndsLine: Boolean,
) : FrameDecoder {
    private var input: ByteArray = EMPTY
    private var pos: Int = 0
    private var limit: Int = 0

    /**
     * A line split across chunks, carried over: a shared [CarryBuffers] array (or a larger one of its own), given back
     * once the line is complete.
     */
    private var pending: ByteArray = EMPTY
    private var pendingLen: Int = 0

    /** A CR ended the last line: a LF right after it belongs to the same line break. */
    private var skipLf = false

    /** Whether the first line (which may start with a byte order mark) is still to come. */
    private var firstLine: Boolean = true

    /**
     * Makes [len] bytes of [buf] from [off] the next input. [buf] must stay unchanged until [next]
     * has returned null; the previous input must have been drained.
     */
    override fun feed(buf: ByteArray, off: Int, len: Int) {
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
    override fun next(): StreamFrame? {
        val buf = input
        while (pos < limit) {
            if (skipLf) {
                skipLf = false
                if (buf[pos] == LF) {
                    pos++
                    continue
                }
            }
            val i = ByteScan.lineEnd(buf, pos, limit, crEndsLine)
            if (i == limit) {
                appendPending(buf, pos, limit - pos)
                break
            }
            val frame = if (pendingLen == 0) {
                line(buf, pos, i - pos)
            } else {
                appendPending(buf, pos, i - pos)
                takePending()
            }
            if (buf[i] == CR) skipLf = true
            pos = i + 1
            if (frame != null) return frame
        }
        // Drained: the input array is not kept (a pooled read buffer goes back to its pool and may be dropped there).
        input = EMPTY
        pos = 0
        limit = 0
        return null
    }

    /** The frame the end of the body completes, if its framing dispatches one at end of input. */
    abstract override fun endOfInput(): StreamFrame?

    /**
     * Interprets one complete line of [len] bytes of [buf] from [off], without its line break or a
     * leading byte order mark; returns the frame it completes, if any. The bytes are valid only
     * during the call.
     */
    protected abstract fun onLine(buf: ByteArray, off: Int, len: Int): StreamFrame?

    /** Interprets the line carried over from earlier chunks (if any) as if it had ended, and forgets it. */
    protected fun takePending(): StreamFrame? {
        val len = pendingLen
        if (len == 0) return null
        pendingLen = 0
        val carried = pending
        // Not kept: a stream that mostly waits holds no carry-over buffer between the lines it gets split.
        pending = EMPTY
        val frame = line(carried, 0, len)
        if (carried.size == CarryBuffers.size) CarryBuffers.release(carried)
        return frame
    }

    private fun line(buf: ByteArray, off: Int, len: Int): StreamFrame? {
        if (firstLine) {
            firstLine = false
            if (len >= 3 && buf[off] == BOM0 && buf[off + 1] == BOM1 && buf[off + 2] == BOM2) return onLine(buf, off + 3, len - 3)
        }
        return onLine(buf, off, len)
    }

    /** Adds [len] bytes of [src] from [off] to the pending line. */
    private fun appendPending(src: ByteArray, off: Int, len: Int) {
        if (len == 0) return
        val needed = pendingLen + len
        if (needed > maxBytes) throw tooLarge("line")
        if (needed > pending.size) {
            pending = if (pendingLen == 0 && needed <= CarryBuffers.size) {
                CarryBuffers.take()
            } else {
                val grown = pending.copyOf(grow(maxOf(pending.size, CarryBuffers.size / 2), needed))
                if (pending.size == CarryBuffers.size) CarryBuffers.release(pending)
                grown
            }
        }
        System.arraycopy(src, off, pending, pendingLen, len)
        pendingLen = needed
    }

    protected fun tooLarge(what: String): ProtocolException = ProtocolException(
        "$provider sent a stream $what longer than ${sizeText(maxBytes)} without a line break; " +
            "the stream is not valid framing (or not a stream at all), so it was abandoned rather than buffered",
        provider,
    )

    protected fun grow(current: Int, needed: Int): Int {
        val doubled = if (current > Int.MAX_VALUE / 2) Int.MAX_VALUE else current * 2
        return maxOf(doubled, needed).coerceAtMost(maxBytes.coerceAtLeast(needed))
    }

    private fun sizeText(bytes: Int): String =
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) "${bytes / (1024 * 1024)} MiB" else "$bytes bytes"

    companion object {
        /** The default guard: 16 MiB for one line or one event. */
        const val DEFAULT_MAX_BYTES: Int = 16 * 1024 * 1024

        val EMPTY: ByteArray = ByteArray(0)
        const val LF: Byte = '\n'.code.toByte()
        const val CR: Byte = '\r'.code.toByte()
        private const val BOM0: Byte = 0xEF.toByte()
        private const val BOM1: Byte = 0xBB.toByte()
        private const val BOM2: Byte = 0xBF.toByte()

        /** A new decoder for a built-in [framing] with a guard of [maxBytes] (for tests of the guard). */
        fun of(framing: StreamFraming, provider: String, maxBytes: Int): LineDecoder = when (framing) {
            StreamFraming.SSE -> SseDecoder(provider, maxBytes)
            StreamFraming.NDJSON -> NdjsonDecoder(provider, maxBytes)
            else -> throw IllegalArgumentException("$framing is not a built-in framing")
        }
    }
}

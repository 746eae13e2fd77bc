package dev.switchboard.internal.http

import dev.switchboard.spi.StreamFrame

/**
 * A newline-delimited JSON decoder: one frame per non-blank line, LF or CRLF line ends, blank and
 * whitespace-only lines skipped, and a last line without a line break still a frame at the end of
 * the body. The JSON itself is the codec's business.
 */
internal class NdjsonDecoder(provider: String, maxBytes: Int = DEFAULT_MAX_BYTES) :
    LineDecoder(provider, maxBytes, crEndsLine = false) {
    /** A last line without a line break is still a frame. */
    override fun endOfInput(): StreamFrame? = takePending()

    override fun onLine(buf: ByteArray, off: Int, len: Int): StreamFrame? {
        var start = off
        var end = off + len
        while (start < end && isSpace(buf[start])) start++
        while (end > start && isSpace(buf[end - 1])) end--
        if (start == end) return null
        return StreamFrame(null, String(buf, start, end - start, Charsets.UTF_8))
    }

    private fun isSpace(b: Byte): Boolean = b == SPACE || b == TAB || b == CR

    private companion object {
        const val SPACE: Byte = ' '.code.toByte()
        const val TAB: Byte = '\t'.code.toByte()
    }
}

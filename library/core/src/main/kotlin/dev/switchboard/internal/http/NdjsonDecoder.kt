package dev.switchboard.internal.http

import dev.switchboard.spi.StreamFrame

/**
 * A newline-delimited JSON decoder: one frame per non-blank line, LF or CRLF line ends, blank and
 * whitespace-only lines skipped, and a last line without a line break still a frame at the end of
 * the body. The JSON itself is the codec's business.
 */
internal class NdjsonDecoder(provider: String, maxBytes: Int = DEFAULT_MAX_BYTES) : FrameDecoder(provider, maxBytes) {
    override val hasPartialFrame: Boolean get() = lineLen > 0 && !blank(line, 0, lineLen)

    override fun next(): StreamFrame? {
        val buf = input
        while (pos < limit) {
            var i = pos
            while (i < limit && buf[i] != LF) i++
            if (i == limit) {
                appendLine(buf, pos, limit - pos)
                pos = limit
                return null
            }
            val frame = if (lineLen == 0) {
                frame(buf, pos, i - pos)
            } else {
                appendLine(buf, pos, i - pos)
                val f = frame(line, 0, lineLen)
                lineLen = 0
                f
            }
            pos = i + 1
            if (frame != null) return frame
        }
        return null
    }

    override fun endOfInput(): StreamFrame? {
        if (lineLen == 0) return null
        val f = frame(line, 0, lineLen)
        lineLen = 0
        return f
    }

    private fun frame(buf: ByteArray, start: Int, length: Int): StreamFrame? {
        var off = skipBom(buf, start, length)
        var end = start + length
        while (off < end && isSpace(buf[off])) off++
        while (end > off && isSpace(buf[end - 1])) end--
        if (off == end) return null
        return StreamFrame(null, String(buf, off, end - off, Charsets.UTF_8))
    }

    private fun blank(buf: ByteArray, off: Int, len: Int): Boolean {
        for (k in off until off + len) if (!isSpace(buf[k])) return false
        return true
    }

    private fun isSpace(b: Byte): Boolean = b == SPACE || b == TAB || b == CR

    private companion object {
        const val SPACE: Byte = ' '.code.toByte()
        const val TAB: Byte = '\t'.code.toByte()
    }
}

package dev.switchboard.internal.http

import dev.switchboard.ProtocolException
import java.io.EOFException
import java.util.zip.CRC32
import java.util.zip.DataFormatException
import java.util.zip.Inflater

/**
 * Decodes a body sent with `Content-Encoding: gzip` or `deflate`, chunk by chunk, as it arrives: HTTP lets
 * a server compress when the request has no `Accept-Encoding`, and compressing proxies do. Concatenated
 * gzip members are decoded one after another; each member's CRC-32 and length are checked. Not thread-safe.
 *
 * Feed a chunk with [input], then call [inflate] until it returns 0 (more input needed); at the end of
 * the body call [finish].
 */
internal class BodyInflater private constructor(private val gzip: Boolean, private val provider: String) {
    private val inflater = Inflater(gzip)
    private val crc = CRC32()
    private var state = if (gzip) HEADER else DATA

    /** The unconsumed window of the current input chunk (header and trailer bytes are copied out of it). */
    private var buf: ByteArray = LineDecoder.EMPTY
    private var pos = 0
    private var end = 0

    /** Header or trailer bytes gathered across chunks. */
    private var gathered = ByteArray(64)
    private var gatheredLen = 0

    /** Bytes produced by the current member, for the trailer's length check. */
    private var memberBytes = 0L

    /**
     * Makes [len] bytes of [b] from [off] the next input. [b] must stay unchanged until [inflate] has
     * returned 0.
     */
    fun input(b: ByteArray, off: Int, len: Int) {
        buf = b
        pos = off
        end = off + len
        if (state == DATA) giveInflater()
    }

    /**
     * Decodes into [out]; returns how many bytes were written, 0 when more input is needed.
     *
     * @throws ProtocolException when the bytes are not a valid gzip or deflate stream.
     */
    fun inflate(out: ByteArray, off: Int = 0, len: Int = out.size - off): Int {
        while (true) {
            when (state) {
                HEADER -> {
                    var headerLength = gzipHeaderLength(gathered, gatheredLen)
                    while (headerLength == null) {
                        if (pos >= end) return 0
                        gather(HEADER_STEP)
                        headerLength = gzipHeaderLength(gathered, gatheredLen)
                    }
                    // The header was incomplete before the last step: what the step took past its end goes back.
                    pos -= gatheredLen - headerLength
                    gatheredLen = 0
                    inflater.reset()
                    crc.reset()
                    memberBytes = 0
                    state = DATA
                    giveInflater()
                }
                DATA -> {
                    val n = try {
                        inflater.inflate(out, off, len)
                    } catch (e: DataFormatException) {
                        throw corrupt(e.message ?: "invalid deflate data")
                    }
                    if (n > 0) {
                        if (gzip) crc.update(out, off, n)
                        memberBytes += n
                        return n
                    }
                    if (inflater.finished()) {
                        pos = end - inflater.remaining
                        state = if (gzip) TRAILER else DONE
                        continue
                    }
                    if (inflater.needsDictionary()) throw corrupt("a preset dictionary is required")
                    return 0
                }
                TRAILER -> {
                    gather(8 - gatheredLen)
                    if (gatheredLen < 8) return 0
                    val expectedCrc = le32(gathered, 0)
                    val expectedSize = le32(gathered, 4)
                    gatheredLen = 0
                    if (expectedCrc != crc.value) throw corrupt("CRC-32 mismatch")
                    if (expectedSize != (memberBytes and 0xFFFFFFFFL)) throw corrupt("length mismatch")
                    state = MEMBER_END
                }
                MEMBER_END -> {
                    if (pos >= end) return 0
                    state = HEADER
                }
                else -> {
                    // Bytes after a deflate stream's end are ignored.
                    pos = end
                    return 0
                }
            }
        }
    }

    /**
     * Checks that the body ended where a compressed stream may end.
     *
     * @throws EOFException when it ended in the middle of one.
     */
    fun finish() {
        if (state != MEMBER_END && state != DONE) throw EOFException("the compressed body ended before its end")
    }

    private fun giveInflater() {
        if (pos < end) inflater.setInput(buf, pos, end - pos)
        pos = end
    }

    /** Copies up to [max] bytes of the window into [gathered]. */
    private fun gather(max: Int) {
        val n = minOf(max, end - pos)
        if (n == 0) return
        if (gatheredLen + n > MAX_HEADER_BYTES) throw corrupt("a gzip header longer than $MAX_HEADER_BYTES bytes")
        if (gatheredLen + n > gathered.size) gathered = gathered.copyOf(maxOf(gathered.size * 2, gatheredLen + n))
        System.arraycopy(buf, pos, gathered, gatheredLen, n)
        gatheredLen += n
        pos += n
    }

    /** The length of the gzip member header in the first [len] bytes of [h], or null while incomplete. */
    private fun gzipHeaderLength(h: ByteArray, len: Int): Int? {
        if (len >= 1 && h[0] != 0x1F.toByte()) throw corrupt("not gzip data (no gzip magic number)")
        if (len >= 2 && h[1] != 0x8B.toByte()) throw corrupt("not gzip data (no gzip magic number)")
        if (len >= 3 && h[2] != 8.toByte()) throw corrupt("unknown gzip compression method ${h[2]}")
        if (len < 10) return null
        val flags = h[3].toInt()
        var i = 10
        if (flags and FEXTRA != 0) {
            if (len < i + 2) return null
            i += 2 + ((h[i].toInt() and 0xFF) or ((h[i + 1].toInt() and 0xFF) shl 8))
        }
        for (flag in intArrayOf(FNAME, FCOMMENT)) {
            if (flags and flag == 0) continue
            while (i < len && h[i] != 0.toByte()) i++
            if (i >= len) return null
            i++
        }
        if (flags and FHCRC != 0) i += 2
        return if (i <= len) i else null
    }

    private fun le32(b: ByteArray, at: Int): Long =
        (b[at].toLong() and 0xFF) or ((b[at + 1].toLong() and 0xFF) shl 8) or ((b[at + 2].toLong() and 0xFF) shl 16) or
            ((b[at + 3].toLong() and 0xFF) shl 24)

    private fun corrupt(what: String): ProtocolException = ProtocolException(
        "$provider sent a body with Content-Encoding ${if (gzip) "gzip" else "deflate"} that cannot be decoded ($what)",
        provider,
    )

    companion object {
        private const val HEADER = 0
        private const val DATA = 1
        private const val TRAILER = 2
        private const val MEMBER_END = 3
        private const val DONE = 4
        private const val FHCRC = 2
        private const val FEXTRA = 4
        private const val FNAME = 8
        private const val FCOMMENT = 16
        private const val MAX_HEADER_BYTES = 64 * 1024
        private const val HEADER_STEP = 256

        /**
         * A decoder for a body whose `Content-Encoding` is [contentEncoding], or null when it is not encoded
         * (absent or `identity`).
         *
         * @throws ProtocolException for a coding this client cannot decode (`br`, `zstd`, several codings).
         */
        fun of(contentEncoding: String?, provider: String, status: Int): BodyInflater? {
            val coding = contentEncoding?.trim()?.lowercase() ?: return null
            return when (coding) {
                "", "identity" -> null
                "gzip", "x-gzip" -> BodyInflater(true, provider)
                "deflate" -> BodyInflater(false, provider)
                else -> throw ProtocolException(
                    "$provider answered with Content-Encoding '$coding', which this client cannot decode (it decodes gzip " +
                        "and deflate); a proxy in between may be compressing responses",
                    provider, status,
                )
            }
        }

        /**
         * The whole of [body] decoded, at most [maxBytes] long.
         *
         * @throws ProtocolException when it is not valid, ends early or decodes to more than [maxBytes].
         */
        fun inflateAll(inflater: BodyInflater, body: ByteArray, maxBytes: Int, provider: String): ByteArray {
            var out = ByteArray(maxOf(1024, minOf(body.size.toLong() * 4, maxBytes.toLong()).toInt()))
            var len = 0
            inflater.input(body, 0, body.size)
            while (true) {
                if (len == out.size) {
                    if (out.size >= maxBytes) {
                        throw ProtocolException(
                            "$provider answered a compressed body that decodes to more than ${maxBytes / (1024 * 1024)} MiB; " +
                                "it was not decoded into memory",
                            provider,
                        )
                    }
                    out = out.copyOf(minOf(out.size.toLong() * 2, maxBytes.toLong()).toInt())
                }
                val n = inflater.inflate(out, len, out.size - len)
                if (n == 0) break
                len += n
            }
            try {
                inflater.finish()
            } catch (e: EOFException) {
                throw ProtocolException("$provider answered a compressed body that ends early (${e.message})", provider)
            }
            return out.copyOf(len)
        }
    }
}

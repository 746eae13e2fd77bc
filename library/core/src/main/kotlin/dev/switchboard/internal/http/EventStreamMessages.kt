package dev.switchboard.internal.http

import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction
import java.util.Base64
import java.util.zip.CRC32

/**
 * The binary message format of AWS event streams (`application/vnd.amazon.eventstream`), read and checked: a
 * 12-byte prelude (total length, headers length, CRC32 of those 8 bytes), the headers, the payload, and a CRC32 of
 * everything before it. Every length is checked against the message before it is used, so no input can make the
 * reader go past its bytes.
 */
internal object EventStreamMessages {
    /** Total length, headers length and the prelude's CRC. */
    const val PRELUDE_BYTES: Int = 12

    /** The smallest message: a prelude and a message CRC, no headers, no payload. */
    const val MIN_MESSAGE_BYTES: Int = 16

    /** One header: its [name], wire [type] (0 to 9) and value ([Boolean], [Byte], [Short], [Int], [Long], [String] or [ByteArray]). */
    class Header(val name: String, val type: Int, val value: Any) {
        /**
         * The value as text: `true`/`false`, decimal numbers (a timestamp in epoch milliseconds), a string as it is,
         * a byte array in base64, a UUID in its canonical form.
         */
        fun text(): String = when (type) {
            TYPE_STRING -> value as String
            TYPE_BYTES -> Base64.getEncoder().encodeToString(value as ByteArray)
            TYPE_UUID -> uuid(value as ByteArray)
            else -> value.toString()
        }
    }

    /** Why a message was refused; the decoder turns it into the transport's typed error. */
    class Malformed(message: String) : Exception(message, null, false, false)

    const val TYPE_TRUE: Int = 0
    const val TYPE_FALSE: Int = 1
    const val TYPE_BYTE: Int = 2
    const val TYPE_SHORT: Int = 3
    const val TYPE_INT: Int = 4
    const val TYPE_LONG: Int = 5
    const val TYPE_BYTES: Int = 6
    const val TYPE_STRING: Int = 7
    const val TYPE_TIMESTAMP: Int = 8
    const val TYPE_UUID: Int = 9

    /**
     * The total length the prelude at [off] of [buf] announces, after checking its CRC and that its lengths fit
     * together and within [maxBytes].
     *
     * @throws Malformed when the prelude is corrupt or announces a message longer than [maxBytes].
     */
    fun totalLength(buf: ByteArray, off: Int, maxBytes: Int, crc: CRC32): Int {
        crc.reset()
        crc.update(buf, off, 8)
        if (crc.value.toInt() != int(buf, off + 8)) throw Malformed("Prelude checksum mismatch")
        val total = int(buf, off)
        val headers = int(buf, off + 4)
        if (total < MIN_MESSAGE_BYTES) throw Malformed("a message length of $total bytes, less than the $MIN_MESSAGE_BYTES of an empty message")
        if (total > maxBytes) throw Malformed("a message of $total bytes, more than the $maxBytes this client buffers")
        if (headers < 0 || headers > total - MIN_MESSAGE_BYTES) throw Malformed("a headers length of $headers bytes in a message of $total")
        return total
    }

    /**
     * Checks the message CRC of the message of [total] bytes at [off] of [buf], whose prelude [totalLength] has checked.
     *
     * @throws Malformed when it does not match.
     */
    fun checkMessage(buf: ByteArray, off: Int, total: Int, crc: CRC32) {
        crc.reset()
        crc.update(buf, off, total - 4)
        if (crc.value.toInt() != int(buf, off + total - 4)) throw Malformed("Message checksum mismatch")
    }

    /**
     * The headers in the [length] bytes at [off] of [buf], in wire order.
     *
     * @throws Malformed when a header is malformed or runs past those bytes.
     */
    fun headers(buf: ByteArray, off: Int, length: Int): List<Header> {
        val headersEnd = off + length
        val headers = ArrayList<Header>(4)
        var p = off
        while (p < headersEnd) {
            val nameLength = buf[p++].toInt() and 0xFF
            if (nameLength == 0) throw Malformed("a header with an empty name")
            need(p, nameLength + 1, headersEnd)
            val name = utf8(buf, p, nameLength, "header name")
            p += nameLength
            val type = buf[p++].toInt()
            val value: Any
            when (type) {
                TYPE_TRUE -> value = true
                TYPE_FALSE -> value = false
                TYPE_BYTE -> { need(p, 1, headersEnd); value = buf[p]; p += 1 }
                TYPE_SHORT -> { need(p, 2, headersEnd); value = (((buf[p].toInt() and 0xFF) shl 8) or (buf[p + 1].toInt() and 0xFF)).toShort(); p += 2 }
                TYPE_INT -> { need(p, 4, headersEnd); value = int(buf, p); p += 4 }
                TYPE_LONG, TYPE_TIMESTAMP -> { need(p, 8, headersEnd); value = long(buf, p); p += 8 }
                TYPE_BYTES, TYPE_STRING -> {
                    need(p, 2, headersEnd)
                    val length = ((buf[p].toInt() and 0xFF) shl 8) or (buf[p + 1].toInt() and 0xFF)
                    p += 2
                    need(p, length, headersEnd)
                    // A string is checked here, so a frame's headers never hold a malformed one.
                    value = if (type == TYPE_STRING) utf8(buf, p, length, "value of header '$name'") else buf.copyOfRange(p, p + length)
                    p += length
                }
                TYPE_UUID -> { need(p, 16, headersEnd); value = buf.copyOfRange(p, p + 16); p += 16 }
                else -> throw Malformed("header '$name' of unknown type $type")
            }
            headers += Header(name, type, value)
        }
        return headers
    }

    private fun need(p: Int, n: Int, end: Int) {
        if (n > end - p) throw Malformed("a header that runs past the end of the headers")
    }

    private fun utf8(buf: ByteArray, off: Int, len: Int, what: String): String = if (ascii(buf, off, len)) {
        String(buf, off, len, Charsets.ISO_8859_1)
    } else {
        try {
            Charsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(buf, off, len)).toString()
        } catch (e: CharacterCodingException) {
            throw Malformed("a $what that is not UTF-8")
        }
    }

    private fun ascii(buf: ByteArray, off: Int, len: Int): Boolean {
        for (i in off until off + len) if (buf[i] < 0) return false
        return true
    }

    fun int(buf: ByteArray, p: Int): Int =
        ((buf[p].toInt() and 0xFF) shl 24) or ((buf[p + 1].toInt() and 0xFF) shl 16) or
            ((buf[p + 2].toInt() and 0xFF) shl 8) or (buf[p + 3].toInt() and 0xFF)

    private fun long(buf: ByteArray, p: Int): Long = (int(buf, p).toLong() shl 32) or (int(buf, p + 4).toLong() and 0xFFFFFFFFL)

    private fun uuid(b: ByteArray): String {
        val hex = StringBuilder(36)
        for (i in b.indices) {
            if (i == 4 || i == 6 || i == 8 || i == 10) hex.append('-')
            hex.append(HEX[(b[i].toInt() shr 4) and 0xF]).append(HEX[b[i].toInt() and 0xF])
        }
        return hex.toString()
    }

    private const val HEX = "0123456789abcdef"
}

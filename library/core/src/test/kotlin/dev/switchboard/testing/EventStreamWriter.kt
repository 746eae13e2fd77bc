package dev.switchboard.testing

import java.io.ByteArrayOutputStream
import java.nio.ByteBuffer
import java.util.zip.CRC32

/**
 * Writes AWS event-stream messages (`application/vnd.amazon.eventstream`) with string headers, as a loopback
 * server of a Bedrock-like service sends them: prelude, headers, payload and both CRC32s.
 */
public object EventStreamWriter {
    /** One message with [headers] (each a string header) and [payload]. */
    @JvmStatic
    public fun message(headers: Map<String, String>, payload: ByteArray): ByteArray {
        val h = ByteArrayOutputStream()
        for ((name, value) in headers) {
            val n = name.toByteArray(Charsets.UTF_8)
            val v = value.toByteArray(Charsets.UTF_8)
            require(n.size in 1..255 && v.size <= 0xFFFF) { "header too long: $name" }
            h.write(n.size)
            h.write(n)
            h.write(7)
            h.write(v.size shr 8)
            h.write(v.size and 0xFF)
            h.write(v)
        }
        val headerBytes = h.toByteArray()
        val total = 16 + headerBytes.size + payload.size
        val out = ByteBuffer.allocate(total)
        out.putInt(total).putInt(headerBytes.size)
        out.putInt(crc(out.array(), 0, 8))
        out.put(headerBytes).put(payload)
        out.putInt(crc(out.array(), 0, total - 4))
        return out.array()
    }

    /** An event: `:message-type event`, `:event-type` [type], `:content-type application/json`, and [json] as payload. */
    @JvmStatic
    public fun event(type: String, json: String): ByteArray = message(
        linkedMapOf(":event-type" to type, ":content-type" to "application/json", ":message-type" to "event"),
        json.toByteArray(Charsets.UTF_8),
    )

    /** An exception: `:message-type exception`, `:exception-type` [type], and [json] as payload. */
    @JvmStatic
    public fun exception(type: String, json: String): ByteArray = message(
        linkedMapOf(":exception-type" to type, ":content-type" to "application/json", ":message-type" to "exception"),
        json.toByteArray(Charsets.UTF_8),
    )

    private fun crc(b: ByteArray, off: Int, len: Int): Int = CRC32().also { it.update(b, off, len) }.value.toInt()
}

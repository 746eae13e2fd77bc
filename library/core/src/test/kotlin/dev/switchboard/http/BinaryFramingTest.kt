package dev.switchboard.http

import dev.switchboard.HttpOptions
import dev.switchboard.ProtocolException
import dev.switchboard.spi.FrameDecoder
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.StreamFraming
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.flow.toList
import java.io.ByteArrayOutputStream
import java.nio.ByteBuffer

/**
 * A framing defined outside core (as a provider's module would define AWS's binary event stream) goes through the real
 * transport: its Accept is sent, its decoder gets the body's bytes as they arrive, frames split across reads are
 * carried over, and a body that ends inside a frame is an error, not a short answer.
 *
 * The framing here: each message is a 4-byte big-endian length of what follows, a 1-byte length of the event type,
 * the event type (ASCII), then the payload bytes.
 */
class BinaryFramingTest : FunSpec({
    fun message(event: String, payload: ByteArray): ByteArray {
        val e = event.toByteArray(Charsets.US_ASCII)
        return ByteBuffer.allocate(4 + 1 + e.size + payload.size).putInt(1 + e.size + payload.size).put(e.size.toByte()).put(e).put(payload).array()
    }

    fun chunked(vararg parts: ByteArray): ByteArray = ByteArrayOutputStream().apply {
        for (p in parts) {
            write("${p.size.toString(16)}\r\n".toByteArray())
            write(p)
            write("\r\n".toByteArray())
        }
    }.toByteArray()

    val head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-test-frames\r\nTransfer-Encoding: chunked\r\n\r\n".toByteArray()
    val end = "0\r\n\r\n".toByteArray()
    val binary = byteArrayOf(0, 1, 2, -1, -2, 0x7F)
    val stream = message("start", "{\"a\":1}".toByteArray()) + message("bytes", binary) + message("stop", ByteArray(0))

    fun transport() = HttpTransport("bin", HttpOptions.builder().engine(CioTestEngine).maxRetries(0).build())

    test("frames split at every byte boundary across chunks arrive whole, with bytes and text, and the framing's Accept is sent") {
        var sawAccept: String? = null
        // Three chunks cut inside the length, inside the event name and inside the payload.
        val cuts = listOf(2, 13, 25)
        val parts = (listOf(0) + cuts + stream.size).zipWithNext { a, b -> stream.copyOfRange(a, b) }
        RawServer { input, output, _ ->
            val request = RawServer.readRequest(input)
            sawAccept = Regex("(?im)^accept:\\s*(.+?)\\r?$").find(request)?.groupValues?.get(1)
            output.write(head)
            for (p in parts) {
                output.write(chunked(p))
                output.flush()
                Thread.sleep(20)
            }
            output.write(end)
            output.flush()
        }.use { raw ->
            transport().use { t ->
                val frames = t.stream(HttpRequestSpec(raw.url("/frames"), "{}".toByteArray()), LengthPrefixed, TestErrors) {}.toList()
                frames.map { it.event } shouldBe listOf("start", "bytes", "stop")
                frames[0].data shouldBe "{\"a\":1}"
                frames[1].bytes.toList() shouldBe binary.toList()
                frames[2].bytes.size shouldBe 0
                frames[1].headers shouldBe mapOf("length" to "6")
            }
        }
        sawAccept shouldBe "application/x-test-frames"
    }

    test("a body that ends inside a frame is a ProtocolException") {
        val cut = stream.copyOfRange(0, stream.size - 3)
        RawServer { input, output, _ ->
            RawServer.readRequest(input)
            output.write(head + chunked(cut) + end)
            output.flush()
        }.use { raw ->
            transport().use { t ->
                val got = ArrayList<String?>()
                val e = shouldThrow<ProtocolException> {
                    t.stream(HttpRequestSpec(raw.url("/frames"), "{}".toByteArray()), LengthPrefixed, TestErrors) {}.collect { got += it.event }
                }
                e.message shouldContain "ended inside a frame"
                got shouldBe listOf("start", "bytes")
            }
        }
    }
})

/** The test's framing: length-prefixed binary messages. */
private object LengthPrefixed : StreamFraming {
    override val accept: String = "application/x-test-frames"
    override fun newDecoder(provider: String): FrameDecoder = Decoder(provider)

    /** Carries incomplete messages over in a buffer of its own: the transport reuses the array it feeds. */
    private class Decoder(private val provider: String) : FrameDecoder {
        private var pending = ByteArray(0)

        override fun feed(buf: ByteArray, off: Int, len: Int) {
            pending += buf.copyOfRange(off, off + len)
        }

        override fun next(): StreamFrame? {
            if (pending.size < 4) return null
            val length = ByteBuffer.wrap(pending, 0, 4).int
            if (pending.size < 4 + length) return null
            val nameLength = pending[4].toInt()
            val event = String(pending, 5, nameLength, Charsets.US_ASCII)
            val payload = pending.copyOfRange(5 + nameLength, 4 + length)
            pending = pending.copyOfRange(4 + length, pending.size)
            return StreamFrame.binary(event, payload, mapOf("length" to payload.size.toString()))
        }

        override fun endOfInput(): StreamFrame? {
            if (pending.isNotEmpty()) throw ProtocolException("$provider's stream ended inside a frame (${pending.size} bytes left)", provider)
            return null
        }
    }
}

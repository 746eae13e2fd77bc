package dev.switchboard.http

import dev.switchboard.ProtocolException
import dev.switchboard.internal.http.EventStreamDecoder
import dev.switchboard.internal.http.EventStreamMessages
import dev.switchboard.spi.EventStreamFraming
import dev.switchboard.testing.EventStreamWriter
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.kotest.matchers.string.shouldContain
import java.nio.ByteBuffer
import java.util.zip.CRC32
import kotlin.random.Random

/** The event-stream framing on streams of several messages: events, exceptions, carry-over, guards and cut-off bodies. */
class EventStreamDecoderTest : FunSpec({
    val stream = EventStreamWriter.event("messageStart", """{"role":"assistant"}""") +
        EventStreamWriter.event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Grüße"}}""") +
        EventStreamWriter.exception("throttlingException", """{"message":"Too many requests"}""")
    val wanted = listOf(
        F("messageStart", """{"role":"assistant"}"""),
        F("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Grüße"}}"""),
        F("throttlingException", """{"message":"Too many requests"}"""),
    )

    test("messages cut at every byte boundary come out whole, with their event or exception type") {
        for (chunks in splits(stream, tripleLimit = 0)) decodeChunks(EventStreamDecoder("bedrock"), chunks) shouldBe wanted
    }

    test("a frame's headers carry the message type, and its bytes are the payload") {
        val d = EventStreamFraming.newDecoder("bedrock")
        d.feed(stream, 0, stream.size)
        val first = checkNotNull(d.next())
        first.headers[":message-type"] shouldBe "event"
        first.headers[":content-type"] shouldBe "application/json"
        first.bytes.decodeToString() shouldBe """{"role":"assistant"}"""
        d.next()
        checkNotNull(d.next()).headers[":message-type"] shouldBe "exception"
        d.next() shouldBe null
        d.endOfInput() shouldBe null
    }

    test("an error message's frame is named after its :error-code") {
        val m = EventStreamWriter.message(linkedMapOf(":message-type" to "error", ":error-code" to "InternalFailure", ":error-message" to "boom"), ByteArray(0))
        decodeChunks(EventStreamDecoder("bedrock"), listOf(m)) shouldBe listOf(F("InternalFailure", ""))
    }

    test("a body that ends inside a message is a ProtocolException, inside the prelude or after it") {
        for (cut in listOf(5, 12, stream.size - 1)) {
            val e = shouldThrow<ProtocolException> { decodeChunks(EventStreamDecoder("bedrock"), listOf(stream.copyOf(cut))) }
            e.message shouldContain "ended inside a message"
        }
    }

    test("a message larger than the guard is refused from its prelude, before its bytes are buffered") {
        val big = EventStreamWriter.event("contentBlockDelta", "x".repeat(5000))
        val d = EventStreamFraming.newDecoder("bedrock", 4096)
        d.feed(big, 0, 12)
        shouldThrow<ProtocolException> { d.next() }.message shouldContain "more than the 4096"
    }

    test("a flipped payload bit fails the message checksum; text that is no event stream fails the prelude checksum") {
        val broken = stream.copyOf().also { it[30] = (it[30].toInt() xor 1).toByte() }
        shouldThrow<ProtocolException> { decodeChunks(EventStreamDecoder("bedrock"), listOf(broken)) }.message shouldContain "checksum mismatch"
        val html = "<html><body>Gateway timeout</body></html>".toByteArray()
        shouldThrow<ProtocolException> { decodeChunks(EventStreamDecoder("bedrock"), listOf(html)) }.message shouldContain "Prelude checksum mismatch"
    }

    test("lengths that do not fit together are refused even with a valid prelude checksum") {
        fun prelude(total: Int, headers: Int): ByteArray {
            val b = ByteBuffer.allocate(16).putInt(total).putInt(headers)
            val crc = CRC32().also { it.update(b.array(), 0, 8) }.value.toInt()
            return b.putInt(crc).putInt(0).array()
        }
        shouldThrow<ProtocolException> { decodeChunks(EventStreamDecoder("x"), listOf(prelude(8, 0))) }.message shouldContain "less than"
        shouldThrow<ProtocolException> { decodeChunks(EventStreamDecoder("x"), listOf(prelude(16, 1))) }.message shouldContain "headers length"
        shouldThrow<ProtocolException> { decodeChunks(EventStreamDecoder("x"), listOf(prelude(16, -5))) }.message shouldContain "headers length"
    }

    test("a header that runs past the headers, or of an unknown type, is refused") {
        fun withHeaders(h: ByteArray): ByteArray {
            val total = 16 + h.size
            val b = ByteBuffer.allocate(total).putInt(total).putInt(h.size)
            b.putInt(CRC32().also { it.update(b.array(), 0, 8) }.value.toInt()).put(h)
            return b.putInt(CRC32().also { it.update(b.array(), 0, total - 4) }.value.toInt()).array()
        }
        shouldThrow<ProtocolException> { decodeChunks(EventStreamDecoder("x"), listOf(withHeaders(byteArrayOf(3, 'a'.code.toByte(), 'b'.code.toByte(), 'c'.code.toByte(), 7, 0, 9, 'x'.code.toByte())))) }
            .message shouldContain "runs past"
        shouldThrow<ProtocolException> { decodeChunks(EventStreamDecoder("x"), listOf(withHeaders(byteArrayOf(1, 'a'.code.toByte(), 12)))) }
            .message shouldContain "unknown type 12"
        shouldThrow<ProtocolException> { decodeChunks(EventStreamDecoder("x"), listOf(withHeaders(byteArrayOf(0)))) }
            .message shouldContain "empty name"
    }

    test("a message with the previous one's header bytes shares its headers; any other header bytes are read again") {
        val delta = { text: String -> EventStreamWriter.event("contentBlockDelta", """{"delta":{"text":"$text"}}""") }
        val note = linkedMapOf(":message-type" to "event", ":event-type" to "contentBlockDelta", "x-note" to "Grüße ✓")
        val body = delta("a") + delta("b") +
            // Same header length as a delta, other bytes.
            EventStreamWriter.event("contentBlockStart", "{}") + delta("c") +
            EventStreamWriter.message(note, "{}".toByteArray()) +
            EventStreamWriter.message(linkedMapOf(":message-type" to "error", ":error-code" to "InternalFailure"), ByteArray(0)) +
            EventStreamWriter.message(emptyMap(), "x".toByteArray()) + EventStreamWriter.message(emptyMap(), "y".toByteArray()) + delta("d")
        val d = EventStreamFraming.newDecoder("bedrock")
        d.feed(body, 0, body.size)
        val frames = generateSequence { d.next() }.toList()
        frames.map { it.f() } shouldBe listOf(
            F("contentBlockDelta", """{"delta":{"text":"a"}}"""), F("contentBlockDelta", """{"delta":{"text":"b"}}"""),
            F("contentBlockStart", "{}"), F("contentBlockDelta", """{"delta":{"text":"c"}}"""), F("contentBlockDelta", "{}"),
            F("InternalFailure", ""), F(null, "x"), F(null, "y"), F("contentBlockDelta", """{"delta":{"text":"d"}}"""),
        )
        frames[1].headers shouldBeSameInstanceAs frames[0].headers
        frames[3].headers shouldBe frames[0].headers
        frames[4].headers shouldBe note
        frames[5].headers shouldBe mapOf(":message-type" to "error", ":error-code" to "InternalFailure")
        frames[6].headers shouldBe emptyMap()
        frames[8].headers shouldBe frames[0].headers
        shouldThrow<UnsupportedOperationException> { (frames[0].headers as MutableMap<String, String>)[":event-type"] = "x" }
    }

    test("random streams of messages come out as each message decoded on its own, headers and all") {
        val rnd = Random(7)
        val kinds = listOf(
            linkedMapOf(":message-type" to "event", ":event-type" to "contentBlockDelta", ":content-type" to "application/json"),
            linkedMapOf(":message-type" to "event", ":event-type" to "contentBlockStart", ":content-type" to "application/json"),
            linkedMapOf(":message-type" to "event", ":content-type" to "application/json", ":event-type" to "contentBlockDelta"),
            linkedMapOf(":message-type" to "exception", ":exception-type" to "throttlingException"),
            linkedMapOf(":message-type" to "event", ":event-type" to "métadonnées"),
            linkedMapOf(":message-type" to "event", ":event-type" to "x".repeat(1100)),
            linkedMapOf(),
        )
        repeat(300) {
            val messages = List(1 + rnd.nextInt(12)) {
                EventStreamWriter.message(kinds[rnd.nextInt(kinds.size)], ByteArray(rnd.nextInt(40)) { (97 + rnd.nextInt(26)).toByte() })
            }
            val wanted = messages.map { m ->
                val message = EventStreamMessages.decode(m, 0, m.size, CRC32())
                val headers = message.headers.associate { it.name to it.text() }
                val event = when (headers[":message-type"]) {
                    "exception" -> headers[":exception-type"]
                    else -> headers[":event-type"]
                }
                Triple(event, message.payload.decodeToString(), headers)
            }
            val body = messages.reduce { a, b -> a + b }
            val chunks = randomCuts(rnd, body)
            val d = EventStreamDecoder("bedrock")
            val got = ArrayList<Triple<String?, String, Map<String, String>>>()
            for (chunk in chunks) {
                val buf = chunk.copyOf()
                d.feed(buf, 0, buf.size)
                while (true) {
                    val f = d.next() ?: break
                    got += Triple(f.event, f.data, f.headers)
                }
                buf.fill(0x55)
            }
            d.endOfInput() shouldBe null
            got shouldBe wanted
        }
    }

    test("the framing asks for application/vnd.amazon.eventstream") {
        EventStreamFraming.accept shouldBe "application/vnd.amazon.eventstream"
        shouldThrow<IllegalArgumentException> { EventStreamFraming.newDecoder("x", 15) }
    }
})

private fun randomCuts(rnd: Random, bytes: ByteArray): List<ByteArray> {
    val cuts = (List(rnd.nextInt(5)) { rnd.nextInt(bytes.size + 1) } + bytes.size).sorted()
    var from = 0
    return cuts.map { to -> bytes.copyOfRange(from, to).also { from = to } }
}

package dev.switchboard.fuzz

import com.code_intelligence.jazzer.api.FuzzedDataProvider
import com.code_intelligence.jazzer.junit.FuzzTest
import dev.switchboard.ProtocolException
import dev.switchboard.spi.EventStreamFraming
import dev.switchboard.testing.EventStreamWriter

/**
 * Fuzzes the AWS event-stream decoder: any bytes (or valid messages the fuzzer chose, then corrupted), cut
 * anywhere, with a small size guard. Only a [ProtocolException] may escape; the frames must not depend on where the
 * body was cut, and no frame may be larger than its body. `mvn verify` fuzzes it for a bounded time (the
 * `fuzz-eventstream` execution of this module's pom); `mvn test` does not run it.
 */
class EventStreamDecoderFuzz {
    @FuzzTest(maxDuration = "20s")
    fun eventStream(data: FuzzedDataProvider) {
        val maxBytes = data.consumeInt(16, 4096)
        val cutSeeds = IntArray(data.consumeInt(0, 12)) { data.consumeInt(0, Int.MAX_VALUE) }
        val body = if (data.consumeBoolean()) {
            // Well-formed messages, then bytes flipped: the checksums must catch what the structure does not.
            var b = ByteArray(0)
            repeat(data.consumeInt(0, 4)) { b += EventStreamWriter.event(data.consumeString(40).ifEmpty { "e" }, data.consumeString(200)) }
            repeat(data.consumeInt(0, 3)) { if (b.isNotEmpty()) b[data.consumeInt(0, b.size - 1)] = data.consumeByte() }
            b + data.consumeRemainingAsBytes()
        } else {
            data.consumeRemainingAsBytes()
        }
        val whole = decode(maxBytes, listOf(body)) ?: return
        val cuts = cutSeeds.map { it % (body.size + 1) }.sorted()
        val chunks = ArrayList<ByteArray>()
        var from = 0
        for (to in cuts + body.size) {
            chunks += body.copyOfRange(from, to)
            from = to
        }
        val split = decode(maxBytes, chunks)
        if (whole != split) throw AssertionError("frames depend on where the body was cut (${chunks.map { it.size }}):\n$whole\nvs\n$split")
        for (f in whole) if (f.second.size > body.size) throw AssertionError("a frame larger than its body")
    }

    /** The frames as (event, payload as a list, headers), or null when the decoder refused the body. */
    private fun decode(maxBytes: Int, chunks: List<ByteArray>): List<Triple<String?, List<Byte>, Map<String, String>>>? {
        val decoder = EventStreamFraming.newDecoder("fuzz", maxBytes)
        val out = ArrayList<Triple<String?, List<Byte>, Map<String, String>>>()
        try {
            for (chunk in chunks) {
                val buf = ByteArray(chunk.size + 5)
                chunk.copyInto(buf, 2)
                decoder.feed(buf, 2, chunk.size)
                while (true) {
                    val f = decoder.next() ?: break
                    out += Triple(f.event, f.bytes.toList(), f.headers)
                }
                buf.fill(0x5A)
            }
            decoder.endOfInput()
        } catch (e: ProtocolException) {
            return null
        }
        return out
    }
}

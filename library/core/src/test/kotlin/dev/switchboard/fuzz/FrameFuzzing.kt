package dev.switchboard.fuzz

import com.code_intelligence.jazzer.api.FuzzedDataProvider
import dev.switchboard.ProtocolException
import dev.switchboard.internal.http.LineDecoder
import dev.switchboard.spi.StreamFraming

/**
 * The oracle for fuzzing a frame decoder: any bytes, cut anywhere, with a small size guard. Only a
 * [ProtocolException] (a line or event over the guard) may escape; otherwise the frames must not depend
 * on where the network split the body (one chunk, or the chunks the input asks for), and no frame may be
 * larger than the body it came from.
 */
internal object FrameFuzzing {
    fun check(framing: StreamFraming, data: FuzzedDataProvider) {
        val maxBytes = data.consumeInt(16, 4096)
        val cutSeeds = IntArray(data.consumeInt(0, 12)) { data.consumeInt(0, Int.MAX_VALUE) }
        val body = data.consumeRemainingAsBytes()
        val cuts = cutSeeds.map { it % (body.size + 1) }.sorted()
        val whole = decode(framing, maxBytes, listOf(body)) ?: return
        val chunks = ArrayList<ByteArray>()
        var from = 0
        for (to in cuts + body.size) {
            chunks += body.copyOfRange(from, to)
            from = to
        }
        val split = decode(framing, maxBytes, chunks) ?: return
        if (whole != split) {
            throw AssertionError("frames depend on where the body was cut (${chunks.map { it.size }}):\n$whole\nvs\n$split")
        }
        for (f in whole) {
            if (f.second.length > body.size) throw AssertionError("a frame larger than its body: ${f.second.length} > ${body.size}")
        }
    }

    /** The frames as (event, data, id), or null when the size guard refused the body. */
    private fun decode(framing: StreamFraming, maxBytes: Int, chunks: List<ByteArray>): List<Triple<String?, String, String?>>? {
        val decoder = LineDecoder.of(framing, "fuzz", maxBytes)
        val out = ArrayList<Triple<String?, String, String?>>()
        try {
            for (chunk in chunks) {
                // At an offset in a bigger array, overwritten after use, as the transport's read buffer is.
                val buf = ByteArray(chunk.size + 5)
                chunk.copyInto(buf, 2)
                decoder.feed(buf, 2, chunk.size)
                while (true) {
                    val f = decoder.next() ?: break
                    out += Triple(f.event, f.data, f.id)
                }
                buf.fill(0x5A)
            }
            decoder.endOfInput()?.let { out += Triple(it.event, it.data, it.id) }
        } catch (e: ProtocolException) {
            return null
        }
        return out
    }
}

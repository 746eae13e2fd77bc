package dev.switchboard.http

import dev.switchboard.spi.FrameDecoder
import dev.switchboard.spi.StreamFrame

/** A frame as a comparable value. */
internal data class F(val event: String?, val data: String, val id: String? = null)

internal fun StreamFrame.f(): F = F(event, data, id)

/** Feeds [chunks] one by one into [decoder], draining it after each, then ends the input. */
internal fun decodeChunks(decoder: FrameDecoder, chunks: List<ByteArray>): List<F> {
    val out = ArrayList<F>()
    for (chunk in chunks) {
        // Copy into a reused, bigger array at an offset, as the transport's read buffer would be.
        val buf = ByteArray(chunk.size + 7)
        chunk.copyInto(buf, 3)
        decoder.feed(buf, 3, chunk.size)
        while (true) out += (decoder.next() ?: break).f()
        buf.fill(0x55) // the decoder must not keep references into the chunk
    }
    decoder.endOfInput()?.let { out += it.f() }
    return out
}

/** Every way to cut [body] into two pieces, plus every way into three for bodies up to [tripleLimit] bytes, plus byte by byte. */
internal fun splits(body: ByteArray, tripleLimit: Int = 120): Sequence<List<ByteArray>> = sequence {
    yield(listOf(body))
    for (i in 0..body.size) yield(listOf(body.copyOfRange(0, i), body.copyOfRange(i, body.size)))
    if (body.size <= tripleLimit) {
        for (i in 0..body.size) for (j in i..body.size) {
            yield(listOf(body.copyOfRange(0, i), body.copyOfRange(i, j), body.copyOfRange(j, body.size)))
        }
    }
    yield(body.map { byteArrayOf(it) })
}

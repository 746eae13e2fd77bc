package dev.switchboard.http

import dev.switchboard.internal.http.EventStreamDecoder
import dev.switchboard.internal.http.SseDecoder
import dev.switchboard.spi.FrameDecoder
import dev.switchboard.testing.EventStreamWriter
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.lang.ref.WeakReference

/**
 * A decoder does not keep the array it was fed once it has drained it: the pump feeds it pooled read buffers, and a
 * stream that mostly waits (ten thousand of them held at once) must not keep a 16 KB buffer the pool dropped.
 */
class DecoderInputTest : FunSpec({
    /** Feeds [decoder] a copy of [bytes] cut at [cut] (the rest later), drains it, and tells whether the arrays are gone. */
    fun fedArraysCollected(decoder: FrameDecoder, bytes: ByteArray, cut: Int): Boolean {
        val refs = ArrayList<WeakReference<ByteArray>>()
        for ((from, to) in listOf(0 to cut, cut to bytes.size)) {
            val buf = ByteArray(16 * 1024)
            bytes.copyInto(buf, 0, from, to)
            refs += WeakReference(buf)
            decoder.feed(buf, 0, to - from)
            while (decoder.next() != null) Unit
        }
        repeat(20) {
            if (refs.all { it.get() == null }) return true
            System.gc()
            Thread.sleep(20)
        }
        return false
    }

    test("the SSE decoder, after an event and after a line split across two reads") {
        val decoder = SseDecoder("p")
        val bytes = "data: {\"a\":1}\n\ndata: {\"b\":2}\n\n".toByteArray()
        fedArraysCollected(decoder, bytes, cut = 20) shouldBe true
        // still a working decoder
        decoder.feed("data: x\n\n".toByteArray(), 0, 9)
        decoder.next()?.data shouldBe "x"
    }

    test("the binary event-stream decoder, after a message and after one split across two reads") {
        val decoder = EventStreamDecoder("bedrock")
        val bytes = EventStreamWriter.event("a", """{"a":1}""") + EventStreamWriter.event("b", """{"b":2}""")
        fedArraysCollected(decoder, bytes, cut = bytes.size - 7) shouldBe true
        // a message cut inside its prelude
        fedArraysCollected(decoder, bytes, cut = 5) shouldBe true
    }
})

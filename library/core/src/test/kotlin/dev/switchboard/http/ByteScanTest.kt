package dev.switchboard.http

import dev.switchboard.internal.http.ByteScan
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random

/** The eight-bytes-at-a-time line-break search finds exactly what a byte-by-byte loop finds. */
class ByteScanTest : FunSpec({
    fun naive(buf: ByteArray, from: Int, limit: Int, cr: Boolean): Int {
        for (i in from until limit) if (buf[i] == '\n'.code.toByte() || (cr && buf[i] == '\r'.code.toByte())) return i
        return limit
    }

    test("every position of a break, in every alignment, among bytes that look like it") {
        // bytes one off LF and CR, high bytes (UTF-8) and zero: where a word trick could see a false break
        val fillers = byteArrayOf(0x0b, 0x09, 0x0c, 0x0e, 0x8a.toByte(), 0x8d.toByte(), 0xff.toByte(), 0x00, 'a'.code.toByte(), 0x01)
        for (length in 0..40) for (from in 0..minOf(length, 9)) for (at in from until length + 1) for (brk in listOf('\n', '\r')) {
            val buf = ByteArray(length) { fillers[(it * 7 + length) % fillers.size] }
            if (at < length) buf[at] = brk.code.toByte()
            for (cr in listOf(true, false)) ByteScan.lineEnd(buf, from, length, cr) shouldBe naive(buf, from, length, cr)
        }
    }

    test("runs of other control characters (flagged by the word test as candidates) before a break or none") {
        val controls = (0 until 0x0e).filter { it != 0x0a && it != 0x0d }.map { it.toByte() }
        for (length in 0..40) for (at in 0..length) {
            val buf = ByteArray(length) { controls[(it * 5 + length) % controls.size] }
            if (at < length) buf[at] = if (at % 2 == 0) '\r'.code.toByte() else '\n'.code.toByte()
            for (cr in listOf(true, false)) ByteScan.lineEnd(buf, 0, length, cr) shouldBe naive(buf, 0, length, cr)
        }
    }

    test("random bytes with random breaks") {
        val random = Random(3)
        repeat(20_000) {
            val buf = random.nextBytes(random.nextInt(1, 200))
            val from = random.nextInt(buf.size)
            val limit = random.nextInt(from, buf.size + 1)
            val cr = random.nextBoolean()
            ByteScan.lineEnd(buf, from, limit, cr) shouldBe naive(buf, from, limit, cr)
        }
    }
})

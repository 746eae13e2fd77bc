package dev.switchboard.internal.http

import java.lang.invoke.MethodHandles
import java.lang.invoke.VarHandle
import java.nio.ByteOrder

/**
 * Finds line breaks in a byte array eight bytes at a time ("SIMD within a register"): a streamed body's bytes are
 * nearly all inside lines, and a byte-by-byte loop with two comparisons per byte was a quarter of a stream's decoding
 * CPU.
 */
internal object ByteScan {
    private val LONGS: VarHandle = MethodHandles.byteArrayViewVarHandle(LongArray::class.java, ByteOrder.LITTLE_ENDIAN)
    private const val ONES = 0x0101010101010101L
    private const val HIGHS = -0x7f7f7f7f7f7f7f80L // 0x8080808080808080
    private const val LFS = 0x0a0a0a0a0a0a0a0aL
    private const val BELOW_0E = 0x0e0e0e0e0e0e0e0eL

    /** The position of the first LF (or, when [cr], the first LF or CR) in [buf] from [from] to [limit], or [limit]. */
    fun lineEnd(buf: ByteArray, from: Int, limit: Int, cr: Boolean): Int = if (cr) lfOrCr(buf, from, limit) else lf(buf, from, limit)

    private fun lf(buf: ByteArray, from: Int, limit: Int): Int {
        var i = from
        while (i + 8 <= limit) {
            val lf = (LONGS.get(buf, i) as Long) xor LFS
            // a zero byte of lf is a LF of the word; the lowest byte this flags is exact (a borrow only flags bytes above it)
            val found = (lf - ONES) and lf.inv() and HIGHS
            if (found != 0L) return i + (java.lang.Long.numberOfTrailingZeros(found) ushr 3)
            i += 8
        }
        while (i < limit) {
            if (buf[i] == LineDecoder.LF) return i
            i++
        }
        return limit
    }

    /**
     * The first LF or CR: a word is tested once for any byte below 0x0E (LF is 0x0A, CR 0x0D), which text nearly never
     * has otherwise; a flagged byte that is another control character (a tab, say) is stepped over.
     */
    private fun lfOrCr(buf: ByteArray, from: Int, limit: Int): Int {
        var i = from
        while (i + 8 <= limit) {
            val word = LONGS.get(buf, i) as Long
            // the high bit of each byte below 0x0E; the lowest byte this flags is exact (a borrow only flags bytes above it)
            val found = (word - BELOW_0E) and word.inv() and HIGHS
            if (found == 0L) {
                i += 8
                continue
            }
            val at = i + (java.lang.Long.numberOfTrailingZeros(found) ushr 3)
            val b = buf[at]
            if (b == LineDecoder.LF || b == LineDecoder.CR) return at
            i = at + 1
        }
        while (i < limit) {
            val b = buf[i]
            if (b == LineDecoder.LF || b == LineDecoder.CR) return i
            i++
        }
        return limit
    }
}

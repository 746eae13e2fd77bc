package dev.switchboard.internal.http

import java.util.concurrent.atomic.AtomicReferenceArray

/**
 * The arrays streams read their bodies into, shared: a stream holds one only while it has bytes to decode and
 * gives it back before it waits for more, so ten thousand open streams that mostly wait do not each keep
 * [SIZE] bytes. A small lock-free stack of slots; when it is empty a new array is made, when it is full a
 * returned one is dropped.
 */
internal object ReadBuffers {
    const val SIZE: Int = 16 * 1024
    private const val SLOTS = 32
    private val slots = AtomicReferenceArray<ByteArray?>(SLOTS)

    /** An array of [SIZE] bytes (its content is whatever it held before). */
    fun take(): ByteArray {
        for (i in 0 until SLOTS) {
            val b = slots.get(i)
            if (b != null && slots.compareAndSet(i, b, null)) return b
        }
        return ByteArray(SIZE)
    }

    /** Gives [buffer] back; the caller must not use it any more. */
    fun release(buffer: ByteArray) {
        for (i in 0 until SLOTS) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, buffer)) return
        }
    }
}

package dev.switchboard.internal.http

import java.util.concurrent.atomic.AtomicReferenceArray

/**
 * Arrays of [size] bytes that streams hold only while they have bytes to work on, shared: a stream takes one when it
 * needs it and gives it back before it waits for more, so ten thousand open streams that mostly wait do not each keep
 * one. A small lock-free stack of [slots]; when it is empty a new array is made, when it is full a returned one is
 * dropped.
 */
internal class ArrayPool(val size: Int, slots: Int) {
    private val slots = AtomicReferenceArray<ByteArray?>(slots)

    /** An array of [size] bytes (its content is whatever it held before). */
    fun take(): ByteArray {
        for (i in 0 until slots.length()) {
            val b = slots.get(i)
            if (b != null && slots.compareAndSet(i, b, null)) return b
        }
        return ByteArray(size)
    }

    /** Gives [buffer] (of [size] bytes) back; the caller must not use it any more. */
    fun release(buffer: ByteArray) {
        for (i in 0 until slots.length()) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, buffer)) return
        }
    }
}

/** The arrays streamed bodies are read into: 16 KB each. */
internal val ReadBuffers: ArrayPool = ArrayPool(16 * 1024, 32)

/** The arrays that carry a line split across two reads to its end (a longer line grows into an array of its own). */
internal val CarryBuffers: ArrayPool = ArrayPool(512, 64)

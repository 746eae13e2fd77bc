package dev.switchboard.spi

/**
 * A streamed answer's text, assembled from its deltas for the stream's final result, for a codec's stream decoder.
 *
 * A `StringBuilder` doubles its array when it fills, so at any moment up to half of what it holds is unused: at 1,150
 * characters of answer its array has room for 2,302, and a held stream keeps that for its whole length. This one
 * grows by a quarter (and at least [MIN_GROWTH] characters) instead, copying what it has into the larger array, so
 * that at most a fifth of what it holds (beyond its first 64 characters) is unused. The copies cost about four times
 * the text's length in all, a few microseconds for a long answer. ASCII and Latin-1 text takes a byte per character,
 * as in a `String`.
 *
 * Not thread-safe: one per stream decoder, as the decoder.
 */
@SwitchboardSpi
public class TextAccumulator : CharSequence {
    private var builder: StringBuilder = EMPTY_BUILDER

    override val length: Int get() = builder.length

    override fun get(index: Int): Char = builder[index]

    override fun subSequence(startIndex: Int, endIndex: Int): CharSequence = builder.subSequence(startIndex, endIndex)

    /** Adds [text] at the end. */
    public fun append(text: CharSequence): TextAccumulator {
        if (text.isEmpty()) return this
        val b = builder
        val needed = b.length + text.length
        if (needed > b.capacity()) {
            val grown = StringBuilder(maxOf(needed, b.length + b.length / 4 + MIN_GROWTH))
            grown.append(b)
            builder = grown
        }
        builder.append(text)
        return this
    }

    /** The text so far. */
    override fun toString(): String = builder.toString()

    private companion object {
        /** The least a full array grows by, in characters, so that a short answer is not copied for every delta. */
        const val MIN_GROWTH = 64

        /**
         * Shared by every accumulator without text yet, and never written to: its capacity is 0, so the first append
         * replaces it.
         */
        val EMPTY_BUILDER = StringBuilder(0)
    }
}

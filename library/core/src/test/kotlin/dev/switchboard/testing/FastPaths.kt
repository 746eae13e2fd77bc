package dev.switchboard.testing

import dev.switchboard.ChatStreamEvent
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame
import io.kotest.matchers.shouldBe
import kotlin.random.Random

/**
 * For the tests of a codec's fast path (a byte reader for the event that makes up nearly all of its streams): the same
 * frames through the stream decoder with the fast path and without it must give the same events, result and errors.
 */
object FastPaths {
    /** What the mutations insert, or put in place of a character: JSON's punctuation, escapes, digits, words. */
    val ALPHABET: List<String> = listOf("\"", "}", "]", "{", "[", ",", ":", " ", "\\", "n", "u", "1", "-", "+", ".", "e", "0", "a", "null", "\u0001", "\t")

    /** What [decoder] makes of [frames] (none fed after its terminator): its events and result, or the error it threw. */
    fun outcome(decoder: StreamDecoder, frames: List<StreamFrame>): String {
        val events = ArrayList<ChatStreamEvent>()
        return try {
            var terminated = false
            for (f in frames) if (!terminated) terminated = decoder.decode(f, events)
            "$events\n${decoder.finish(terminated)}"
        } catch (e: Exception) {
            "$events\n${e.javaClass.name}: ${e.message}"
        }
    }

    /** Requires the same [outcome] of [frames] through [decoder] made with its fast path on and off. */
    fun sameBothWays(frames: List<StreamFrame>, decoder: (fast: Boolean) -> StreamDecoder) {
        outcome(decoder(true), frames) shouldBe outcome(decoder(false), frames)
    }

    /**
     * [base] cut at one random place, with one character replaced, added or removed there, with escapes put at the start
     * of its [textKey]'s string, or as it is.
     */
    fun mutate(base: String, random: Random, textKey: String, alphabet: List<String> = ALPHABET): String {
        val at = random.nextInt(base.length)
        return when (random.nextInt(6)) {
            0 -> base.substring(0, at)
            1 -> base.replaceRange(at..at, alphabet.random(random))
            2 -> base.substring(0, at) + alphabet.random(random) + base.substring(at)
            3 -> base.removeRange(at..at)
            4 -> base.replace("\"$textKey\":\"", "\"$textKey\":\"\\u00e9\\n")
            else -> base
        }
    }
}

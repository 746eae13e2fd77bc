package dev.switchboard.cache

import dev.switchboard.replay.Recording
import dev.switchboard.replay.ReplayFile

/**
 * The bytes of a cache entry: a first line `switchboard-cache/1 <expiresAtMillis>` (0: no expiry), then the answer as
 * one replay line ([ReplayFile]: a `create` result, or every event of a stream in order). The format is the replay
 * file's, so an entry holds no prompt, header or key; the first line lets a reader refuse foreign or corrupt bytes.
 */
internal object CacheEntries {
    private const val MAGIC = "switchboard-cache/1 "

    fun encode(recording: Recording, expiresAtMillis: Long): ByteArray =
        (MAGIC + expiresAtMillis + "\n" + ReplayFile.encode(recording)).toByteArray(Charsets.UTF_8)

    /** What [bytes] hold, or why they cannot be read: an entry that is not one of ours, or damaged. */
    fun decode(bytes: ByteArray): Decoded {
        val text = try {
            Charsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString()
        } catch (e: java.nio.charset.CharacterCodingException) {
            return Decoded.Corrupt("not UTF-8 text")
        }
        if (!text.startsWith(MAGIC)) return Decoded.Corrupt("no '${MAGIC.trim()}' header")
        val newline = text.indexOf('\n')
        if (newline < 0) return Decoded.Corrupt("no line break after the header")
        val expiresAt = text.substring(MAGIC.length, newline).toLongOrNull() ?: return Decoded.Corrupt("an unreadable expiry")
        return try {
            Decoded.Entry(ReplayFile.decode(text.substring(newline + 1)), expiresAt)
        } catch (e: RuntimeException) {
            Decoded.Corrupt("an unreadable answer (${e.message?.take(200)})")
        }
    }

    sealed class Decoded {
        class Entry(val recording: Recording, val expiresAtMillis: Long) : Decoded() {
            fun expired(nowMillis: Long): Boolean = expiresAtMillis in 1..nowMillis
        }

        class Corrupt(val why: String) : Decoded()
    }
}

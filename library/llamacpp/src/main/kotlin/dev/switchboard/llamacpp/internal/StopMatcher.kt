package dev.switchboard.llamacpp.internal

/**
 * Finds the request's stop sequences in the text as it is generated. Text that may be the start of a stop sequence is
 * held back until the next piece shows whether it is; text from a stop sequence on is never released.
 */
internal class StopMatcher(private val stops: List<String>) {
    private val pending = StringBuilder()

    /** The stop sequence found, once one is. */
    var hit: String? = null
        private set

    /** Takes the next [piece] and returns the text that is now known to come before any stop sequence. */
    fun feed(piece: String): String {
        if (stops.isEmpty()) return piece
        pending.append(piece)
        var at = -1
        for (s in stops) {
            val i = pending.indexOf(s)
            if (i >= 0 && (at < 0 || i < at)) { at = i; hit = s }
        }
        if (at >= 0) {
            val out = pending.substring(0, at)
            pending.setLength(0)
            return out
        }
        var hold = 0
        for (s in stops) {
            for (k in minOf(s.length - 1, pending.length) downTo hold + 1) {
                if (pending.regionMatches(pending.length - k, s, 0, k)) { hold = k; break }
            }
        }
        val out = pending.substring(0, pending.length - hold)
        pending.delete(0, pending.length - hold)
        return out
    }

    /** The text held back, released when generation ends without a stop sequence. */
    fun flush(): String = pending.toString().also { pending.setLength(0) }

    private fun StringBuilder.regionMatches(start: Int, other: String, otherStart: Int, length: Int): Boolean {
        for (i in 0 until length) if (this[start + i] != other[otherStart + i]) return false
        return true
    }
}

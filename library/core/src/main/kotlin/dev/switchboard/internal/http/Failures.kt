package dev.switchboard.internal.http

import dev.switchboard.spi.HttpErrors
import kotlin.coroutines.cancellation.CancellationException

/**
 * Describes and redacts what engines throw (each engine classifies its own exceptions: [dev.switchboard.spi.HttpExchanger.classify]).
 */
internal object Failures {
    private const val MAX_DEPTH = 16

    /** The first cause that is not a [CancellationException], or null. */
    fun root(t: Throwable): Throwable? {
        var c: Throwable? = t
        var depth = 0
        while (c != null && depth++ < MAX_DEPTH) {
            if (c !is CancellationException) return c
            c = c.cause
        }
        return null
    }

    /** A short description of [t]'s most telling cause, such as `ConnectException: Connection refused`. */
    fun describe(t: Throwable): String {
        val r = root(t) ?: return "the exchange was aborted"
        var deepest: Throwable = r
        var depth = 0
        while (deepest.cause != null && deepest.cause !== deepest && depth++ < MAX_DEPTH) deepest = deepest.cause!!
        val pick = if (deepest.message.isNullOrBlank()) r else deepest
        val msg = pick.message?.takeIf { it.isNotBlank() }
        return if (msg == null) pick.javaClass.simpleName else "${pick.javaClass.simpleName}: $msg"
    }

    /**
     * [t] itself when no message in its cause chain holds anything [HttpErrors.redact] hides; otherwise a
     * copy of the chain with redacted messages and the original stack traces. Engines quote URLs (and so
     * keys passed as query parameters) in their messages; the cause kept in an error must not.
     */
    fun redacted(t: Throwable?): Throwable? {
        if (t == null) return null
        var c: Throwable? = t
        var depth = 0
        var clean = true
        while (c != null && depth++ < MAX_DEPTH) {
            val m = c.message
            if (m != null && HttpErrors.redact(m) != m) {
                clean = false
                break
            }
            c = c.cause?.takeIf { it !== c }
        }
        return if (clean) t else copy(t, 0)
    }

    private fun copy(t: Throwable, depth: Int): Throwable {
        val next = t.cause?.takeIf { it !== t && depth < MAX_DEPTH }
        return RedactedFailure(t, next?.let { copy(it, depth + 1) })
    }

    /** A failure's stand-in: its class name and redacted message, its stack trace, and the stand-in of its cause. */
    private class RedactedFailure(original: Throwable, cause: Throwable?) : Exception(
        original.javaClass.name + (original.message?.let { ": " + HttpErrors.redact(it) } ?: ""), cause,
    ) {
        init {
            stackTrace = original.stackTrace
        }

        override fun toString(): String = message ?: javaClass.name
    }
}

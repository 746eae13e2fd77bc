package dev.switchboard.internal.http

import dev.switchboard.spi.HttpErrors
import java.io.IOException
import java.net.SocketTimeoutException
import java.nio.channels.UnresolvedAddressException
import kotlin.coroutines.cancellation.CancellationException

/** Classifies what the Ktor engines throw, without depending on any engine. */
internal object Failures {
    private const val MAX_DEPTH = 16

    /** A connect timeout of any engine (Ktor's, the JDK's, OkHttp's or Apache's). */
    fun isConnectTimeout(t: Throwable): Boolean = any(t) {
        val name = it.javaClass.name
        name == "io.ktor.client.network.sockets.ConnectTimeoutException" ||
            name == "java.net.http.HttpConnectTimeoutException" ||
            name == "org.apache.hc.client5.http.ConnectTimeoutException" ||
            (it is SocketTimeoutException && it.message?.contains("connect", ignoreCase = true) == true)
    }

    /** An engine's own request or socket timeout (only when a caller configured one on their own client). */
    fun isOtherTimeout(t: Throwable): Boolean = any(t) {
        it is SocketTimeoutException || it.javaClass.name == "io.ktor.client.plugins.HttpRequestTimeoutException" ||
            it.javaClass.name == "java.net.http.HttpTimeoutException" || it.javaClass.simpleName == "SocketTimeoutException"
    }

    /** An I/O failure: a refused, reset or dropped connection, an unresolved host, a truncated body. */
    fun isIo(t: Throwable): Boolean = any(t) {
        it is IOException || it is UnresolvedAddressException || it is java.nio.channels.ClosedChannelException ||
            it.javaClass.name == "io.ktor.utils.io.ClosedWriteChannelException" ||
            it.javaClass.name == "kotlinx.io.EOFException" || it.javaClass.name == "kotlinx.io.IOException"
    }

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

    private inline fun any(t: Throwable, test: (Throwable) -> Boolean): Boolean {
        var c: Throwable? = t
        var depth = 0
        while (c != null && depth++ < MAX_DEPTH) {
            if (test(c)) return true
            c = c.cause
        }
        return false
    }
}

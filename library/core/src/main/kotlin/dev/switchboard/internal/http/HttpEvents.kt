package dev.switchboard.internal.http

import dev.switchboard.HttpEventListener
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.HttpErrors
import dev.switchboard.ResponseHeaders
import dev.switchboard.spi.Secrets
import org.slf4j.Logger
import org.slf4j.LoggerFactory
import java.time.Duration

/**
 * Calls an [HttpEventListener] for the transport: nothing secret reaches it (URLs without query, fragment or user
 * info, credential response headers hidden), and nothing it throws reaches the call (logged at WARN instead).
 */
internal class HttpEvents(private val listener: HttpEventListener) {
    fun attemptStarted(attempt: Int, method: String, url: String) {
        safely("attemptStarted") { listener.attemptStarted(attempt, method, safeUrl(url)) }
    }

    fun responseHeaders(attempt: Int, status: Int, headers: ResponseHeaders) {
        safely("responseHeaders") {
            listener.responseHeaders(attempt, status, HttpErrors.requestId(headers)?.let(HttpErrors::redact), SafeHeaders(headers))
        }
    }

    fun firstFrame(attempt: Int, startedNanos: Long) {
        safely("firstFrame") { listener.firstFrame(attempt, since(startedNanos)) }
    }

    fun attemptEnded(attempt: Int, startedNanos: Long, failure: Throwable?) {
        safely("attemptEnded") { listener.attemptEnded(attempt, since(startedNanos), failure) }
    }

    fun retryScheduled(attempt: Int, delayMillis: Long, cause: SwitchboardException) {
        safely("retryScheduled") { listener.retryScheduled(attempt, Duration.ofMillis(delayMillis), cause) }
    }

    private inline fun safely(method: String, call: () -> Unit) {
        try {
            call()
        } catch (e: Exception) {
            LOG.warn("{}.{} threw; the call goes on without it", listener.javaClass.name, method, e)
        }
    }

    /** Response headers as a listener may read them: no credentials, no cookies, values redacted. */
    private class SafeHeaders(private val headers: ResponseHeaders) : ResponseHeaders {
        override fun get(name: String): String? {
            if (SECRET_HEADER.containsMatchIn(name)) return null
            return headers[name]?.let(HttpErrors::redact)
        }

        override fun toString(): String = "ResponseHeaders(credentials hidden)"
    }

    private companion object {
        val LOG: Logger = LoggerFactory.getLogger(HttpEventListener::class.java)

        /** Headers that may carry a credential or a session: never shown to a listener. */
        val SECRET_HEADER = Regex("(?i)^(authorization|proxy-authorization|set-cookie|cookie)$|api-?key|secret|password|session")

        fun since(startedNanos: Long): Duration = Duration.ofNanos(System.nanoTime() - startedNanos)

        fun safeUrl(url: String): String = HttpErrors.redact(Secrets.safeUrl(url.substringBefore('#').substringBefore('?')))
    }
}

package dev.switchboard.internal.http

import dev.switchboard.HttpEventListener
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.HttpErrors
import dev.switchboard.ResponseHeaders
import dev.switchboard.spi.Secrets
import org.slf4j.Logger
import org.slf4j.LoggerFactory
import dev.switchboard.wrap.CallHttpEvents
import java.time.Duration
import kotlin.coroutines.CoroutineContext

/**
 * Calls the [HttpEventListener]s of a call for the transport, in order: nothing secret reaches them (URLs without
 * query, fragment or user info, credential response headers hidden), and nothing one throws reaches the call or the
 * listeners after it (logged at WARN instead).
 */
internal class HttpEvents(private val listeners: List<HttpEventListener>) {
    constructor(listener: HttpEventListener) : this(listOf(listener))

    fun attemptStarted(attempt: Int, method: String, url: String) {
        val safe = safeUrl(url)
        each("attemptStarted") { it.attemptStarted(attempt, method, safe) }
    }

    fun responseHeaders(attempt: Int, status: Int, headers: ResponseHeaders) {
        val requestId = HttpErrors.requestId(headers)?.let(HttpErrors::redact)
        val safe = SafeHeaders(headers)
        each("responseHeaders") { it.responseHeaders(attempt, status, requestId, safe) }
    }

    fun firstFrame(attempt: Int, startedNanos: Long) {
        val elapsed = since(startedNanos)
        each("firstFrame") { it.firstFrame(attempt, elapsed) }
    }

    fun attemptEnded(attempt: Int, startedNanos: Long, failure: Throwable?) {
        val elapsed = since(startedNanos)
        each("attemptEnded") { it.attemptEnded(attempt, elapsed, failure) }
    }

    fun retryScheduled(attempt: Int, delayMillis: Long, cause: SwitchboardException) {
        val delay = Duration.ofMillis(delayMillis)
        each("retryScheduled") { it.retryScheduled(attempt, delay, cause) }
    }

    private inline fun each(method: String, call: (HttpEventListener) -> Unit) {
        for (listener in listeners) {
            try {
                call(listener)
            } catch (e: Exception) {
                LOG.warn("{}.{} threw; the call goes on without it", listener.javaClass.name, method, e)
            }
        }
    }

    /** Response headers as a listener may read them: no credentials, no cookies, values redacted. */
    private class SafeHeaders(private val headers: ResponseHeaders) : ResponseHeaders {
        override fun get(name: String): String? {
            if (isSecretHeader(name)) return null
            return headers[name]?.let(HttpErrors::redact)
        }

        override fun toString(): String = "ResponseHeaders(credentials hidden)"
    }

    companion object {
        private val LOG: Logger = LoggerFactory.getLogger(HttpEventListener::class.java)

        /** Headers that may carry a credential or a session: never shown to a listener. */
        private val SECRET_HEADER_NAMES = setOf("authorization", "proxy-authorization", "set-cookie", "cookie")
        private val SECRET_HEADER_PARTS = listOf("apikey", "api-key", "secret", "password", "session")

        /** Whether a header named [name] may carry a credential: read per header a listener asks for, so without a regex. */
        fun isSecretHeader(name: String): Boolean {
            val lower = name.lowercase()
            return lower in SECRET_HEADER_NAMES || SECRET_HEADER_PARTS.any { lower.contains(it) }
        }

        /**
         * The events of a call made in [coroutine]: the client's own listener ([own], may be null), then those of the
         * call's [CallHttpEvents]; null when there are none, so that nothing is computed for them.
         */
        fun of(own: HttpEvents?, coroutine: CoroutineContext): HttpEvents? {
            val call = coroutine[CallHttpEvents] ?: return own
            return HttpEvents(if (own == null) call.listeners else own.listeners + call.listeners)
        }

        private fun since(startedNanos: Long): Duration = Duration.ofNanos(System.nanoTime() - startedNanos)

        /** The last URL made safe, and its safe form: a client calls the same URL again and again. */
        @Volatile private var lastUrl: Pair<String, String>? = null

        private fun safeUrl(url: String): String {
            lastUrl?.let { (raw, safe) -> if (raw == url) return safe }
            val safe = HttpErrors.redact(Secrets.safeUrl(url.substringBefore('#').substringBefore('?')))
            lastUrl = url to safe
            return safe
        }
    }
}

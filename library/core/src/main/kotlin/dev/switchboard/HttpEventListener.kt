package dev.switchboard

import dev.switchboard.ResponseHeaders
import java.time.Duration

/**
 * Hears what the HTTP transport does in each attempt of a call: set it with [HttpOptions.Builder.eventListener] to
 * see attempts, retries, status codes, request ids and the time to the first byte of a stream, which a wrapper of
 * the client cannot see. Every method does nothing by default, so an implementation (in Kotlin or Java) overrides
 * only what it needs.
 *
 * Attempts of one call (one `create`, or one collection of a stream) are numbered from 1; a retry, or the one
 * repeat of a request answered 401 when fresh credentials may help, is the next attempt. For each attempt:
 * [attemptStarted], then [responseHeaders] when a response arrives, [firstFrame] for the first frame of a stream,
 * and [attemptEnded]; then [retryScheduled] when the call tries again.
 *
 * Nothing secret is passed: URLs come without their query, fragment or user info, and with known key shapes
 * redacted; request headers are never passed; response headers that carry credentials or cookies read as absent.
 *
 * Threads: every method is called in the call's coroutine, on its thread, while the call waits, so it must be quick
 * and must not block. A listener that throws does not break the call: the exception is logged at WARN through
 * SLF4J (logger `dev.switchboard.HttpEventListener`) and the call goes on. A listener shared by several clients
 * is called concurrently.
 */
public interface HttpEventListener {
    /** Attempt number [attempt] of a call is being sent as [method] to [url] (without query, fragment or user info). */
    public fun attemptStarted(attempt: Int, method: String, url: String) {}

    /**
     * The response to [attempt] began with [status]; [requestId] is the provider's request id when it sent one, and
     * [headers] reads the other response headers (credential and cookie headers read as null, values redacted).
     * Called for error statuses and redirects too, before their body is read.
     */
    public fun responseHeaders(attempt: Int, status: Int, requestId: String?, headers: ResponseHeaders) {}

    /** The first frame of the stream of [attempt] arrived, [elapsed] after the attempt started. Streams only. */
    public fun firstFrame(attempt: Int, elapsed: Duration) {}

    /**
     * [attempt] ended, [elapsed] after it started: successfully when [failure] is null (for a stream, its body was
     * read to the end), else with [failure]: the typed [SwitchboardException] it failed with (retried or not), a
     * [kotlin.coroutines.cancellation.CancellationException] when the caller was cancelled or stopped collecting, or
     * what the stream's collector threw.
     */
    public fun attemptEnded(attempt: Int, elapsed: Duration, failure: Throwable?) {}

    /**
     * The call will send attempt `attempt + 1` after [delay] because [attempt] failed with [cause]; [delay] is the
     * backoff, or what the server asked for with `Retry-After` (capped at [HttpOptions.maxBackoff]).
     */
    public fun retryScheduled(attempt: Int, delay: Duration, cause: SwitchboardException) {}
}

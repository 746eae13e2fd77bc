package dev.switchboard.internal.http

import dev.switchboard.AuthenticationException
import dev.switchboard.ResponseHeaders
import dev.switchboard.SwitchboardException
import dev.switchboard.auth.RequestAuthorizer
import dev.switchboard.spi.ErrorDecoder
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpResponseBody
import dev.switchboard.spi.Secrets
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.StreamFraming
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.FlowCollector
import kotlin.coroutines.cancellation.CancellationException

/**
 * The attempts of one call: credentials per attempt (a retry asks the [authorizer] again; a 401 is sent once more
 * when it says fresh credentials may help), retries of retryable failures with backoff or the server's `Retry-After`,
 * never after a stream's first frame, and the HTTP events of each attempt.
 */
@OptIn(SwitchboardSpi::class)
internal class RetryLoop(
    private val context: TransportContext,
    private val authorizer: RequestAuthorizer?,
    random: () -> Double,
) {
    private val attempts = Attempts(context)
    private val retryPolicy = RetryPolicy(context.options.initialBackoff, context.options.maxBackoff, random)
    private val maxRetries = context.options.maxRetries

    suspend fun execute(spec: HttpRequestSpec, errors: ErrorDecoder): HttpResponseBody {
        val events = HttpEvents.of(context.events, currentCoroutineContext())
        var retry = 0
        var reauthorized = false
        var attempt = 0
        while (true) {
            val auth = authorize(spec)
            attempt++
            events?.attemptStarted(attempt, spec.method, spec.url)
            val started = System.nanoTime()
            val failure = try {
                return attempts.execute(spec, scrubbing(errors, auth), auth, attempt, events).also { events?.attemptEnded(attempt, started, null) }
            } catch (f: AttemptFailure) {
                events?.attemptEnded(attempt, started, f.error)
                f
            } catch (e: Throwable) {
                events?.attemptEnded(attempt, started, e)
                throw e
            }
            if (!reauthorized && reauthorize(failure, auth)) {
                reauthorized = true
                events?.retryScheduled(attempt, 0, failure.error)
                continue
            }
            if (!failure.retryable) throw failure.error
            if (retry >= maxRetries) throw gaveUp(failure.error, retry + 1, reauthorized)
            val backoff = retryPolicy.delayMillis(retry, failure.retryAfter)
            events?.retryScheduled(attempt, backoff, failure.error)
            delay(backoff)
            retry++
        }
    }

    suspend fun stream(
        collector: FlowCollector<StreamFrame>,
        spec: HttpRequestSpec,
        framing: StreamFraming,
        errors: ErrorDecoder,
        onOpen: (ResponseHeaders) -> Unit,
    ) {
        val events = HttpEvents.of(context.events, currentCoroutineContext())
        var retry = 0
        var reauthorized = false
        var number = 0
        while (true) {
            val auth = authorize(spec)
            val a = StreamExchange(spec, auth, ++number, events)
            events?.attemptStarted(number, spec.method, spec.url)
            try {
                attempts.stream(collector, spec, framing, scrubbing(errors, auth), onOpen, a, auth)
                events?.attemptEnded(number, a.started, null)
                return
            } catch (e: Throwable) {
                events?.attemptEnded(number, a.started, if (e is AttemptFailure) e.error else e)
                if (e !is AttemptFailure || a.passThrough) throw e
                if (!a.emitted && !reauthorized && reauthorize(e, auth)) {
                    reauthorized = true
                    events?.retryScheduled(number, 0, e.error)
                    continue
                }
                if (a.emitted || !e.retryable) throw e.error
                if (retry >= maxRetries) throw gaveUp(e.error, retry + 1, reauthorized)
                val backoff = retryPolicy.delayMillis(retry, e.retryAfter)
                events?.retryScheduled(number, backoff, e.error)
                delay(backoff)
                retry++
            }
        }
    }

    /**
     * [error] saying that the retries are exhausted: [tries] attempts of the retry budget, plus the one repeated with
     * fresh credentials after a 401 when [reauthorized].
     */
    private fun gaveUp(error: SwitchboardException, tries: Int, reauthorized: Boolean): SwitchboardException =
        error.also { it.attempts = tries + if (reauthorized) 1 else 0 }

    /** The [authorizer]'s headers for one attempt of [spec]; none without one. */
    private suspend fun authorize(spec: HttpRequestSpec): Map<String, String> {
        val a = authorizer ?: return emptyMap()
        context.checkOpen()
        return try {
            a.authorize(spec)
        } catch (e: SwitchboardException) {
            throw e
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            throw AuthenticationException(
                "Could not get credentials for ${context.provider}: ${HttpErrors.redact(Failures.describe(e))}", context.provider, 0,
                cause = Failures.redacted(e),
            )
        }
    }

    /**
     * [errors], taking the credentials of [auth] out of error bodies first: a server that echoes a token back must
     * not put it into an error message. The codec's own [Secrets] cannot know a token fetched per attempt.
     */
    private fun scrubbing(errors: ErrorDecoder, auth: Map<String, String>): ErrorDecoder {
        if (auth.isEmpty()) return errors
        val values = ArrayList<String>(auth.size * 2)
        for (v in auth.values) {
            values += v
            val space = v.indexOf(' ')
            if (space > 0) values += v.substring(space + 1) // the token of "Bearer <token>"
        }
        val secrets = Secrets(values)
        return ErrorDecoder { status, headers, body -> errors.decode(status, headers, secrets.scrub(body)) }
    }

    /** Whether a 401 answered to an attempt sent with [auth] is worth one more attempt with fresh credentials. */
    private fun reauthorize(failure: AttemptFailure, auth: Map<String, String>): Boolean {
        val a = authorizer ?: return false
        val error = failure.error
        return error is AuthenticationException && error.statusCode == 401 && a.onUnauthorized(auth)
    }
}

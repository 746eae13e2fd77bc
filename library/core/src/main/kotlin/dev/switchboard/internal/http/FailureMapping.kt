package dev.switchboard.internal.http

import dev.switchboard.ConnectionException
import dev.switchboard.RequestTimeoutException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.FailureKind
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.isActive
import kotlin.coroutines.cancellation.CancellationException

/**
 * Types what an attempt threw as the [SwitchboardException] its caller gets, and says whether it may be retried: the
 * exchanger classifies its engine's exceptions ([dev.switchboard.spi.HttpExchanger.classify]); where the attempt was
 * (before the headers, before the first frame, after it) decides the rest.
 */
@OptIn(SwitchboardSpi::class)
internal class FailureMapping(private val context: TransportContext) {
    private val provider = context.provider
    private val options = context.options

    /**
     * The typed failure for [e], thrown by the engine or by reading the body; a [CancellationException] of the
     * caller's own cancellation is returned as it is. [emitted] says whether a frame reached the collector.
     */
    suspend fun map(e: Throwable, spec: HttpRequestSpec, exchange: Exchange, emitted: Boolean): Throwable {
        if (e is AttemptFailure) return e
        if (e is CancellationException && !currentCoroutineContext().isActive) return e
        if (e is SwitchboardException) return AttemptFailure(e, retryable = e.isRetryable && !emitted)
        val kind = context.exchanger.classify(e)
        val cause = Failures.root(e)
        val what = Failures.describe(e)
        val where = context.where(spec)
        val retryable = kind == FailureKind.IO || e is CancellationException
        if (!exchange.headersArrived) {
            if (kind == FailureKind.CONNECT_TIMEOUT) return AttemptFailure(timeout(RequestTimeoutException.Kind.CONNECT, spec), retryable = true)
            if (kind == FailureKind.TIMEOUT) {
                // The engine's own timeout, not this transport's timer (which did not fire): say what it was.
                return AttemptFailure(
                    RequestTimeoutException(
                        "$provider at $where timed out in the HTTP engine before the response began " +
                            "(${HttpErrors.redact(what)}); the connect timeout is ${options.connectTimeout.toMillis()} ms " +
                            "(HttpOptions.connectTimeout), and the request timeout of ${options.requestTimeout.toMillis()} ms had not elapsed",
                        provider, RequestTimeoutException.Kind.REQUEST, Failures.redacted(cause),
                    ),
                    retryable = true,
                )
            }
            return AttemptFailure(
                ConnectionException("Could not reach $provider at $where: ${HttpErrors.redact(what)}", provider, Failures.redacted(cause)),
                retryable = retryable,
            )
        }
        if (!emitted) {
            if (kind == FailureKind.TIMEOUT || kind == FailureKind.CONNECT_TIMEOUT) {
                return AttemptFailure(timeout(RequestTimeoutException.Kind.IDLE, spec), retryable = true)
            }
            return AttemptFailure(
                ConnectionException(
                    "The connection to $provider at $where broke before the response was complete: ${HttpErrors.redact(what)}",
                    provider, Failures.redacted(cause),
                ),
                retryable = retryable,
            )
        }
        return AttemptFailure(
            StreamInterruptedException(
                "$provider's stream from $where broke after it began: ${HttpErrors.redact(what)}. " +
                    "The answer is incomplete and was not retried, because part of it was already delivered",
                provider, exchange.status, exchange.requestId, null, Failures.redacted(cause),
            ),
            retryable = false,
        )
    }

    /** The [RequestTimeoutException] of this transport's own timer of [kind] for [spec]. */
    fun timeout(kind: RequestTimeoutException.Kind, spec: HttpRequestSpec): RequestTimeoutException = when (kind) {
        RequestTimeoutException.Kind.IDLE -> RequestTimeoutException(
            "$provider's stream from ${context.where(spec)} sent nothing for longer than the idle timeout of " +
                "${options.streamIdleTimeout.toMillis()} ms (HttpOptions.streamIdleTimeout)",
            provider, kind,
        )
        RequestTimeoutException.Kind.REQUEST -> RequestTimeoutException(
            "$provider did not start its stream from ${context.where(spec)} within the request timeout of " +
                "${options.requestTimeout.toMillis()} ms (HttpOptions.requestTimeout)",
            provider, kind,
        )
        RequestTimeoutException.Kind.CONNECT -> RequestTimeoutException(
            "Connecting to ${context.where(spec)} took longer than the connect timeout of ${options.connectTimeout.toMillis()} ms " +
                "(HttpOptions.connectTimeout)",
            provider, kind,
        )
    }

    /** The request timeout of a non-streaming attempt, which had no answer at all in time. */
    fun unanswered(spec: HttpRequestSpec, kind: RequestTimeoutException.Kind): RequestTimeoutException = RequestTimeoutException(
        "$provider did not answer ${context.where(spec)} within the request timeout of ${options.requestTimeout.toMillis()} ms " +
            "(HttpOptions.requestTimeout)",
        provider, kind,
    )
}

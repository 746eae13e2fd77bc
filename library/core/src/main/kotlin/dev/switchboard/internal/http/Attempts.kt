package dev.switchboard.internal.http

import dev.switchboard.RequestTimeoutException
import dev.switchboard.ResponseHeaders
import dev.switchboard.spi.ErrorDecoder
import dev.switchboard.spi.ExchangeResponse
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpResponseBody
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.StreamFraming
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.coroutines.Job
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.isActive
import kotlinx.coroutines.job
import java.util.concurrent.ScheduledFuture

/**
 * One attempt of a call, with its timers: the request timeout until the answer (a whole body, or a stream's start),
 * then for a stream the idle watch of the [FramePump]. A failure is thrown as an [AttemptFailure] (or passed through:
 * a cancellation of the caller, or what the collector threw), for the [RetryLoop] to decide on.
 */
@OptIn(SwitchboardSpi::class)
internal class Attempts(private val context: TransportContext) {
    private val policy = RequestPolicy(context.provider)
    private val gate = ResponseGate(context.provider)
    private val failures = FailureMapping(context)
    private val pump = FramePump(context)

    /** One non-streaming attempt of [spec] sent with [auth]: the body of a successful response. */
    suspend fun execute(spec: HttpRequestSpec, errors: ErrorDecoder, auth: Map<String, String>, attempt: Int, events: HttpEvents?): HttpResponseBody {
        context.checkOpen()
        val exchange = Exchange(spec, auth, attempt, events)
        val outcome: Any = try {
            coroutineScope {
                val timer = requestTimer(coroutineContext.job, exchange)
                try {
                    send(spec, accept = null, auth, exchange) { response ->
                        gate.refuse(response, errors, exchange)
                            ?: HttpResponseBody(gate.readWhole(response.bodySource(), response.headers, response.status), response.headers)
                    }
                } finally {
                    timer.cancel(false)
                }
            }
        } catch (e: Throwable) {
            val fired = exchange.fired
            if (fired != null && currentCoroutineContext().isActive) throw AttemptFailure(failures.unanswered(spec, fired), retryable = true)
            throw failures.map(e, spec, exchange, emitted = false)
        }
        if (outcome is AttemptFailure) throw outcome
        return outcome as HttpResponseBody
    }

    /** One streaming attempt of [spec] sent with [auth], its frames emitted to [collector]. */
    suspend fun stream(
        collector: FlowCollector<StreamFrame>,
        spec: HttpRequestSpec,
        framing: StreamFraming,
        errors: ErrorDecoder,
        onOpen: (ResponseHeaders) -> Unit,
        a: StreamExchange,
        auth: Map<String, String>,
    ) {
        context.checkOpen()
        val outcome: AttemptFailure? = try {
            coroutineScope {
                val scopeJob = coroutineContext.job
                // Kept by the exchange, not in this frame, so that a held stream drops it once the stream starts.
                a.requestTimer = requestTimer(scopeJob, a)
                try {
                    send(spec, framing.accept, auth, a) { response ->
                        open(scopeJob, response, collector, framing, errors, onOpen, a)
                    }
                } finally {
                    a.stopRequestTimer()
                }
            }
        } catch (e: Throwable) {
            if (a.passThrough) throw e
            val fired = a.fired
            if (fired != null && currentCoroutineContext().isActive) throw AttemptFailure(failures.timeout(fired, spec), retryable = true)
            throw failures.map(e, spec, a, a.emitted)
        }
        if (outcome != null) throw outcome
    }

    /**
     * Sends one attempt of [spec] through the exchanger and gives the response to [handle], recording in [exchange]
     * that headers arrived; the exchange ends when [handle] returns or throws.
     */
    private suspend fun <T> send(
        spec: HttpRequestSpec,
        accept: String?,
        auth: Map<String, String>,
        exchange: Exchange,
        handle: suspend (ExchangeResponse) -> T,
    ): T = context.exchanger.exchange(policy.request(spec, accept, auth)) { response ->
        exchange.headersArrived = true
        exchange.status = response.status
        exchange.events?.responseHeaders(exchange.attempt, response.status, response.headers)
        handle(response)
    }

    /**
     * Reads one streamed response. The request timer keeps running while an error body or an HTML page is read, and
     * stops once the stream itself begins (the idle timeout takes over).
     */
    private suspend fun open(
        scopeJob: Job,
        response: ExchangeResponse,
        collector: FlowCollector<StreamFrame>,
        framing: StreamFraming,
        errors: ErrorDecoder,
        onOpen: (ResponseHeaders) -> Unit,
        a: StreamExchange,
    ): AttemptFailure? {
        val headers = response.headers
        a.requestId = dev.switchboard.spi.HttpErrors.requestId(headers)
        gate.refuse(response, errors, a)?.let { return it }
        val body = response.bodySource()
        val inflater = gate.inflater(headers, response.status)
        a.stopRequestTimer()
        try {
            onOpen(headers)
        } catch (e: Throwable) {
            a.passThrough = true
            throw e
        }
        val decoder = framing.newDecoder(context.provider)
        pump.run(scopeJob, body, decoder, collector, a, gate.declaredLength(headers), inflater)
        return null
    }

    /** Cancels [job] (the attempt's scope) when the response headers do not arrive within the request timeout. */
    private fun requestTimer(job: Job, exchange: Exchange): ScheduledFuture<*> = Timers.schedule(context.requestTimeoutNanos) {
        exchange.fired = RequestTimeoutException.Kind.REQUEST
        job.cancel()
    }
}

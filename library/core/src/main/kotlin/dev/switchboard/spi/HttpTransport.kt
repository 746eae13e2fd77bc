package dev.switchboard.spi

import dev.switchboard.HttpOptions
import dev.switchboard.ResponseHeaders
import dev.switchboard.auth.RequestAuthorizer
import dev.switchboard.internal.http.CallerThreads
import dev.switchboard.internal.http.EngineDiscovery
import dev.switchboard.internal.http.HttpEvents
import dev.switchboard.internal.http.RetryLoop
import dev.switchboard.internal.http.TransportContext
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.withContext
import java.util.concurrent.ThreadLocalRandom
import kotlin.coroutines.cancellation.CancellationException

/**
 * The HTTP machinery every provider shares: one Ktor client, timeouts, retries, framing and cancellation.
 *
 * Codecs never touch HTTP themselves: they hand this class an [HttpRequestSpec] and get bytes or
 * [StreamFrame]s back, with failures already typed as [SwitchboardException]s.
 *
 * The exchanges go through one [HttpExchanger]: [HttpOptions.exchanger] when given (shared, never closed here), or
 * the [KtorExchanger] over [HttpOptions.httpClient] when given (the caller's client, never closed here), or one this
 * transport creates, and closes, from the engine of [HttpOptions.engine] or the engine found with
 * [java.util.ServiceLoader] among the `switchboard-engine-*` modules on the classpath (the highest
 * [EngineProvider.priority] wins). The parts of the work are in `internal/http`: the retry loop, one attempt with its
 * timers, the response gate, the frame pump, the request policy and the failure mapping.
 *
 * Timeouts are enforced here, whatever the engine: [HttpOptions.requestTimeout] bounds each attempt of
 * a non-streaming call (a retry gets a fresh one) and each attempt of a stream until a successful
 * response begins (an error body included), [HttpOptions.streamIdleTimeout] bounds each silence of a
 * stream after that, and [HttpOptions.connectTimeout] is given to the engine. Retryable failures
 * (connection errors, timeouts, and the statuses whose decoded error [SwitchboardException.isRetryable],
 * such as 408, 409, 429 and 5xx) are retried up to [HttpOptions.maxRetries] times with exponential
 * backoff and full jitter, or after the delay the server asked for with `retry-after-ms` or
 * `Retry-After`, capped at [HttpOptions.maxBackoff].
 *
 * A body sent with `Content-Encoding: gzip` or `deflate` (which HTTP allows when the request has no
 * `Accept-Encoding`, and which compressing proxies send) is decoded, streams chunk by chunk; any other
 * coding is a [ProtocolException].
 *
 * With a [RequestAuthorizer], each attempt gets its credentials when it is sent (a retry asks again, so
 * it carries a refreshed token), and a request answered 401 is sent once more when the authorizer says
 * fresh credentials may help ([RequestAuthorizer.onUnauthorized]); never more than once.
 *
 * Safe to share between coroutines and threads.
 */
@SwitchboardSpi
@OptIn(ExperimentalSubclassOptIn::class)
public class HttpTransport internal constructor(
    /** The provider name used in errors. */
    public val provider: String,
    /** The options. */
    public val options: HttpOptions,
    random: () -> Double,
    authorizer: RequestAuthorizer?,
) : AutoCloseable {
    internal constructor(provider: String, options: HttpOptions, random: () -> Double) : this(provider, options, random, null)

    /**
     * A transport for [provider] (the name used in errors) with [options].
     *
     * @throws IllegalStateException when [options] name no exchanger, engine or client and no `switchboard-engine-*`
     *   module is on the classpath.
     */
    public constructor(provider: String, options: HttpOptions) : this(provider, options, { ThreadLocalRandom.current().nextDouble() })

    /**
     * A transport for [provider] with [options] that adds the credentials of [authorizer] (none when null)
     * to each attempt.
     *
     * @throws IllegalStateException when [options] name no exchanger, engine or client and no `switchboard-engine-*`
     *   module is on the classpath.
     */
    public constructor(provider: String, options: HttpOptions, authorizer: RequestAuthorizer?) :
        this(provider, options, { ThreadLocalRandom.current().nextDouble() }, authorizer)

    /** The exchanger this transport created and closes with itself; null when it was given one. */
    private val owned: HttpExchanger?
    private val context: TransportContext
    private val loop: RetryLoop

    /** The name of the engine in use: an [EngineProvider.name], an exchanger's [HttpExchanger.name], or `custom` for a given Ktor client. */
    public val engineName: String

    init {
        val given = options.exchanger ?: options.httpClient?.let { KtorExchanger.of(it) }
        val exchanger: HttpExchanger
        if (given != null) {
            exchanger = given
            owned = null
            engineName = given.name
        } else {
            val binding = options.engine ?: EngineDiscovery.default()
            exchanger = binding.create(options)
            owned = exchanger
            engineName = binding.name
        }
        context = TransportContext(provider, options, exchanger, options.eventListener?.let(::HttpEvents))
        loop = RetryLoop(context, authorizer, random)
    }

    /**
     * Sends [spec] and returns the body of a successful response, retrying retryable failures.
     *
     * Cancelling the calling coroutine cancels the exchange, closes its connection and rethrows the
     * [CancellationException] as it is; a retry's backoff is cancelled the same way.
     *
     * @throws dev.switchboard.SwitchboardException the typed error after the last attempt ([errors] decodes
     *   error statuses; a success answered as `text/html` and a redirect are [ProtocolException]s;
     *   connection failures are [ConnectionException]s; timeouts are [RequestTimeoutException]s; a
     *   malformed URL or a header HTTP cannot carry is a [BadRequestException], raised before sending; no
     *   credentials from the [RequestAuthorizer] is an [AuthenticationException] with status 0).
     * @throws IllegalStateException when this transport is closed.
     *
     * Threads: a caller with a dispatcher of its own continues on it. A caller without one (as in `suspend fun main`,
     * or on [kotlinx.coroutines.Dispatchers.Unconfined]) has the call run on [kotlinx.coroutines.Dispatchers.Default]
     * and continues there, never on a thread of the engine.
     */
    public suspend fun execute(spec: HttpRequestSpec, errors: ErrorDecoder): HttpResponseBody {
        if (CallerThreads.runsInPlace(currentCoroutineContext())) return withContext(CallerThreads.dispatcher) { loop.execute(spec, errors) }
        return loop.execute(spec, errors)
    }

    /**
     * A cold flow of the frames of a streamed response to [spec]; each collection sends the request again.
     *
     * [onOpen] is called with the response headers of each attempt whose status is successful, before its
     * first frame. Retries happen only before the first frame is emitted, so no frame is delivered twice.
     * The flow completes when the body ends; a partial SSE event at the end of the body is not emitted
     * (whether the stream was complete is the codec's call).
     *
     * Cancelling the collector (or stopping early, as `take` does) closes the connection; the
     * [CancellationException] passes through as it is. Exceptions thrown by the collector or by [onOpen]
     * pass through unchanged and are not retried.
     *
     * @throws dev.switchboard.SwitchboardException (from the flow) as [execute] does before the first frame;
     *   after it, [StreamInterruptedException] when the connection breaks, [RequestTimeoutException] of kind
     *   `IDLE` when the stream is silent for longer than [HttpOptions.streamIdleTimeout], and
     *   [ProtocolException] for bytes that are not valid framing.
     * @throws IllegalStateException (from the flow) when this transport is closed.
     *
     * Threads: a collector with a dispatcher of its own gets the frames on it. A collector without one (as in
     * `suspend fun main`, or on [kotlinx.coroutines.Dispatchers.Unconfined]) has the stream read on
     * [kotlinx.coroutines.Dispatchers.Default] and gets each frame from there, handed over one at a time (the
     * next frame is not read before the collector took this one), never on a thread of the engine.
     */
    public fun stream(
        spec: HttpRequestSpec,
        framing: StreamFraming,
        errors: ErrorDecoder,
        onOpen: (ResponseHeaders) -> Unit,
    ): Flow<StreamFrame> = flow { streamInto(this, spec, framing, errors, onOpen) }

    /**
     * What a collection of [stream] does, emitting into [collector] as it is: for this library's own clients, which
     * collect the frames themselves and re-emit events through a flow of their own, so that a frame does not pass
     * through a second flow's context checks. [collector] must not emit from another coroutine.
     *
     * A collector without a dispatcher of its own gets the frames through a rendezvous channel from a reader on
     * [CallerThreads.dispatcher] (see [stream]); [onOpen] then runs on the reader's side, before the first frame is
     * handed over.
     */
    internal suspend fun streamInto(
        collector: FlowCollector<StreamFrame>,
        spec: HttpRequestSpec,
        framing: StreamFraming,
        errors: ErrorDecoder,
        onOpen: (ResponseHeaders) -> Unit,
    ) {
        if (CallerThreads.runsInPlace(currentCoroutineContext())) {
            flow { loop.stream(this, spec, framing, errors, onOpen) }
                .buffer(Channel.RENDEZVOUS)
                .flowOn(CallerThreads.dispatcher)
                .collect(collector)
            return
        }
        loop.stream(collector, spec, framing, errors, onOpen)
    }

    /** Closes the exchanger if this transport created it; a given exchanger or Ktor client stays open. Idempotent. */
    override fun close() {
        if (context.close()) owned?.close()
    }

    override fun toString(): String = "HttpTransport($provider, engine=$engineName)"
}

/** The body of a successful response, with the response headers (the codec reads its request id from them). */
@SwitchboardSpi
public class HttpResponseBody(
    /** The body bytes. */
    public val bytes: ByteArray,
    /** The response headers. */
    public val headers: ResponseHeaders,
)

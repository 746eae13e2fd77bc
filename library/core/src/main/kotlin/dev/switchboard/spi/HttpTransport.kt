package dev.switchboard.spi

import dev.switchboard.ResponseHeaders

import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.ConnectionException
import dev.switchboard.HttpOptions
import dev.switchboard.ProtocolException
import dev.switchboard.RateLimitException
import dev.switchboard.RequestTimeoutException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.auth.RequestAuthorizer
import dev.switchboard.internal.http.BodyInflater
import dev.switchboard.internal.http.CallerThreads
import dev.switchboard.internal.http.EngineDiscovery
import dev.switchboard.internal.http.Failures
import dev.switchboard.internal.http.FrameDecoder
import dev.switchboard.internal.http.HttpEvents
import dev.switchboard.internal.http.ReadBuffers
import dev.switchboard.internal.http.RetryAfter
import dev.switchboard.internal.http.RetryPolicy
import dev.switchboard.internal.http.Timers
import dev.switchboard.internal.http.UserAgent
import io.ktor.client.HttpClient
import io.ktor.client.engine.HttpClientEngine
import io.ktor.client.plugins.expectSuccess
import io.ktor.client.request.HttpRequestBuilder
import io.ktor.client.request.prepareRequest
import io.ktor.client.request.setBody
import io.ktor.client.request.url
import io.ktor.client.statement.HttpResponse
import io.ktor.client.statement.bodyAsChannel
import io.ktor.http.ContentType
import io.ktor.http.HttpMethod
import io.ktor.http.content.ByteArrayContent
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.availableForRead
import io.ktor.utils.io.readAvailable
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.isActive
import kotlinx.coroutines.job
import kotlinx.coroutines.withContext
import java.io.EOFException
import java.util.concurrent.ScheduledFuture
import java.util.concurrent.ThreadLocalRandom
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.coroutines.cancellation.CancellationException

/**
 * The HTTP machinery every provider shares: one Ktor client, timeouts, retries, framing and cancellation.
 *
 * Codecs never touch HTTP themselves: they hand this class an [HttpRequestSpec] and get bytes or
 * [StreamFrame]s back, with failures already typed as [SwitchboardException]s.
 *
 * The Ktor client is [HttpOptions.httpClient] when given (used as it is and never closed here), or
 * one this transport creates over the engine of [HttpOptions.engine], or over the engine found with
 * [java.util.ServiceLoader] among the `switchboard-engine-*` modules on the classpath (the highest
 * [EngineProvider.priority] wins).
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
public class HttpTransport internal constructor(
    /** The provider name used in errors. */
    public val provider: String,
    /** The options. */
    public val options: HttpOptions,
    random: () -> Double,
    private val authorizer: RequestAuthorizer?,
) : AutoCloseable {
    internal constructor(provider: String, options: HttpOptions, random: () -> Double) : this(provider, options, random, null)

    /**
     * A transport for [provider] (the name used in errors) with [options].
     *
     * @throws IllegalStateException when [options] name no engine or client and no `switchboard-engine-*`
     *   module is on the classpath.
     */
    public constructor(provider: String, options: HttpOptions) : this(provider, options, { ThreadLocalRandom.current().nextDouble() })

    /**
     * A transport for [provider] with [options] that adds the credentials of [authorizer] (none when null)
     * to each attempt.
     *
     * @throws IllegalStateException when [options] name no engine or client and no `switchboard-engine-*`
     *   module is on the classpath.
     */
    public constructor(provider: String, options: HttpOptions, authorizer: RequestAuthorizer?) :
        this(provider, options, { ThreadLocalRandom.current().nextDouble() }, authorizer)

    private val engine: HttpClientEngine?
    /** The Ktor client, or null when [direct] carries the exchanges (no Ktor client is built then: that saves start-up time). */
    private val client: HttpClient?

    /** The engine when it carries exchanges itself ([DirectHttpEngine]): then there is no [client]. */
    private val direct: DirectHttpEngine?
    private val closed = AtomicBoolean(false)
    private val retryPolicy = RetryPolicy(options.initialBackoff, options.maxBackoff, random)
    private val requestTimeoutNanos = options.requestTimeout.toNanos()
    private val idleTimeoutNanos = options.streamIdleTimeout.toNanos()
    /** The [HttpOptions.eventListener], guarded; null when there is none, so that nothing is computed for it. */
    private val events: HttpEvents? = options.eventListener?.let(::HttpEvents)

    /** The name of the engine in use: an [EngineProvider.name], or `custom` for a given [HttpClient]. */
    public val engineName: String

    init {
        val given = options.httpClient
        if (given != null) {
            engine = null
            client = given
            direct = null
            engineName = "custom"
        } else {
            val binding = options.engine ?: EngineDiscovery.default()
            val created = binding.create(options)
            engine = created
            direct = created as? DirectHttpEngine
            client = if (direct != null) {
                null
            } else {
                HttpClient(created) {
                    expectSuccess = false
                    followRedirects = false
                    useDefaultTransformers = false
                }
            }
            engineName = binding.name
        }
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
        if (CallerThreads.runsInPlace(currentCoroutineContext())) return withContext(CallerThreads.dispatcher) { executeRetrying(spec, errors) }
        return executeRetrying(spec, errors)
    }

    private suspend fun executeRetrying(spec: HttpRequestSpec, errors: ErrorDecoder): HttpResponseBody {
        var retry = 0
        var reauthorized = false
        var attempt = 0
        while (true) {
            val auth = authorize(spec)
            attempt++
            events?.attemptStarted(attempt, spec.method, spec.url)
            val started = System.nanoTime()
            val failure = try {
                return executeOnce(spec, scrubbing(errors, auth), auth, attempt).also { events?.attemptEnded(attempt, started, null) }
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
            if (retry >= options.maxRetries) throw gaveUp(failure.error, retry + 1, reauthorized)
            val backoff = retryPolicy.delayMillis(retry, failure.retryAfter)
            events?.retryScheduled(attempt, backoff, failure.error)
            delay(backoff)
            retry++
        }
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
            flow { streamRetrying(this, spec, framing, errors, onOpen) }
                .buffer(Channel.RENDEZVOUS)
                .flowOn(CallerThreads.dispatcher)
                .collect(collector)
            return
        }
        streamRetrying(collector, spec, framing, errors, onOpen)
    }

    private suspend fun streamRetrying(
        collector: FlowCollector<StreamFrame>,
        spec: HttpRequestSpec,
        framing: StreamFraming,
        errors: ErrorDecoder,
        onOpen: (ResponseHeaders) -> Unit,
    ) {
        var retry = 0
        var reauthorized = false
        var number = 0
        while (true) {
            val auth = authorize(spec)
            val attempt = StreamAttempt(++number)
            events?.attemptStarted(number, spec.method, spec.url)
            try {
                streamOnce(collector, spec, framing, scrubbing(errors, auth), onOpen, attempt, auth)
                events?.attemptEnded(number, attempt.started, null)
                return
            } catch (e: Throwable) {
                events?.attemptEnded(number, attempt.started, if (e is AttemptFailure) e.error else e)
                if (e !is AttemptFailure || attempt.passThrough) throw e
                if (!attempt.emitted && !reauthorized && reauthorize(e, auth)) {
                    reauthorized = true
                    events?.retryScheduled(number, 0, e.error)
                    continue
                }
                if (attempt.emitted || !e.retryable) throw e.error
                if (retry >= options.maxRetries) throw gaveUp(e.error, retry + 1, reauthorized)
                val backoff = retryPolicy.delayMillis(retry, e.retryAfter)
                events?.retryScheduled(number, backoff, e.error)
                delay(backoff)
                retry++
            }
        }
    }

    /**
     * [error] saying that the retries are exhausted: [tries] attempts of the retry budget, plus the one repeated
     * with fresh credentials after a 401 when [reauthorized].
     */
    private fun gaveUp(error: SwitchboardException, tries: Int, reauthorized: Boolean): SwitchboardException =
        error.also { it.attempts = tries + if (reauthorized) 1 else 0 }

    /** Closes the Ktor client if this transport created it; a given [HttpOptions.httpClient] stays open. Idempotent. */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        if (engine != null) {
            client?.close()
            engine.close()
        }
    }

    override fun toString(): String = "HttpTransport($provider, engine=$engineName)"

    // ---------------------------------------------------------------------------------------------
    // Credentials per attempt

    /** The [authorizer]'s headers for one attempt of [spec]; none without one. */
    private suspend fun authorize(spec: HttpRequestSpec): Map<String, String> {
        val a = authorizer ?: return emptyMap()
        checkOpen()
        return try {
            a.authorize(spec)
        } catch (e: SwitchboardException) {
            throw e
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            throw AuthenticationException(
                "Could not get credentials for $provider: ${HttpErrors.redact(Failures.describe(e))}", provider, 0,
                cause = Failures.redacted(e),
            )
        }
    }

    /**
     * [errors], taking the credentials of [auth] out of error bodies first: a server that echoes a token
     * back must not put it into an error message. The codec's own [Secrets] cannot know a token fetched
     * per attempt.
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

    // ---------------------------------------------------------------------------------------------
    // One non-streaming attempt

    private suspend fun executeOnce(spec: HttpRequestSpec, errors: ErrorDecoder, auth: Map<String, String>, attempt: Int): HttpResponseBody {
        checkOpen()
        val exchange = Exchange(spec, auth, attempt)
        val outcome: Any = try {
            coroutineScope {
                val timer = requestTimer(coroutineContext.job, exchange)
                try {
                    send(spec, accept = null, auth, exchange) { response -> readWhole(response, errors, exchange) }
                } finally {
                    timer.cancel(false)
                }
            }
        } catch (e: Throwable) {
            val fired = exchange.fired
            if (fired != null && currentCoroutineContext().isActive) {
                throw AttemptFailure(
                    RequestTimeoutException(
                        "$provider did not answer ${where(spec)} within the request timeout of ${options.requestTimeout.toMillis()} ms " +
                            "(HttpOptions.requestTimeout)",
                        provider, fired,
                    ),
                    retryable = true,
                )
            }
            throw mapFailure(e, spec, exchange, emitted = false)
        }
        if (outcome is AttemptFailure) throw outcome
        return outcome as HttpResponseBody
    }

    /** The body of a successful response, or the [AttemptFailure] for an unsuccessful one (returned, not thrown, so the connection can be reused). */
    private suspend fun readWhole(response: Reply, errors: ErrorDecoder, exchange: Exchange): Any {
        val headers = response.headers
        val status = response.status
        if (status !in 200..299) return unsuccessful(response, headers, status, errors, exchange)
        val channel = response.body()
        val contentType = headers["Content-Type"]
        if (contentType != null && isHtml(contentType)) return htmlFailure(channel, headers, status, contentType, exchange)
        val inflater = BodyInflater.of(headers["Content-Encoding"], provider, status)
        val length = declaredLength(headers)
        val body = readAll(channel, length)
        return HttpResponseBody(if (inflater == null) body else BodyInflater.inflateAll(inflater, body, MAX_BODY_BYTES, provider), headers)
    }

    // ---------------------------------------------------------------------------------------------
    // One streaming attempt

    private suspend fun streamOnce(
        collector: FlowCollector<StreamFrame>,
        spec: HttpRequestSpec,
        framing: StreamFraming,
        errors: ErrorDecoder,
        onOpen: (ResponseHeaders) -> Unit,
        a: StreamAttempt,
        auth: Map<String, String>,
    ) {
        checkOpen()
        val exchange = Exchange(spec, auth, a.number)
        val accept = if (framing == StreamFraming.SSE) "text/event-stream" else "application/x-ndjson"
        val outcome: AttemptFailure? = try {
            coroutineScope {
                val scopeJob = coroutineContext.job
                val headerTimer = requestTimer(scopeJob, exchange)
                try {
                    send(spec, accept, auth, exchange) { response ->
                        pumpResponse(scopeJob, headerTimer, response, collector, framing, errors, onOpen, a, exchange)
                    }
                } finally {
                    headerTimer.cancel(false)
                }
            }
        } catch (e: Throwable) {
            if (a.passThrough) throw e
            val fired = exchange.fired
            if (fired != null && currentCoroutineContext().isActive) throw AttemptFailure(timeout(fired, spec), retryable = true)
            throw mapFailure(e, spec, exchange, a.emitted)
        }
        if (outcome != null) throw outcome
    }

    /**
     * Sends one attempt of [spec] through the [direct] engine or the Ktor [client] and gives the response to [handle],
     * recording in [exchange] that headers arrived; the exchange ends (its connection reused when the body was read to
     * its end, closed otherwise) when [handle] returns or throws.
     */
    private suspend inline fun <T> send(
        spec: HttpRequestSpec,
        accept: String?,
        auth: Map<String, String>,
        exchange: Exchange,
        crossinline handle: suspend (Reply) -> T,
    ): T {
        val direct = direct
        if (direct != null) {
            val response = direct.exchange(directRequest(spec, accept, auth))
            try {
                exchange.headersArrived = true
                exchange.status = response.status
                events?.responseHeaders(exchange.attempt, response.status, response.headers)
                return handle(DirectReply(response))
            } finally {
                response.release()
            }
        }
        return checkNotNull(client).prepareRequest { configure(spec, accept, auth) }.execute { response ->
            exchange.headersArrived = true
            exchange.status = response.status.value
            val reply = KtorReply(response)
            events?.responseHeaders(exchange.attempt, reply.status, reply.headers)
            handle(reply)
        }
    }

    /**
     * Reads one streamed response. The [requestTimer] keeps running while an error body or an HTML page
     * is read, and stops once the stream itself begins (the idle timeout takes over).
     */
    private suspend fun pumpResponse(
        scopeJob: Job,
        requestTimer: ScheduledFuture<*>,
        response: Reply,
        collector: FlowCollector<StreamFrame>,
        framing: StreamFraming,
        errors: ErrorDecoder,
        onOpen: (ResponseHeaders) -> Unit,
        a: StreamAttempt,
        exchange: Exchange,
    ): AttemptFailure? {
        val headers = response.headers
        exchange.requestId = HttpErrors.requestId(headers)
        val status = response.status
        if (status !in 200..299) return unsuccessful(response, headers, status, errors, exchange)
        val channel = response.body()
        val contentType = headers["Content-Type"]
        if (contentType != null && isHtml(contentType)) return htmlFailure(channel, headers, status, contentType, exchange)
        val inflater = BodyInflater.of(headers["Content-Encoding"], provider, status)
        requestTimer.cancel(false)
        try {
            onOpen(headers)
        } catch (e: Throwable) {
            a.passThrough = true
            throw e
        }
        val decoder = FrameDecoder.of(framing, provider)
        val length = declaredLength(headers)
        val idleWatch = IdleWatch(scopeJob, a, exchange)
        idleWatch.start()
        try {
            pump(channel, decoder, collector, a, length, inflater)
        } finally {
            idleWatch.stop()
        }
        return null
    }

    /**
     * Reads [channel] in large chunks into [decoder] (through [inflater] for a compressed body) and emits each
     * frame; the per-chunk path allocates nothing but frames.
     */
    private suspend fun pump(
        channel: ByteReadChannel,
        decoder: FrameDecoder,
        collector: FlowCollector<StreamFrame>,
        a: StreamAttempt,
        length: Long?,
        inflater: BodyInflater?,
    ) {
        if (inflater != null) return pumpCompressed(channel, decoder, collector, a, length, inflater)
        // The read buffer is held only while there are bytes to decode: it goes back to the shared pool before
        // the stream waits, so that many open streams that mostly wait keep no buffer each.
        var buf: ByteArray? = null
        var total = 0L
        try {
            while (true) {
                var frame = decoder.next()
                while (frame != null) {
                    deliver(collector, frame, a)
                    frame = decoder.next()
                }
                if (channel.availableForRead == 0) {
                    buf?.let { ReadBuffers.release(it) }
                    buf = null
                    a.waitingSince = System.nanoTime()
                    val more = channel.awaitContent(1)
                    a.waitingSince = NOT_WAITING
                    if (!more) {
                        channel.closedCause?.let { throw it }
                        if (length != null && total < length) throw EOFException("the body ended after $total of its $length bytes")
                        break
                    }
                }
                val b = buf ?: ReadBuffers.take().also { buf = it }
                val n = channel.readAvailable(b, 0, b.size)
                if (n < 0) {
                    channel.closedCause?.let { throw it }
                    if (length != null && total < length) throw EOFException("the body ended after $total of its $length bytes")
                    break
                }
                total += n
                decoder.feed(b, 0, n)
            }
        } finally {
            buf?.let { ReadBuffers.release(it) }
        }
        decoder.endOfInput()?.let { deliver(collector, it, a) }
    }

    /** [pump] for a compressed body: the inflater keeps its input array, so the arrays are the stream's own. */
    private suspend fun pumpCompressed(
        channel: ByteReadChannel,
        decoder: FrameDecoder,
        collector: FlowCollector<StreamFrame>,
        a: StreamAttempt,
        length: Long?,
        inflater: BodyInflater,
    ) {
        val buf = ByteArray(CHUNK_BYTES)
        val inflated = ByteArray(CHUNK_BYTES)
        var total = 0L
        while (true) {
            var frame = decoder.next()
            while (frame != null) {
                deliver(collector, frame, a)
                frame = decoder.next()
            }
            val m = inflater.inflate(inflated)
            if (m > 0) {
                decoder.feed(inflated, 0, m)
                continue
            }
            val n: Int
            if (channel.availableForRead == 0) {
                a.waitingSince = System.nanoTime()
                n = channel.readAvailable(buf, 0, buf.size)
                a.waitingSince = NOT_WAITING
            } else {
                n = channel.readAvailable(buf, 0, buf.size)
            }
            if (n < 0) {
                channel.closedCause?.let { throw it }
                if (length != null && total < length) throw EOFException("the body ended after $total of its $length bytes")
                inflater.finish()
                break
            }
            total += n
            inflater.input(buf, 0, n)
        }
        decoder.endOfInput()?.let { deliver(collector, it, a) }
    }

    /**
     * Emits [frame]; from then on nothing is retried, and what the collector throws passes through unchanged.
     * Inlined so that a frame costs no continuation of its own.
     */
    @Suppress("NOTHING_TO_INLINE")
    private suspend inline fun deliver(collector: FlowCollector<StreamFrame>, frame: StreamFrame, a: StreamAttempt) {
        if (!a.emitted) {
            a.emitted = true
            events?.firstFrame(a.number, a.started)
        }
        try {
            collector.emit(frame)
        } catch (e: Throwable) {
            a.passThrough = true
            throw e
        }
    }

    /** Cancels [job] (the attempt's scope) when the response headers do not arrive within the request timeout. */
    private fun requestTimer(job: Job, exchange: Exchange): ScheduledFuture<*> = Timers.schedule(requestTimeoutNanos) {
        exchange.fired = RequestTimeoutException.Kind.REQUEST
        job.cancel()
    }

    /**
     * Cancels [scopeJob] once the stream has waited for bytes longer than the idle timeout. Time the
     * collector spends on a frame does not count: only waits for the network do.
     */
    private inner class IdleWatch(private val scopeJob: Job, private val a: StreamAttempt, private val exchange: Exchange) : Runnable {
        @Volatile private var stopped = false
        @Volatile private var next: ScheduledFuture<*>? = null

        fun start() {
            next = Timers.schedule(idleTimeoutNanos, this)
        }

        fun stop() {
            stopped = true
            next?.cancel(false)
        }

        override fun run() {
            if (stopped) return
            val since = a.waitingSince
            val delay = if (since == NOT_WAITING) {
                idleTimeoutNanos
            } else {
                val waited = System.nanoTime() - since
                if (waited >= idleTimeoutNanos) {
                    exchange.fired = RequestTimeoutException.Kind.IDLE
                    scopeJob.cancel()
                    return
                }
                idleTimeoutNanos - waited
            }
            next = Timers.schedule(delay, this)
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Shared pieces

    /** Sets up one attempt of [spec]; [auth] headers (from the [authorizer]) replace the spec's of the same names. */
    private fun HttpRequestBuilder.configure(spec: HttpRequestSpec, accept: String?, auth: Map<String, String>) {
        method = HttpMethod.parse(spec.method)
        try {
            url(spec.url)
        } catch (e: Exception) {
            throw BadRequestException(
                HttpErrors.redact("Invalid URL for $provider: ${spec.url} (${Failures.describe(e)}); check the base URL"),
                provider, 0, cause = Failures.redacted(e),
            )
        }
        expectSuccess = false
        val contentType = mergeHeaders(spec, accept, auth) { name, value -> headers.append(name, value) }
        val body = spec.body
        if (body != null) setBody(ByteArrayContent(body, contentTypeOf(contentType)))
    }

    /**
     * Checks the headers of one attempt of [spec] and gives each to [sink], but `Content-Type` (returned: a header's,
     * or [HttpRequestSpec.contentType]) and `Content-Length` (the engine's): [auth] headers replace the spec's of the
     * same names, [accept] is added unless the spec has an `Accept`, and the library's [UserAgent] unless the spec
     * (a config or request header) has a `User-Agent`.
     */
    private inline fun mergeHeaders(spec: HttpRequestSpec, accept: String?, auth: Map<String, String>, sink: (String, String) -> Unit): String {
        var contentType = spec.contentType
        var hasAccept = false
        var hasUserAgent = false
        for ((name, value) in spec.headers) {
            if (auth.isNotEmpty() && auth.keys.any { it.equals(name, ignoreCase = true) }) continue
            checkHeader(name, value)
            when {
                name.equals("Content-Type", ignoreCase = true) -> contentType = value
                name.equals("Content-Length", ignoreCase = true) -> Unit
                else -> {
                    if (name.equals("Accept", ignoreCase = true)) hasAccept = true
                    if (name.equals(UserAgent.HEADER, ignoreCase = true)) hasUserAgent = true
                    sink(name, value)
                }
            }
        }
        for ((name, value) in auth) {
            checkHeader(name, value)
            if (name.equals(UserAgent.HEADER, ignoreCase = true)) hasUserAgent = true
            sink(name, value)
        }
        if (accept != null && !hasAccept) sink("Accept", accept)
        if (!hasUserAgent) sink(UserAgent.HEADER, UserAgent.value)
        return contentType
    }

    /** [spec] as a [DirectRequest], its headers checked and merged as [configure] does for a Ktor client ([mergeHeaders]). */
    private fun directRequest(spec: HttpRequestSpec, accept: String?, auth: Map<String, String>): DirectRequest {
        val uri = directUri(spec.url)
        val out = ArrayList<String>(2 * (spec.headers.size + auth.size + 2))
        val contentType = mergeHeaders(spec, accept, auth) { name, value ->
            out += name
            out += value
        }
        val body = spec.body
        if (body != null) {
            checkHeader("Content-Type", contentType)
            out += "Content-Type"
            out += contentType
        }
        return DirectRequest(spec.method, uri, out.toTypedArray(), body)
    }

    /** The absolute `http` or `https` URI of [url], or the [BadRequestException] a malformed one gets. */
    private fun directUri(url: String): java.net.URI {
        val uri = try {
            java.net.URI(url)
        } catch (e: java.net.URISyntaxException) {
            throw BadRequestException(
                HttpErrors.redact("Invalid URL for $provider: $url (${Failures.describe(e)}); check the base URL"),
                provider, 0, cause = Failures.redacted(e),
            )
        }
        val scheme = uri.scheme
        if (scheme == null || !(scheme.equals("http", ignoreCase = true) || scheme.equals("https", ignoreCase = true)) || uri.host == null) {
            throw BadRequestException(
                HttpErrors.redact("Invalid URL for $provider: $url (an absolute http or https URL with a host is needed); check the base URL"),
                provider, 0,
            )
        }
        return uri
    }

    /**
     * Refuses a header that HTTP cannot carry before an engine sees it: engines reject it with messages
     * that quote the value, which is often an API key read with a stray line break.
     */
    private fun checkHeader(name: String, value: String) {
        for (i in name.indices) {
            val c = name[i]
            if (c <= ' ' || c.code >= 0x7F || c in HEADER_NAME_SEPARATORS) {
                throw BadRequestException(
                    "The header name '${HttpErrors.redact(name.take(64))}' for $provider is not a valid HTTP header name " +
                        "(character ${charName(c)} at position $i)",
                    provider, 0,
                )
            }
        }
        for (i in value.indices) {
            val c = value[i]
            if ((c < ' ' && c != '\t') || c.code >= 0x7F) {
                throw BadRequestException(
                    "The value of header '$name' for $provider holds ${charName(c)} at position $i of ${value.length}, which " +
                        "HTTP headers cannot carry (the value is not shown). An API key or token read from a file or an " +
                        "environment variable often ends with a stray line break: trim it",
                    provider, 0,
                )
            }
        }
    }

    private fun charName(c: Char): String = when (c) {
        '\n' -> "a line feed"
        '\r' -> "a carriage return"
        else -> if (c.code < 0x80) "the control character U+%04X".format(c.code) else "the non-ASCII character U+%04X".format(c.code)
    }

    private fun contentTypeOf(value: String): ContentType =
        if (value == "application/json") ContentType.Application.Json else ContentType.parse(value)

    private suspend fun unsuccessful(
        response: Reply,
        headers: ResponseHeaders,
        status: Int,
        errors: ErrorDecoder,
        exchange: Exchange,
    ): AttemptFailure {
        val body = exchange.secrets.scrub(readErrorBody(response.body()))
        if (status in 300..399) {
            val location = headers["Location"]?.let { HttpErrors.redact(it.substringBefore('?')) }
            return AttemptFailure(
                ProtocolException(
                    "$provider answered HTTP $status, a redirect${if (location != null) " to $location" else ""}, which is not " +
                        "followed for API calls: set the base URL to the final address",
                    provider, status, HttpErrors.requestId(headers), HttpErrors.excerpt(body),
                ),
                retryable = false,
            )
        }
        val error = try {
            errors.decode(status, headers, body)
        } catch (e: SwitchboardException) {
            e
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            // A codec bug must not turn an error status into a connection failure: fall back to the status.
            HttpErrors.map(provider, status, headers, body).also { it.addSuppressed(Failures.redacted(e)!!) }
        }
        val retryAfter = (error as? RateLimitException)?.retryAfter ?: RetryAfter.parse(headers)
        return AttemptFailure(error, retryable = error.isRetryable, retryAfter = retryAfter)
    }

    private suspend fun htmlFailure(
        channel: ByteReadChannel,
        headers: ResponseHeaders,
        status: Int,
        contentType: String,
        exchange: Exchange,
    ): AttemptFailure {
        val body = exchange.secrets.scrub(readErrorBody(channel))
        return AttemptFailure(
            ProtocolException(
                "$provider answered HTTP $status with content type '$contentType' where JSON or a stream was expected: " +
                    "an HTML page, usually from a proxy, gateway or captive portal in between, or a wrong base URL",
                provider, status, HttpErrors.requestId(headers), HttpErrors.excerpt(body),
            ),
            retryable = false,
        )
    }

    private fun timeout(kind: RequestTimeoutException.Kind, spec: HttpRequestSpec): RequestTimeoutException = when (kind) {
        RequestTimeoutException.Kind.IDLE -> RequestTimeoutException(
            "$provider's stream from ${where(spec)} sent nothing for longer than the idle timeout of " +
                "${options.streamIdleTimeout.toMillis()} ms (HttpOptions.streamIdleTimeout)",
            provider, kind,
        )
        RequestTimeoutException.Kind.REQUEST -> RequestTimeoutException(
            "$provider did not start its stream from ${where(spec)} within the request timeout of " +
                "${options.requestTimeout.toMillis()} ms (HttpOptions.requestTimeout)",
            provider, kind,
        )
        RequestTimeoutException.Kind.CONNECT -> RequestTimeoutException(
            "Connecting to ${where(spec)} took longer than the connect timeout of ${options.connectTimeout.toMillis()} ms " +
                "(HttpOptions.connectTimeout)",
            provider, kind,
        )
    }

    /**
     * The typed failure for [e], thrown by the engine or by reading the body. A [CancellationException]
     * of the caller's own cancellation is rethrown as it is.
     */
    private suspend fun mapFailure(e: Throwable, spec: HttpRequestSpec, exchange: Exchange, emitted: Boolean): Throwable {
        if (e is AttemptFailure) return e
        if (e is CancellationException && !currentCoroutineContext().isActive) return e
        if (e is SwitchboardException) return AttemptFailure(e, retryable = e.isRetryable && !emitted)
        val cause = Failures.root(e)
        val what = Failures.describe(e)
        if (!exchange.headersArrived) {
            if (Failures.isConnectTimeout(e)) return AttemptFailure(timeout(RequestTimeoutException.Kind.CONNECT, spec), retryable = true)
            if (Failures.isOtherTimeout(e)) {
                // The engine's own timeout, not this transport's timer (which did not fire): say what it was.
                return AttemptFailure(
                    RequestTimeoutException(
                        "$provider at ${where(spec)} timed out in the HTTP engine before the response began " +
                            "(${HttpErrors.redact(what)}); the connect timeout is ${options.connectTimeout.toMillis()} ms " +
                            "(HttpOptions.connectTimeout), and the request timeout of ${options.requestTimeout.toMillis()} ms had not elapsed",
                        provider, RequestTimeoutException.Kind.REQUEST, Failures.redacted(cause),
                    ),
                    retryable = true,
                )
            }
            return AttemptFailure(
                ConnectionException("Could not reach $provider at ${where(spec)}: ${HttpErrors.redact(what)}", provider, Failures.redacted(cause)),
                retryable = Failures.isIo(e) || e is CancellationException,
            )
        }
        if (!emitted) {
            val timedOut = Failures.isOtherTimeout(e)
            if (timedOut) return AttemptFailure(timeout(RequestTimeoutException.Kind.IDLE, spec), retryable = true)
            return AttemptFailure(
                ConnectionException(
                    "The connection to $provider at ${where(spec)} broke before the response was complete: ${HttpErrors.redact(what)}",
                    provider, Failures.redacted(cause),
                ),
                retryable = Failures.isIo(e) || e is CancellationException,
            )
        }
        return AttemptFailure(
            StreamInterruptedException(
                "$provider's stream from ${where(spec)} broke after it began: ${HttpErrors.redact(what)}. " +
                    "The answer is incomplete and was not retried, because part of it was already delivered",
                provider, exchange.status, exchange.requestId, null, Failures.redacted(cause),
            ),
            retryable = false,
        )
    }

    private fun where(spec: HttpRequestSpec): String = HttpErrors.redact(spec.url.substringBefore('?').substringBefore('#'))

    /** A response, from a Ktor client or from a [DirectHttpEngine]. */
    private abstract class Reply {
        abstract val status: Int
        abstract val headers: ResponseHeaders
        abstract suspend fun body(): ByteReadChannel
    }

    private class KtorReply(private val response: HttpResponse) : Reply() {
        override val status: Int get() = response.status.value
        override val headers: ResponseHeaders = response.headers.let { h -> ResponseHeaders { name -> h[name] } }
        override suspend fun body(): ByteReadChannel = response.bodyAsChannel()
    }

    private class DirectReply(private val response: DirectResponse) : Reply() {
        override val status: Int get() = response.status
        override val headers: ResponseHeaders get() = response.headers
        override suspend fun body(): ByteReadChannel = response.body
    }

    private fun isHtml(contentType: String): Boolean =
        contentType.startsWith("text/html", ignoreCase = true) || contentType.startsWith("application/xhtml", ignoreCase = true)

    private fun checkOpen() {
        check(!closed.get()) { "This $provider HTTP transport is closed" }
    }

    /**
     * The Content-Length the body must have, or null when unknown or when a content coding
     * (decoded by a caller's own client) makes it the length of other bytes.
     */
    private fun declaredLength(headers: ResponseHeaders): Long? {
        val encoding = headers["Content-Encoding"]
        if (encoding != null && !encoding.equals("identity", ignoreCase = true)) return null
        return headers["Content-Length"]?.toLongOrNull()?.takeIf { it >= 0 }
    }

    /**
     * Reads the whole body; a body shorter than [length] (the Content-Length) is an [EOFException]. A body
     * of the declared length is read into an array of exactly that size and returned without a copy.
     */
    private suspend fun readAll(channel: ByteReadChannel, length: Long?): ByteArray {
        var buf = ByteArray(if (length != null && length <= MAX_BODY_BYTES) length.toInt() else 8192)
        var len = 0
        while (true) {
            if (len == buf.size) {
                // Full: the body ends here, or it is longer than the array and the array grows.
                if (!channel.awaitContent(1)) {
                    channel.closedCause?.let { throw it }
                    break
                }
                if (buf.size >= MAX_BODY_BYTES) {
                    throw ProtocolException(
                        "$provider answered a body larger than ${MAX_BODY_BYTES / (1024 * 1024)} MiB; it was not read into memory",
                        provider,
                    )
                }
                buf = buf.copyOf(minOf(maxOf(buf.size.toLong() * 2, 8192L), MAX_BODY_BYTES.toLong()).toInt())
            }
            val n = channel.readAvailable(buf, len, buf.size - len)
            if (n < 0) {
                channel.closedCause?.let { throw it }
                break
            }
            len += n
        }
        if (length != null && len < length) throw EOFException("the body ended after $len of its $length bytes")
        return if (len == buf.size) buf else buf.copyOf(len)
    }

    /**
     * Up to [ERROR_BODY_BYTES] of an error body as text (malformed UTF-8 replaced); what could be read
     * when the connection fails half-way, as the status alone already tells what went wrong.
     */
    private suspend fun readErrorBody(channel: ByteReadChannel): String {
        val buf = ByteArray(ERROR_BODY_BYTES)
        var len = 0
        try {
            while (len < buf.size) {
                val n = channel.readAvailable(buf, len, buf.size - len)
                if (n < 0) break
                len += n
            }
        } catch (e: CancellationException) {
            throw e
        } catch (_: Exception) {
            // keep what arrived
        }
        return String(buf, 0, len, Charsets.UTF_8)
    }

    /** What happened in one attempt, for mapping its failure. */
    private class Exchange(private val spec: HttpRequestSpec, private val auth: Map<String, String>, val attempt: Int) {
        /**
         * The credentials this attempt sends (credential headers, the token of `Bearer <token>`, URL secrets), to
         * take out of error bodies that quote them: no codec sees an HTML page or a redirect, nor knows every header.
         */
        val secrets: Secrets by lazy { Secrets.of(null, spec.headers + auth, spec.url) }
        @Volatile var headersArrived: Boolean = false
        var status: Int = 0
        var requestId: String? = null
        /** The timeout that cancelled the attempt, if one did. */
        @Volatile var fired: RequestTimeoutException.Kind? = null
    }

    /** The state of one streaming attempt, shared with its timers. */
    private class StreamAttempt(
        /** The attempt's number in its call, from 1. */
        val number: Int,
    ) {
        /** When the attempt began, a [System.nanoTime] reading. */
        val started: Long = System.nanoTime()
        /** Whether a frame reached the collector: from then on nothing is retried. */
        @Volatile var emitted: Boolean = false
        /** When the reader began waiting for bytes ([NOT_WAITING] while it is not). */
        @Volatile var waitingSince: Long = NOT_WAITING
        /** Whether the collector or `onOpen` threw: their exceptions pass through unchanged. */
        var passThrough: Boolean = false
    }

    /** A failed attempt: the error to throw if it is not retried. Never escapes this class. */
    private class AttemptFailure(
        val error: SwitchboardException,
        val retryable: Boolean,
        val retryAfter: java.time.Duration? = null,
    ) : Exception(error.message, null, false, false)

    private companion object {
        const val CHUNK_BYTES = 16 * 1024
        const val ERROR_BODY_BYTES = 64 * 1024
        const val MAX_BODY_BYTES = 256 * 1024 * 1024
        const val NOT_WAITING = Long.MIN_VALUE
        const val HEADER_NAME_SEPARATORS = "\"(),/:;<=>?@[\\]{}"
    }
}

/** The body of a successful response, with the response headers (the codec reads its request id from them). */
@SwitchboardSpi
public class HttpResponseBody(
    /** The body bytes. */
    public val bytes: ByteArray,
    /** The response headers. */
    public val headers: ResponseHeaders,
)

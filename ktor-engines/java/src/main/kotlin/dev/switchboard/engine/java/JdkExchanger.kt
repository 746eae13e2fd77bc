package dev.switchboard.engine.java

import dev.switchboard.ResponseHeaders
import dev.switchboard.spi.BodySource
import dev.switchboard.spi.ExchangeRequest
import dev.switchboard.spi.ExchangeResponse
import dev.switchboard.spi.FailureKind
import dev.switchboard.spi.HttpExchanger
import io.ktor.utils.io.ByteReadChannel
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.future.await
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpConnectTimeoutException
import java.net.http.HttpHeaders
import java.net.http.HttpRequest
import java.net.http.HttpRequest.BodyPublisher
import java.net.http.HttpResponse
import java.net.http.HttpTimeoutException
import java.time.Duration
import java.util.Optional
import java.util.TreeSet
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger

/**
 * The [HttpExchanger] over the JDK's [HttpClient] (HTTP/1.1, pooled keep-alive connections for every method), with no
 * Ktor client in between: a Ktor client runs every call through its pipelines and a coroutine of its own, and cancels
 * the body channel with a fresh `IOException` when a call ends, which for a model call over loopback was the larger
 * part of what the library added to the exchange itself.
 *
 * Waiting for the response is cancelled with `cancel(true)` semantics: cancelling the caller aborts the exchange and
 * closes the connection at once (Ktor's own `Java` engine sends `cancel(false)`, which the JDK ignores); once the body
 * streams, ending the exchange early cancels the body subscription, which closes the connection too.
 *
 * Threads: the JDK client's tasks run on its selector thread unless thousands of exchanges are under way (see
 * [SelectorTasks]); a call moves between threads only where the JDK itself does. Nothing here blocks a caller.
 */
internal class JdkExchanger(
    connectTimeout: Duration,
    inBackground: Boolean = FirstClient.claim(),
    build: (HttpClient.Builder) -> HttpClient = HttpClient.Builder::build,
) : HttpExchanger {
    override val name: String get() = "java"

    /** Exchanges under way: sent and not yet done with their body. */
    private val active = AtomicInteger()
    private val closed = AtomicBoolean(false)

    /**
     * The JDK client, once built. Building the first one in a JVM initialises the JDK's TLS stack (the default
     * `SSLContext`: security providers, the trusted certificates), about 0.3 s on two cores, which the JDK does even
     * for `http` URLs. The first exchanger of the JVM therefore builds its client on a short-lived thread of its own,
     * so that this overlaps with what the caller does before its first call (building the client around it, the
     * request, the serializers); the first exchange waits for it without blocking a thread. Later exchangers, for
     * which the TLS stack is ready, build theirs at once.
     */
    @Volatile
    private var client: HttpClient? = null
    private val building: CompletableFuture<HttpClient>?

    init {
        // In the background the builder is made there too: its classes, and the coroutine dispatchers the client's
        // executor uses, then load beside the caller's own start rather than before the TLS start can begin.
        val make = { build(builder(connectTimeout)) }
        if (inBackground) {
            building = CompletableFuture.supplyAsync({ make().also { client = it } }, FirstClient.START)
        } else {
            client = make()
            building = null
        }
    }

    private fun builder(connectTimeout: Duration): HttpClient.Builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .executor(SelectorTasks(active))

    /** The threads that send requests with the blocking `send` (see [JdkExchange.send]); idle ones end after a minute. */
    private val senders = Senders(SENDERS, SENDER_WAIT_MILLIS)

    /** The headers of the last request built with the JDK's builder, shared by later requests with the same ones. */
    @Volatile
    private var lastHeaders: CheckedHeaders? = null

    override suspend fun <T> exchange(request: ExchangeRequest, handle: suspend (ExchangeResponse) -> T): T {
        val jdkRequest = jdkRequest(request)
        val client = client ?: building!!.await()
        val exchange = JdkExchange(BodyCopies.SCOPE, active)
        try {
            val info = exchange.send(client, jdkRequest, senders)
            return handle(JdkResponse(info, exchange))
        } finally {
            exchange.end()
        }
    }

    /**
     * The JDK's request for [request]. A client sends the same headers on every call (its key, content type, its own
     * additions), and the JDK keeps a request's headers for as long as the exchange lasts, a map of its own per call (a
     * stream held for minutes holds it too): a request with the same headers as the last one built shares that one's,
     * which the JDK's builder checked (names, values, no line breaks). Any other goes through the builder.
     */
    private fun jdkRequest(request: ExchangeRequest): HttpRequest {
        val body = request.body
        val publisher = if (body == null) HttpRequest.BodyPublishers.noBody() else HttpRequest.BodyPublishers.ofByteArray(body)
        val last = lastHeaders
        if (last != null && last.sameAs(request)) return SharedHeadersRequest(request.uri, request.method, publisher, last.headers)
        val builder = HttpRequest.newBuilder(request.uri)
        val sent = ArrayList<String>()
        request.forEachHeader { name, value ->
            if (name !in RESTRICTED_HEADERS) {
                builder.header(name, value)
                sent += name
                sent += value
            }
        }
        val built = builder.method(request.method, publisher).build()
        lastHeaders = CheckedHeaders(sent.toTypedArray(), built.headers())
        return built
    }

    /** Headers the JDK's builder made of [pairs] (names and values, in order; restricted ones left out). */
    private class CheckedHeaders(private val pairs: Array<String>, val headers: HttpHeaders) {
        /** Whether [request] has exactly these headers, in this order (its restricted ones left out). */
        fun sameAs(request: ExchangeRequest): Boolean {
            var i = 0
            var same = true
            request.forEachHeader { name, value ->
                if (same && name !in RESTRICTED_HEADERS) {
                    if (i + 1 < pairs.size && pairs[i] == name && pairs[i + 1] == value) i += 2 else same = false
                }
            }
            return same && i == pairs.size
        }
    }

    /** A request sharing [headers] already checked; the JDK copies the rest into its own request as for any other. */
    private class SharedHeadersRequest(
        private val uri: URI,
        private val method: String,
        publisher: BodyPublisher,
        private val headers: HttpHeaders,
    ) : HttpRequest() {
        private val publisher = Optional.of(publisher)

        override fun bodyPublisher(): Optional<BodyPublisher> = publisher
        override fun method(): String = method
        override fun timeout(): Optional<Duration> = Optional.empty()
        override fun expectContinue(): Boolean = false
        override fun uri(): URI = uri
        override fun version(): Optional<HttpClient.Version> = Optional.empty()
        override fun headers(): HttpHeaders = headers
    }

    /** The JDK's timeouts: `HttpConnectTimeoutException` is a connect timeout, another `HttpTimeoutException` a timeout. */
    override fun classify(failure: Throwable): FailureKind = FailureKind.classify(failure) { t ->
        when (t) {
            is HttpConnectTimeoutException -> FailureKind.CONNECT_TIMEOUT
            is HttpTimeoutException -> FailureKind.TIMEOUT
            else -> null
        }
    }

    /** Ends the sender threads; the JDK client's connections close as they go idle (JDK 17 has no `HttpClient.close`). */
    override fun close() {
        if (closed.compareAndSet(false, true)) senders.shutdown()
    }

    override fun toString(): String = "JdkExchanger(active=${active.get()})"

    /** An [ExchangeResponse] over one [JdkExchange]. */
    private class JdkResponse(info: HttpResponse.ResponseInfo, private val exchange: JdkExchange) : ExchangeResponse {
        /** Case-insensitive, as the JDK builds it (`HttpHeaders.firstValue` would cost a stream per lookup). */
        private val all = info.headers().map()
        override val status: Int = info.statusCode()
        override val headers: ResponseHeaders = ResponseHeaders { name -> all[name]?.firstOrNull() }
        override suspend fun body(): ByteReadChannel = exchange.channel()
        override suspend fun bodySource(): BodySource = exchange
    }

    /**
     * Which exchanger of the JVM builds its client in the background, kept apart from the companion object so that
     * the first exchanger starts that build before the companion's coroutine scope and dispatchers are loaded.
     */
    private object FirstClient {
        private val first = AtomicBoolean(true)

        /** Runs the first client's build on a daemon thread that ends with it. */
        val START = Executor { task -> Thread(task, "switchboard-jdk-start").apply { isDaemon = true }.start() }

        /** True for the first call in this JVM: its exchanger builds its client in the background. */
        fun claim(): Boolean = first.compareAndSet(true, false)
    }

    /**
     * Where a body read as a Ktor channel is copied into it (see [JdkExchange.channel]): an object of its own, loaded
     * at the first exchange, so that making the JVM's first exchanger (which starts its client's build) loads no
     * coroutine machinery first.
     */
    private object BodyCopies {
        val SCOPE = CoroutineScope(SupervisorJob() + Dispatchers.IO)
    }

    private companion object {
        /**
         * At most this many calls wait for their headers on a thread of their own; further ones wait in a queue for
         * one (see [SENDER_WAIT_MILLIS]) and then use `sendAsync`. The JDK completes a `sendAsync` through its default
         * asynchronous executor, which on one or two processors starts a new thread for every call. Measured on the
         * benchmarks (2 cores, JDK 17): with 32, 64 calls in flight cost no more CPU per call than with 64 (the other
         * 32 wait a moment in the queue; 16 cost a tenth more), and 10,000 streams opened at once peak at 87 threads for
         * the Kotlin API and 82 for the Java facade (medians of three runs), against 108 and 117 with 64.
         */
        const val SENDERS = 32

        /**
         * How long a request waits for a sender thread when all are busy before it goes through `sendAsync`: calls in
         * flight free their senders within a moment; slow calls holding all of them delay others by this much at most.
         */
        const val SENDER_WAIT_MILLIS = 20L

        /**
         * Headers the JDK client (since JDK 12) sets itself and refuses from callers; every other header is
         * sent, `Date`, `From`, `Via` and `Warning` included.
         */
        val RESTRICTED_HEADERS = TreeSet(String.CASE_INSENSITIVE_ORDER).apply {
            addAll(listOf("Connection", "Content-Length", "Expect", "Host", "Upgrade"))
        }
    }
}

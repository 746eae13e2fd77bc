package dev.switchboard.engine.java

import dev.switchboard.spi.DirectHttpEngine
import dev.switchboard.spi.DirectRequest
import dev.switchboard.spi.DirectResponse
import dev.switchboard.ResponseHeaders
import io.ktor.client.engine.HttpClientEngineBase
import io.ktor.client.engine.HttpClientEngineCapability
import io.ktor.client.engine.HttpClientEngineConfig
import io.ktor.client.engine.callContext
import io.ktor.client.engine.mergeHeaders
import io.ktor.client.plugins.ConnectTimeoutException
import io.ktor.client.request.HttpRequestData
import io.ktor.client.request.HttpResponseData
import io.ktor.http.HeadersImpl
import io.ktor.http.HttpHeaders
import io.ktor.http.HttpProtocolVersion
import io.ktor.http.HttpStatusCode
import io.ktor.http.toURI
import io.ktor.http.content.OutgoingContent
import io.ktor.util.date.GMTDate
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.InternalAPI
import io.ktor.utils.io.readRemaining
import io.ktor.utils.io.writer
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.job
import kotlinx.io.readByteArray
import java.net.InetSocketAddress
import java.net.Proxy
import java.net.ProxySelector
import java.net.http.HttpClient
import java.net.http.HttpConnectTimeoutException
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.TreeSet
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.CompletableFuture

/** The configuration of [JdkHttpEngine]. */
internal class JdkEngineConfig : HttpClientEngineConfig() {
    /** Time allowed to open a connection. */
    var connectTimeout: Duration = Duration.ofSeconds(10)
}

/**
 * A Ktor engine over the JDK's [HttpClient] (HTTP/1.1, pooled keep-alive connections for every method).
 *
 * Ktor's own `Java` engine waits for the response with `CompletableFuture.await()`, which cancels the
 * JDK future with `cancel(false)`: the JDK ignores that and keeps the exchange (and its connection,
 * and the provider's work) running until the response arrives. This engine cancels with
 * `cancel(true)`, which aborts the exchange and closes the connection at once; once the body
 * streams, cancelling the call cancels the body subscription, which closes the connection too.
 *
 * Threads: the JDK client's tasks run on its selector thread unless thousands of exchanges are under way (see
 * [SelectorTasks]), and the
 * engine's dispatcher is `Unconfined` (see [JavaEngineProvider]), so a call moves between threads only where the
 * JDK itself does: each handoff costs CPU, and on a small machine it is a large part of a call's cost. Nothing
 * here blocks.
 *
 * It is also a [DirectHttpEngine]: the Switchboard transport sends its requests through [exchange], without a Ktor
 * client's pipelines, and reads the same body channel; a Ktor `HttpClient` built over this engine uses [execute].
 *
 * Request bodies that are channels are read into memory before sending (model requests are small).
 * No [HttpClientEngineCapability] is declared: timeouts are the Switchboard transport's job.
 */
@OptIn(InternalAPI::class)
internal class JdkHttpEngine(override val config: JdkEngineConfig) : HttpClientEngineBase("switchboard-jdk"), DirectHttpEngine {
    override val supportedCapabilities: Set<HttpClientEngineCapability<*>> = emptySet()

    /** Exchanges under way: sent and not yet done with their body. */
    private val active = AtomicInteger()

    private val client: HttpClient = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(config.connectTimeout)
        .executor(SelectorTasks(active))
        .apply { proxySelector(config.proxy)?.let { proxy(it) } }
        .build()

    /** The threads that send requests with the blocking `send` (see [JdkExchange.send]); idle ones end after a minute. */
    private val senders = Senders(SENDERS, SENDER_WAIT_MILLIS)

    override fun close() {
        super.close()
        senders.shutdown()
    }

    override suspend fun execute(data: HttpRequestData): HttpResponseData {
        val callContext = callContext()
        val request = toJdkRequest(data)
        val requestTime = GMTDate()
        val exchange = JdkExchange(CoroutineScope(Dispatchers.IO), active)
        exchange.endWith(callContext.job)
        val info = try {
            exchange.send(client, request, senders)
        } catch (e: HttpConnectTimeoutException) {
            throw ConnectTimeoutException(data, e)
        }
        val version = if (info.version() == HttpClient.Version.HTTP_2) HttpProtocolVersion.HTTP_2_0 else HttpProtocolVersion.HTTP_1_1
        val headers = info.headers().map().let { all -> if (all.keys.any { it.startsWith(":") }) all.filterKeys { !it.startsWith(":") } else all }
        return HttpResponseData(HttpStatusCode.fromValue(info.statusCode()), requestTime, HeadersImpl(headers), version, exchange.channel, callContext)
    }

    /** An exchange without a Ktor client: the request goes to the JDK as it is, the response comes back as it arrives. */
    override suspend fun exchange(request: DirectRequest): DirectResponse {
        val builder = HttpRequest.newBuilder(request.uri)
        request.forEachHeader { name, value -> if (name !in RESTRICTED_HEADERS) builder.header(name, value) }
        val body = request.body
        builder.method(request.method, if (body == null) HttpRequest.BodyPublishers.noBody() else HttpRequest.BodyPublishers.ofByteArray(body))
        val exchange = JdkExchange(IO_SCOPE, active)
        val info = try {
            exchange.send(client, builder.build(), senders)
        } catch (e: Throwable) {
            exchange.end()
            throw e
        }
        return JdkResponse(info, exchange)
    }

    /** A [DirectResponse] over one [JdkExchange]. */
    private class JdkResponse(info: HttpResponse.ResponseInfo, private val exchange: JdkExchange) : DirectResponse {
        /** Case-insensitive, as the JDK builds it (`HttpHeaders.firstValue` would cost a stream per lookup). */
        private val all = info.headers().map()
        override val status: Int = info.statusCode()
        override val headers: ResponseHeaders = ResponseHeaders { name -> all[name]?.firstOrNull() }
        override val body: ByteReadChannel get() = exchange.channel
        override fun release() = exchange.end()
    }

    private suspend fun toJdkRequest(data: HttpRequestData): HttpRequest {
        val builder = HttpRequest.newBuilder(data.url.toURI())
        mergeHeaders(data.headers, data.body) { name, value ->
            if (name !in RESTRICTED_HEADERS) builder.header(name, value)
        }
        builder.method(data.method.value, publisher(data.body))
        return builder.build()
    }

    private suspend fun publisher(content: OutgoingContent): HttpRequest.BodyPublisher = when (content) {
        is OutgoingContent.NoContent -> HttpRequest.BodyPublishers.noBody()
        is OutgoingContent.ByteArrayContent -> HttpRequest.BodyPublishers.ofByteArray(content.bytes())
        is OutgoingContent.ReadChannelContent -> HttpRequest.BodyPublishers.ofByteArray(content.readFrom().readRemaining().readByteArray())
        is OutgoingContent.WriteChannelContent -> {
            val channel = CoroutineScope(dispatcher).writer { content.writeTo(channel) }.channel
            HttpRequest.BodyPublishers.ofByteArray(channel.readRemaining().readByteArray())
        }
        is OutgoingContent.ContentWrapper -> publisher(content.delegate())
        is OutgoingContent.ProtocolUpgrade -> throw UnsupportedOperationException("Protocol upgrades (WebSockets) are not supported by this engine")
    }

    private fun proxySelector(proxy: Proxy?): ProxySelector? {
        if (proxy == null) return null
        if (proxy.type() == Proxy.Type.DIRECT) return HttpClient.Builder.NO_PROXY
        val address = proxy.address()
        require(proxy.type() == Proxy.Type.HTTP && address is InetSocketAddress) {
            "Only HTTP proxies are supported by the JDK HTTP client (got ${proxy.type()})"
        }
        return ProxySelector.of(address)
    }

    private companion object {
        /** Where a body whose reader fell behind waits for room (see [JdkExchange.onNext]). */
        val IO_SCOPE = CoroutineScope(Dispatchers.IO)

        /**
         * At most this many calls wait for their headers on a thread of their own; further ones use `sendAsync`. The
         * JDK completes a `sendAsync` through its default asynchronous executor, which on one or two processors starts
         * a new thread for every call: 64 reused threads cover 64 calls in flight at about the floor's CPU per call
         * (with 32, half of them paid for a new thread each: 2.3x the floor instead of 1.2x), and 10,000 streams
         * opened at once still peak at under 100 threads for the Kotlin API.
         */
        const val SENDERS = 64

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
            addAll(listOf(HttpHeaders.Connection, HttpHeaders.ContentLength, HttpHeaders.Expect, HttpHeaders.Host, HttpHeaders.Upgrade))
        }
    }
}

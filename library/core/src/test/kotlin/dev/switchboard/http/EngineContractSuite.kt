package dev.switchboard.http

import dev.switchboard.ConnectionException
import dev.switchboard.HttpOptions
import dev.switchboard.RequestTimeoutException
import dev.switchboard.ServerException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.EngineProvider
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.StreamFraming
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldNotBeInstanceOf
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.request.httpVersion
import io.ktor.server.request.receiveText
import io.ktor.server.response.header
import io.ktor.server.response.respondBytes
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.writeStringUtf8
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import java.net.ServerSocket
import java.lang.ref.WeakReference
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

/**
 * The behaviour every `switchboard-engine-*` module must have under [HttpTransport], run by each
 * engine module against real loopback servers: plain calls, incremental streaming, connection reuse,
 * cancellation that closes the connection, connect / request / idle timeouts, mid-stream drops,
 * retries. Subclass it in the engine module's tests with the module's [EngineProvider].
 *
 * @param reusesConnections whether sequential POSTs share one connection (false for CIO, which opens
 *   a dedicated connection per POST).
 */
public abstract class EngineContractSuite(
    private val engine: EngineProvider,
    private val reusesConnections: Boolean = true,
    /**
     * Whether cancelling an exchange closes its connection every time; false for an engine known not to (Apache5:
     * see its test), whose cancellation tests then check only how the call ends.
     */
    private val closesOnCancel: Boolean = true,
) : FunSpec() {
    private val counters = ConcurrentHashMap<String, AtomicInteger>()
    private fun counter(key: String?) = counters.computeIfAbsent(key ?: "") { AtomicInteger() }
    private val closed = ClosedStreams()
    private val gates = ConcurrentHashMap<String, CompletableDeferred<Unit>>()
    private fun gate(key: String) = gates.computeIfAbsent(key) { CompletableDeferred() }

    private val server = TestServer {
        routing {
            post("/echo") {
                val body = call.receiveText()
                call.response.header("x-request-id", "req-echo")
                call.respondText(
                    "${call.request.httpVersion}|${call.request.headers["Upgrade"]}|${call.request.headers["Authorization"]}|$body",
                    ContentType.Application.Json,
                )
            }
            post("/headers") {
                val h = call.request.headers
                call.respondText(listOf("From", "Via", "Warning", "X-Title").joinToString("|") { h[it].toString() }, ContentType.Application.Json)
            }
            post("/agent") { call.respondText(call.request.headers.getAll("User-Agent").orEmpty().joinToString("|"), ContentType.Application.Json) }
            post("/port") { call.respondText("${call.request.local.remotePort}", ContentType.Application.Json) }
            post("/big") { call.respondBytes(ByteArray(2_000_000) { (it % 253).toByte() }, ContentType.Application.Json) }
            post("/gated") {
                // The second event is written only once the client has received the first: an engine that
                // buffered the body instead of streaming it would hang here.
                val key = call.request.headers["x-key"]!!
                call.respondBytesWriter(ContentType.Text.EventStream) {
                    writeStringUtf8("data: first\n\n")
                    flush()
                    withTimeout(10_000) { gate(key).await() }
                    writeStringUtf8("event: last\ndata: second\n\n")
                    flush()
                }
            }
            post("/stream") {
                call.respondBytesWriter(ContentType.Text.EventStream) {
                    for (i in 1..20) {
                        writeStringUtf8("data: {\"i\":$i}\n\n")
                        flush()
                        delay(5)
                    }
                }
            }
            endlessSse("/forever", closed)
            post("/idle") {
                call.respondBytesWriter(ContentType.Text.EventStream) {
                    writeStringUtf8("data: first\n\n")
                    flush()
                    delay(15_000)
                }
            }
            post("/long-pauses") {
                // Pauses beyond the engines' own default timeouts (OkHttp and Apache: 10 s between packets,
                // CIO: 15 s per request), which the engine providers must switch off.
                call.respondBytesWriter(ContentType.Text.EventStream) {
                    writeStringUtf8("data: 1\n\n")
                    flush()
                    delay(11_000)
                    writeStringUtf8("data: 2\n\n")
                    flush()
                    delay(5_000)
                    writeStringUtf8("data: 3\n\n")
                    flush()
                }
            }
            post("/slow-headers") {
                delay(15_000)
                call.respondText("{}", ContentType.Application.Json)
            }
            post("/flaky") {
                val n = counter(call.request.headers["x-key"]).incrementAndGet()
                if (n == 1) {
                    call.response.header("Retry-After", "1")
                    call.respondText("{\"error\":\"busy\"}", ContentType.Application.Json, HttpStatusCode.ServiceUnavailable)
                } else {
                    call.respondText("{\"n\":$n}", ContentType.Application.Json)
                }
            }
        }
    }

    private fun transport(configure: HttpOptions.Builder.() -> Unit = {}): HttpTransport = HttpTransport(
        "test",
        HttpOptions.builder().engine(engine).initialBackoff(Duration.ofMillis(5)).apply(configure).build(),
    )

    private fun spec(path: String, key: String? = null, body: String = "{}"): HttpRequestSpec = HttpRequestSpec(
        server.url(path), body.toByteArray(), buildMap { if (key != null) put("x-key", key) },
    )

    init {
        timeout = 60_000L
        afterSpec { server.close() }

        test("[${engine.name}] a POST round-trips body and headers over HTTP/1.1 without an h2c upgrade") {
            transport().use { t ->
                val spec = HttpRequestSpec(server.url("/echo"), "{\"x\":\"ü\"}".toByteArray(), mapOf("Authorization" to "Bearer k"))
                val response = t.execute(spec, TestErrors)
                response.bytes.decodeToString() shouldBe "HTTP/1.1|null|Bearer k|{\"x\":\"ü\"}"
                response.headers["x-request-id"] shouldBe "req-echo"
            }
        }

        test("[${engine.name}] the longest timeouts (Duration.ofSeconds(Long.MAX_VALUE) for 'no limit') are accepted") {
            val forever = Duration.ofSeconds(Long.MAX_VALUE)
            transport { connectTimeout(forever).requestTimeout(forever).streamIdleTimeout(forever) }.use { t ->
                t.execute(spec("/port"), TestErrors).bytes.decodeToString().toInt() shouldBeGreaterThan 0
            }
            transport { connectTimeout(Duration.ofDays(30)).requestTimeout(Duration.ofDays(30)) }.use { t ->
                t.execute(spec("/port"), TestErrors).bytes.decodeToString().toInt() shouldBeGreaterThan 0
            }
        }

        test("[${engine.name}] every header a caller may set reaches the server") {
            transport().use { t ->
                val headers = mapOf("From" to "ops@example.test", "Via" to "1.1 gateway", "Warning" to "199 - \"note\"", "X-Title" to "My app")
                t.execute(HttpRequestSpec(server.url("/headers"), ByteArray(0), headers), TestErrors).bytes.decodeToString() shouldBe
                    "ops@example.test|1.1 gateway|199 - \"note\"|My app"
            }
        }

        test("[${engine.name}] the library's User-Agent (name, build version, JDK, OS) is sent once; a request's own User-Agent wins") {
            transport().use { t ->
                suspend fun agent(headers: Map<String, String>) =
                    t.execute(HttpRequestSpec(server.url("/agent"), ByteArray(0), headers), TestErrors).bytes.decodeToString()
                val sent = agent(emptyMap())
                sent shouldMatch Regex("""switchboard/\d+\.\d+\.\d+[A-Za-z0-9.+-]* \(JDK ${Regex.escape(System.getProperty("java.version"))}; [^()|]+\)""")
                sent shouldNotContain "\${"
                agent(mapOf("User-Agent" to "my-app/2.0 (ops@example.test)")) shouldBe "my-app/2.0 (ops@example.test)"
                agent(mapOf("user-agent" to "lower/1")) shouldBe "lower/1"
            }
        }

        test("[${engine.name}] a large body arrives whole") {
            transport().use { t ->
                val bytes = t.execute(spec("/big"), TestErrors).bytes
                bytes.size shouldBe 2_000_000
                bytes.last() shouldBe (1_999_999 % 253).toByte()
            }
        }

        test("[${engine.name}] stream frames reach the collector as they arrive, not when the body ends") {
            transport().use { t ->
                val frames = t.stream(spec("/gated", "gate1"), StreamFraming.SSE, TestErrors) {}
                    .map { f ->
                        if (f.data == "first") gate("gate1").complete(Unit)
                        f.f()
                    }.toList()
                frames shouldBe listOf(F(null, "first"), F("last", "second"))
            }
        }

        test("[${engine.name}] a finished call or stream is not kept by its connection waiting in the pool") {
            transport().use { t ->
                // Each marker lives only in the frame of the call that is suspended in the engine (it is used after it).
                suspend fun call(): WeakReference<Any> {
                    val marker = Any()
                    t.execute(spec("/echo"), TestErrors).bytes.size shouldBeGreaterThan 0
                    return WeakReference(marker)
                }
                suspend fun stream(): WeakReference<Any> {
                    val marker = Any()
                    t.stream(spec("/stream"), StreamFraming.SSE, TestErrors) {}.toList() shouldHaveSize 20
                    return WeakReference(marker)
                }
                val refs = listOf(call(), stream(), call())
                // The transport, its engine and the pooled connection are still open here.
                repeat(20) {
                    if (refs.all { it.get() == null }) return@repeat
                    System.gc()
                    delay(50)
                }
                refs.map { it.get() == null } shouldBe listOf(true, true, true)
                t.execute(spec("/echo"), TestErrors).bytes.size shouldBeGreaterThan 0
            }
        }

        test("[${engine.name}] concurrent streams all complete") {
            transport().use { t ->
                coroutineScope {
                    (1..8).map { async { t.stream(spec("/stream"), StreamFraming.SSE, TestErrors) {}.toList() } }.awaitAll()
                }.forEach { it shouldHaveSize 20 }
            }
        }

        test("[${engine.name}] sequential calls ${if (reusesConnections) "reuse one connection" else "all succeed"}") {
            transport().use { t ->
                val ports = (1..4).map { t.execute(spec("/port"), TestErrors).bytes.decodeToString().toInt() }
                if (reusesConnections) ports.toSet() shouldHaveSize 1
            }
        }

        test("[${engine.name}] cancelling a stream's collector closes the connection, with a plain CancellationException") {
            transport().use { t ->
                val e = cancelAfterFirst(t.stream(spec("/forever", "cancel-${engine.name}"), StreamFraming.SSE, TestErrors) {})
                e.shouldBeInstanceOf<CancellationException>()
                e.shouldNotBeInstanceOf<SwitchboardException>()
                if (closesOnCancel) withTimeout(CLOSE_WAIT_MILLIS) { closed["cancel-${engine.name}"].await() }
            }
        }

        test("[${engine.name}] cancelling a call that waits for its response closes the connection") {
            val serverSawClose = CompletableDeferred<Int>()
            val serverSawRequest = CompletableDeferred<Unit>()
            Raw.silent(serverSawClose, serverSawRequest).use { raw ->
                transport().use { t ->
                    // Cancelled once the server holds the request (not after a fixed delay, which a cold engine on a
                    // loaded machine may not have sent by then: there would be no connection to close).
                    cancelOnSignal(serverSawRequest) { t.execute(HttpRequestSpec(raw.url("/x"), ByteArray(2)), TestErrors) }
                        .shouldBeInstanceOf<CancellationException>()
                    if (closesOnCancel) withTimeout(CLOSE_WAIT_MILLIS) { serverSawClose.await() } shouldBeLessThan 0
                }
            }
        }

        test("[${engine.name}] a connect timeout is a RequestTimeoutException of kind CONNECT") {
            HangingPort().use { port ->
                transport { connectTimeout(Duration.ofMillis(300)).maxRetries(0) }.use { t ->
                    val start = System.nanoTime()
                    val e = shouldThrow<RequestTimeoutException> { t.execute(HttpRequestSpec(port.url("/x"), ByteArray(2)), TestErrors) }
                    e.kind shouldBe RequestTimeoutException.Kind.CONNECT
                    ((System.nanoTime() - start) / 1_000_000) shouldBeLessThan 5_000
                }
            }
        }

        test("[${engine.name}] the request timeout applies, with kind REQUEST") {
            transport { requestTimeout(Duration.ofMillis(300)).maxRetries(0) }.use { t ->
                shouldThrow<RequestTimeoutException> { t.execute(spec("/slow-headers"), TestErrors) }.kind shouldBe
                    RequestTimeoutException.Kind.REQUEST
                shouldThrow<RequestTimeoutException> { t.stream(spec("/slow-headers"), StreamFraming.SSE, TestErrors) {}.collect() }
                    .kind shouldBe RequestTimeoutException.Kind.REQUEST
            }
        }

        test("[${engine.name}] the engine's own timeouts do not cut a stream that pauses within the configured idle timeout") {
            transport { streamIdleTimeout(Duration.ofSeconds(30)).requestTimeout(Duration.ofSeconds(5)) }.use { t ->
                t.stream(spec("/long-pauses"), StreamFraming.SSE, TestErrors) {}.toList().map { it.data } shouldBe listOf("1", "2", "3")
            }
        }

        test("[${engine.name}] a silent stream fails with kind IDLE after its first frame") {
            transport { streamIdleTimeout(Duration.ofMillis(400)) }.use { t ->
                val got = ArrayList<String>()
                val start = System.nanoTime()
                shouldThrow<RequestTimeoutException> {
                    t.stream(spec("/idle"), StreamFraming.SSE, TestErrors) {}.collect { got += it.data }
                }.kind shouldBe RequestTimeoutException.Kind.IDLE
                got shouldBe listOf("first")
                val ms = (System.nanoTime() - start) / 1_000_000
                ms shouldBeGreaterThanOrEqual 390
                ms shouldBeLessThan 5_000
            }
        }

        test("[${engine.name}] a connection dropped mid-stream is a StreamInterruptedException") {
            Raw.replying(Raw.sseHead() + Raw.chunk("data: partial\n\n"), "8\r\ndata: un").use { raw ->
                transport { maxRetries(2) }.use { t ->
                    val got = ArrayList<String>()
                    shouldThrow<StreamInterruptedException> {
                        t.stream(HttpRequestSpec(raw.url("/x"), ByteArray(2)), StreamFraming.SSE, TestErrors) {}.collect { got += it.data }
                    }
                    got shouldBe listOf("partial")
                }
                raw.connections.get() shouldBe 1
            }
        }

        test("[${engine.name}] a refused connection is a ConnectionException") {
            val port = ServerSocket(0).use { it.localPort }
            transport { maxRetries(1) }.use { t ->
                shouldThrow<ConnectionException> { t.execute(HttpRequestSpec("http://127.0.0.1:$port/x", ByteArray(2)), TestErrors) }
                    .message!! shouldContain "127.0.0.1:$port"
            }
        }

        test("[${engine.name}] 503 with Retry-After is retried after the delay") {
            transport { maxRetries(2) }.use { t ->
                val start = System.nanoTime()
                t.execute(spec("/flaky", "flaky-${engine.name}"), TestErrors).bytes.decodeToString() shouldBe "{\"n\":2}"
                ((System.nanoTime() - start) / 1_000_000) shouldBeGreaterThanOrEqual 950
            }
            transport { maxRetries(0) }.use { t ->
                shouldThrow<ServerException> { t.execute(spec("/flaky", "flaky0-${engine.name}"), TestErrors) }
            }
        }
    }
}

/** How long the contract waits for the server to see a cancelled exchange's connection close. */
private const val CLOSE_WAIT_MILLIS = 10_000L

package dev.switchboard.http

import dev.switchboard.ConnectionException
import dev.switchboard.HttpOptions
import dev.switchboard.ProtocolException
import dev.switchboard.RateLimitException
import dev.switchboard.RequestTimeoutException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpTransport
import dev.switchboard.ResponseHeaders
import dev.switchboard.spi.StreamFraming
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldNotBeInstanceOf
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.ApplicationCall
import io.ktor.server.response.header
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.ByteWriteChannel
import io.ktor.utils.io.writeFully
import io.ktor.utils.io.writeStringUtf8
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

class HttpTransportStreamTest : FunSpec({
    timeout = 60_000L
    val attempts = ConcurrentHashMap<String, AtomicInteger>()
    fun counter(key: String?) = attempts.computeIfAbsent(key ?: "") { AtomicInteger() }
    val closed = ClosedStreams()

    suspend fun ApplicationCall.sse(block: suspend ByteWriteChannel.() -> Unit) {
        response.header("x-request-id", "req-sse")
        respondBytesWriter(ContentType.Text.EventStream) { block() }
    }

    suspend fun ByteWriteChannel.event(data: String) {
        writeStringUtf8("data: $data\n\n")
        flush()
    }

    val server = TestServer {
        routing {
            post("/sse") {
                counter(call.request.headers["x-key"]).incrementAndGet()
                val accept = call.request.headers["Accept"]
                call.sse {
                    writeStringUtf8(": comment\nevent: start\ndata: {\"accept\":\"$accept\"}\n\n")
                    event("one")
                    writeStringUtf8("data: two\ndata: lines\n\n")
                    flush()
                }
            }
            post("/slow") {
                call.sse {
                    for (i in 1..5) {
                        event("$i ${System.nanoTime()}")
                        delay(150)
                    }
                }
            }
            post("/utf8") {
                call.sse {
                    val bytes = "data: 日本😀é\n\n".toByteArray()
                    for (b in bytes) {
                        writeFully(byteArrayOf(b))
                        flush()
                        delay(2)
                    }
                }
            }
            endlessSse("/forever", closed)
            post("/idle-after-first") {
                counter(call.request.headers["x-key"]).incrementAndGet()
                call.sse {
                    event("first")
                    delay(10_000)
                    event("late")
                }
            }
            post("/idle-before-first") {
                counter(call.request.headers["x-key"]).incrementAndGet()
                call.sse {
                    writeStringUtf8(": open\n")
                    flush()
                    delay(10_000)
                }
            }
            post("/slow-headers") {
                delay(10_000)
                call.sse { event("late") }
            }
            post("/flaky429") {
                val n = counter(call.request.headers["x-key"]).incrementAndGet()
                if (n == 1) {
                    call.response.header("retry-after-ms", "200")
                    call.respondText("{\"error\":\"slow down\"}", ContentType.Application.Json, HttpStatusCode.TooManyRequests)
                } else {
                    call.sse { event("after $n") }
                }
            }
            post("/401") {
                counter(call.request.headers["x-key"]).incrementAndGet()
                call.respondText("{\"error\":\"bad key\"}", ContentType.Application.Json, HttpStatusCode.Unauthorized)
            }
            post("/html") { call.respondText("<html>proxy</html>", ContentType.Text.Html) }
            post("/ndjson") {
                call.respondBytesWriter(ContentType.parse("application/x-ndjson")) {
                    writeStringUtf8("{\"a\":1}\n\n{\"b\":\"日本\"}\r\n")
                    flush()
                    delay(50)
                    writeStringUtf8("{\"done\":true}")
                }
            }
            post("/big-event") {
                call.sse { event("x".repeat(1_000_000)) }
            }
        }
    }
    afterSpec { server.close() }

    fun options(configure: HttpOptions.Builder.() -> Unit = {}): HttpOptions =
        HttpOptions.builder().engine(CioTestEngine).initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofSeconds(5))
            .apply(configure).build()

    fun transport(configure: HttpOptions.Builder.() -> Unit = {}) = HttpTransport("test", options(configure))

    fun spec(path: String, key: String? = null) =
        HttpRequestSpec(server.url(path), "{}".toByteArray(), if (key != null) mapOf("x-key" to key) else emptyMap())

    fun specAt(url: String) = HttpRequestSpec(url, "{}".toByteArray())

    test("frames arrive with event names, joined data lines and the SSE Accept header; onOpen sees the headers first") {
        transport().use { t ->
            var opened: ResponseHeaders? = null
            val frames = t.stream(spec("/sse"), StreamFraming.SSE, TestErrors) { opened = it }
                .map { f -> check(opened != null); f.f() }.toList()
            frames shouldBe listOf(F("start", "{\"accept\":\"text/event-stream\"}"), F(null, "one"), F(null, "two\nlines"))
            opened!!["x-request-id"] shouldBe "req-sse"
        }
    }

    test("slow chunks are delivered as they arrive") {
        transport { streamIdleTimeout(Duration.ofSeconds(2)) }.use { t ->
            val received = ArrayList<Long>()
            t.stream(spec("/slow"), StreamFraming.SSE, TestErrors) {}.collect { received += System.nanoTime() }
            received shouldHaveSize 5
            (received.last() - received.first()) / 1_000_000 shouldBeGreaterThan 450
        }
    }

    test("a multi-byte character written one byte per network write decodes whole") {
        transport().use { t ->
            t.stream(spec("/utf8"), StreamFraming.SSE, TestErrors) {}.toList().single().data shouldBe "日本😀é"
        }
    }

    test("a one-megabyte event arrives whole") {
        transport().use { t ->
            t.stream(spec("/big-event"), StreamFraming.SSE, TestErrors) {}.toList().single().data.length shouldBe 1_000_000
        }
    }

    test("NDJSON frames: blank lines skipped, CRLF handled, last line without newline kept") {
        transport().use { t ->
            t.stream(spec("/ndjson"), StreamFraming.NDJSON, TestErrors) {}.toList().map { it.data } shouldBe
                listOf("{\"a\":1}", "{\"b\":\"日本\"}", "{\"done\":true}")
        }
    }

    test("a connection dropped mid-stream is a StreamInterruptedException after the frames before it, and is not retried") {
        // The pause lets the client take the first event before the connection drops in the middle of the next
        // chunk (an engine may discard bytes it buffered once the connection fails).
        Raw.replying(Raw.sseHead("x-request-id: req-raw") + Raw.chunk("data: partial\n\n"), "8\r\ndata: un").use { raw ->
            transport { maxRetries(3) }.use { t ->
                val got = ArrayList<String>()
                val e = shouldThrow<StreamInterruptedException> {
                    t.stream(specAt(raw.url("/x")), StreamFraming.SSE, TestErrors) {}.collect { got += it.data }
                }
                got shouldBe listOf("partial")
                e.requestId shouldBe "req-raw"
                e.statusCode shouldBe 200
                e.isRetryable shouldBe false
            }
            raw.connections.get() shouldBe 1
        }
    }

    test("a connection dropped before the first frame is retried") {
        RawServer { input, output, n ->
            RawServer.readRequest(input)
            val body = if (n == 1) "6\r\ndata: " else Raw.chunk("data: second\n\n") + "0\r\n\r\n"
            output.write((Raw.sseHead() + body).toByteArray())
            output.flush()
        }.use { raw ->
            transport { maxRetries(2) }.use { t ->
                var opens = 0
                t.stream(specAt(raw.url("/x")), StreamFraming.SSE, TestErrors) { opens++ }.toList().map { it.data } shouldBe listOf("second")
                opens shouldBe 2
            }
            raw.connections.get() shouldBe 2
        }
    }

    test("a body that ends early against its Content-Length is not a clean end") {
        Raw.replying("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 500\r\n\r\ndata: a\n\n").use { raw ->
            transport { maxRetries(0) }.use { t ->
                shouldThrow<StreamInterruptedException> { t.stream(specAt(raw.url("/x")), StreamFraming.SSE, TestErrors) {}.collect() }
            }
        }
    }

    test("an error status whose body stalls is bounded by the request timeout") {
        Raw.replying("HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{", "}", pauseMs = 10_000).use { raw ->
            transport { requestTimeout(Duration.ofMillis(300)).maxRetries(0) }.use { t ->
                val start = System.nanoTime()
                withTimeout(5_000) {
                    shouldThrow<RequestTimeoutException> { t.stream(specAt(raw.url("/x")), StreamFraming.SSE, TestErrors) {}.collect() }
                        .kind shouldBe RequestTimeoutException.Kind.REQUEST
                }
                ((System.nanoTime() - start) / 1_000_000) shouldBeLessThan 3_000
            }
        }
    }

    test("429 before the stream starts is retried after retry-after-ms") {
        transport { maxRetries(2) }.use { t ->
            val start = System.nanoTime()
            t.stream(spec("/flaky429", "s429"), StreamFraming.SSE, TestErrors) {}.toList().map { it.data } shouldBe listOf("after 2")
            ((System.nanoTime() - start) / 1_000_000) shouldBeGreaterThanOrEqual 190
            counter("s429").get() shouldBe 2
        }
    }

    test("429 on every attempt ends with the RateLimitException") {
        transport { maxRetries(0) }.use { t ->
            shouldThrow<RateLimitException> { t.stream(spec("/flaky429", "s429b"), StreamFraming.SSE, TestErrors) {}.collect() }
        }
    }

    test("401 is decoded and not retried") {
        transport { maxRetries(3) }.use { t ->
            shouldThrow<dev.switchboard.AuthenticationException> {
                t.stream(spec("/401", "s401"), StreamFraming.SSE, TestErrors) {}.collect()
            }.message!! shouldContain "bad key"
            counter("s401").get() shouldBe 1
        }
    }

    test("a stream that goes idle after a frame fails with an IDLE timeout and is not retried") {
        transport { streamIdleTimeout(Duration.ofMillis(400)).maxRetries(3) }.use { t ->
            val got = ArrayList<String>()
            val start = System.nanoTime()
            val e = shouldThrow<RequestTimeoutException> {
                t.stream(spec("/idle-after-first", "idle1"), StreamFraming.SSE, TestErrors) {}.collect { got += it.data }
            }
            val ms = (System.nanoTime() - start) / 1_000_000
            e.kind shouldBe RequestTimeoutException.Kind.IDLE
            e.message!! shouldContain "400 ms"
            got shouldBe listOf("first")
            ms shouldBeGreaterThanOrEqual 390
            ms shouldBeLessThan 4_000
            counter("idle1").get() shouldBe 1
        }
    }

    test("a stream idle before its first frame times out and is retried") {
        transport { streamIdleTimeout(Duration.ofMillis(300)).maxRetries(1) }.use { t ->
            val e = shouldThrow<RequestTimeoutException> {
                t.stream(spec("/idle-before-first", "idle0"), StreamFraming.SSE, TestErrors) {}.collect()
            }
            e.kind shouldBe RequestTimeoutException.Kind.IDLE
            counter("idle0").get() shouldBe 2
        }
    }

    test("the request timeout bounds the wait for response headers, with kind REQUEST") {
        transport { requestTimeout(Duration.ofMillis(300)).maxRetries(0) }.use { t ->
            val start = System.nanoTime()
            val e = shouldThrow<RequestTimeoutException> { t.stream(spec("/slow-headers"), StreamFraming.SSE, TestErrors) {}.collect() }
            e.kind shouldBe RequestTimeoutException.Kind.REQUEST
            ((System.nanoTime() - start) / 1_000_000) shouldBeLessThan 4_000
        }
    }

    test("the request timeout does not cut a stream whose headers arrived in time") {
        transport { requestTimeout(Duration.ofMillis(200)).streamIdleTimeout(Duration.ofSeconds(2)) }.use { t ->
            t.stream(spec("/slow"), StreamFraming.SSE, TestErrors) {}.toList() shouldHaveSize 5
        }
    }

    test("a successful text/html answer to a stream request is a ProtocolException") {
        transport().use { t ->
            shouldThrow<ProtocolException> { t.stream(spec("/html"), StreamFraming.SSE, TestErrors) {}.collect() }
                .message!! shouldContain "text/html"
        }
    }

    test("taking a few frames ends the flow normally and the server sees the connection close") {
        transport().use { t ->
            t.stream(spec("/forever", "take"), StreamFraming.SSE, TestErrors) {}.take(3).toList() shouldHaveSize 3
            withTimeout(10_000) { closed["take"].await() }
        }
    }

    test("cancelling the collector closes the connection, with a plain CancellationException") {
        transport().use { t ->
            val e = cancelAfterFirst(t.stream(spec("/forever", "cancel"), StreamFraming.SSE, TestErrors) {})
            e.shouldBeInstanceOf<CancellationException>()
            e.shouldNotBeInstanceOf<SwitchboardException>()
            withTimeout(10_000) { closed["cancel"].await() }
        }
    }

    test("an exception from the collector passes through unchanged, is not retried, and closes the connection") {
        transport { maxRetries(3) }.use { t ->
            val e = shouldThrow<IllegalStateException> {
                t.stream(spec("/forever", "boom"), StreamFraming.SSE, TestErrors) {}.collect { error("collector failed") }
            }
            e.message shouldBe "collector failed"
            withTimeout(10_000) { closed["boom"].await() }
        }
    }

    test("an exception from onOpen passes through unchanged") {
        transport { maxRetries(3) }.use { t ->
            shouldThrow<UnsupportedOperationException> {
                t.stream(spec("/sse", "open"), StreamFraming.SSE, TestErrors) { throw UnsupportedOperationException("no") }.collect()
            }
            counter("open").get() shouldBe 1
        }
    }

    test("the flow is cold: each collection sends the request again") {
        transport().use { t ->
            val flow = t.stream(spec("/sse", "cold"), StreamFraming.SSE, TestErrors) {}
            counter("cold").get() shouldBe 0
            flow.toList() shouldHaveSize 3
            flow.toList() shouldHaveSize 3
            counter("cold").get() shouldBe 2
        }
    }

    test("a refused connection is a ConnectionException") {
        val port = java.net.ServerSocket(0).use { it.localPort }
        transport { maxRetries(1) }.use { t ->
            shouldThrow<ConnectionException> { t.stream(specAt("http://127.0.0.1:$port/x"), StreamFraming.SSE, TestErrors) {}.collect() }
        }
    }
})

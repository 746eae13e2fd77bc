package dev.switchboard.http

import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.ConnectionException
import dev.switchboard.HttpOptions
import dev.switchboard.ProtocolException
import dev.switchboard.RateLimitException
import dev.switchboard.RequestTimeoutException
import dev.switchboard.ServerException
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.StreamFraming
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldEndWith
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldNotBeInstanceOf
import io.ktor.client.HttpClient
import io.ktor.client.request.get
import io.ktor.client.statement.bodyAsText
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.request.receiveText
import io.ktor.server.response.header
import io.ktor.server.response.respondBytes
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.writeStringUtf8
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import java.net.ServerSocket
import java.time.Duration
import java.time.ZoneOffset
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

class HttpTransportTest : FunSpec({
    timeout = 60_000L
    val attempts = ConcurrentHashMap<String, AtomicInteger>()
    fun counter(key: String?) = attempts.computeIfAbsent(key ?: "") { AtomicInteger() }

    val server = TestServer {
        routing {
            post("/echo") {
                val body = call.receiveText()
                call.response.header("x-request-id", "req-echo")
                call.respondText(
                    "${call.request.headers["Authorization"]}|${call.request.headers["Content-Type"]}|${call.request.headers["X-Extra"]}|$body",
                    ContentType.Application.Json,
                )
            }
            get("/get") { call.respondText("got it", ContentType.Application.Json) }
            post("/get-sse") { call.respondText("data: x\n\n", ContentType.Text.EventStream) }
            post("/status/{code}") {
                val code = call.parameters["code"]!!.toInt()
                counter(call.request.headers["x-key"]).incrementAndGet()
                call.response.header("x-request-id", "req-$code")
                call.respondText("{\"error\":\"status $code\"}", ContentType.Application.Json, HttpStatusCode.fromValue(code))
            }
            post("/flaky") {
                val n = counter(call.request.headers["x-key"]).incrementAndGet()
                val fail = call.request.queryParameters["fail"]!!.toInt()
                if (n <= fail) {
                    when (call.request.queryParameters["mode"]) {
                        "seconds" -> call.response.header("Retry-After", "1")
                        "ms" -> call.response.header("retry-after-ms", "400")
                        "date" -> call.response.header(
                            "Retry-After",
                            DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2)),
                        )
                        "long" -> call.response.header("Retry-After", "3600")
                    }
                    val status = call.request.queryParameters["status"]?.toInt() ?: 503
                    call.respondText("{\"error\":\"try again\"}", ContentType.Application.Json, HttpStatusCode.fromValue(status))
                } else {
                    call.respondText("{\"ok\":$n}", ContentType.Application.Json)
                }
            }
            post("/slow") {
                delay(call.request.queryParameters["ms"]!!.toLong())
                call.respondText("{}", ContentType.Application.Json)
            }
            post("/html") { call.respondText("<html><body>Gateway login, token=abcdef123456</body></html>", ContentType.Text.Html) }
            post("/html502") {
                call.respondText("<html><body>502 Bad Gateway</body></html>", ContentType.Text.Html, HttpStatusCode.BadGateway)
            }
            post("/empty") { call.respondText("", ContentType.Application.Json) }
            post("/chunked") {
                call.respondBytesWriter(ContentType.Application.Json) {
                    repeat(20) { writeStringUtf8("0123456789".repeat(100)); flush() }
                }
            }
            post("/big") { call.respondBytes(ByteArray(3_000_000) { (it % 251).toByte() }, ContentType.Application.Json) }
            post("/redirect") {
                call.response.header("Location", "https://elsewhere.test/v1?key=secretkey123")
                call.respondText("", status = HttpStatusCode.TemporaryRedirect)
            }
        }
    }
    afterSpec { server.close() }

    fun options(configure: HttpOptions.Builder.() -> Unit = {}): HttpOptions =
        HttpOptions.builder().engine(CioTestEngine).initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofSeconds(5))
            .apply(configure).build()

    fun transport(configure: HttpOptions.Builder.() -> Unit = {}) = HttpTransport("test", options(configure))

    fun post(path: String, key: String? = null, body: String = "{\"q\":1}") = HttpRequestSpec(
        server.url(path), body.toByteArray(), if (key != null) mapOf("x-key" to key) else emptyMap(),
    )

    test("a POST sends method, headers and body and returns the body and headers") {
        transport().use { t ->
            val spec = HttpRequestSpec(
                server.url("/echo"), "{\"héllo\":\"wörld\"}".toByteArray(),
                mapOf("Authorization" to "Bearer sk-test", "X-Extra" to "yes"),
            )
            val response = t.execute(spec, TestErrors)
            response.bytes.decodeToString() shouldBe "Bearer sk-test|application/json|yes|{\"héllo\":\"wörld\"}"
            response.headers["X-Request-Id"] shouldBe "req-echo"
            response.headers["x-request-id"] shouldBe "req-echo"
        }
    }

    test("a GET without a body works and a Content-Type header in the spec sets the content type") {
        transport().use { t ->
            t.execute(HttpRequestSpec(server.url("/get"), null, method = "GET"), TestErrors).bytes.decodeToString() shouldBe "got it"
            val spec = HttpRequestSpec(server.url("/echo"), "x".toByteArray(), mapOf("content-type" to "text/plain"))
            t.execute(spec, TestErrors).bytes.decodeToString() shouldContain "|text/plain|"
        }
    }

    test("requests to alternating URLs each go to their own, and a malformed URL after good ones is refused") {
        transport().use { t ->
            // The transport keeps the last URL it parsed: a request to another must never go to the kept one.
            repeat(3) {
                t.execute(HttpRequestSpec(server.url("/get"), null, method = "GET"), TestErrors).bytes.decodeToString() shouldBe "got it"
                t.execute(post("/echo"), TestErrors).bytes.decodeToString() shouldEndWith "|{\"q\":1}"
                t.execute(post("/echo"), TestErrors).bytes.decodeToString() shouldEndWith "|{\"q\":1}"
            }
            val e = shouldThrow<BadRequestException> { t.execute(HttpRequestSpec("not a url", null, method = "GET"), TestErrors) }
            e.message shouldContain "check the base URL"
            t.execute(HttpRequestSpec(server.url("/get"), null, method = "GET"), TestErrors).bytes.decodeToString() shouldBe "got it"
        }
    }

    test("empty and chunked bodies arrive whole") {
        transport().use { t ->
            t.execute(post("/empty"), TestErrors).bytes.size shouldBe 0
            val chunked = t.execute(post("/chunked"), TestErrors).bytes
            chunked.size shouldBe 20_000
            chunked.decodeToString() shouldBe "0123456789".repeat(2_000)
        }
    }

    test("a body of several megabytes arrives whole") {
        transport().use { t ->
            val bytes = t.execute(post("/big"), TestErrors).bytes
            bytes.size shouldBe 3_000_000
            bytes[2_999_999] shouldBe (2_999_999 % 251).toByte()
        }
    }

    test("401 is decoded and not retried") {
        transport { maxRetries(3) }.use { t ->
            val e = shouldThrow<AuthenticationException> { t.execute(post("/status/401", "a401"), TestErrors) }
            e.message!! shouldContain "status 401"
            e.requestId shouldBe "req-401"
            counter("a401").get() shouldBe 1
        }
    }

    test("503 is retried and then succeeds") {
        transport { maxRetries(3) }.use { t ->
            t.execute(post("/flaky?fail=2", "f503"), TestErrors).bytes.decodeToString() shouldBe "{\"ok\":3}"
            counter("f503").get() shouldBe 3
        }
    }

    test("a retryable status is retried maxRetries times, then its error is thrown") {
        transport { maxRetries(2) }.use { t ->
            val e = shouldThrow<ServerException> { t.execute(post("/status/500", "a500"), TestErrors) }
            e.statusCode shouldBe 500
            counter("a500").get() shouldBe 3
        }
        transport { maxRetries(0) }.use { t ->
            shouldThrow<ServerException> { t.execute(post("/status/409", "a409"), TestErrors) }
            counter("a409").get() shouldBe 1
        }
    }

    test("an error decoder that fails still gives the typed error of the status, and retries what the status allows") {
        val broken = dev.switchboard.spi.ErrorDecoder { _, _, _ -> throw IllegalStateException("codec bug") }
        transport { maxRetries(2) }.use { t ->
            val auth = shouldThrow<AuthenticationException> { t.execute(post("/status/401", "broken401"), broken) }
            auth.requestId shouldBe "req-401"
            auth.suppressed.single().message shouldBe "codec bug"
            counter("broken401").get() shouldBe 1
            shouldThrow<ServerException> { t.execute(post("/status/503", "broken503"), broken) }
            counter("broken503").get() shouldBe 3
            shouldThrow<AuthenticationException> {
                t.stream(post("/status/401", "broken401s"), StreamFraming.SSE, broken) {}.collect {}
            }
        }
    }

    test("408 and 409 are retried like 5xx") {
        transport { maxRetries(1) }.use { t ->
            shouldThrow<ServerException> { t.execute(post("/status/408", "b408"), TestErrors) }
            counter("b408").get() shouldBe 2
        }
    }

    // The server asks for a delay in each of the ways it can; the retry must wait at least that long.
    for (case in listOf(
        RetryCase("429 with Retry-After in seconds is retried after the delay", "mode=seconds&status=429", 950, 5_000),
        RetryCase("retry-after-ms is honoured", "mode=ms&status=429", 390, 3_000),
        RetryCase("Retry-After as an HTTP-date is honoured", "mode=date&status=503", 900, 5_000),
    )) {
        test(case.name) {
            val key = "retry-${case.query}"
            transport { maxRetries(2) }.use { t ->
                val start = System.nanoTime()
                t.execute(post("/flaky?fail=1&${case.query}", key), TestErrors).bytes.decodeToString() shouldBe "{\"ok\":2}"
                val ms = (System.nanoTime() - start) / 1_000_000
                ms shouldBeGreaterThanOrEqual case.minMs
                ms shouldBeLessThan case.maxMs
                counter(key).get() shouldBe 2
            }
        }
    }

    test("a Retry-After longer than maxBackoff is capped at maxBackoff") {
        transport { maxRetries(1).maxBackoff(Duration.ofMillis(300)) }.use { t ->
            val start = System.nanoTime()
            t.execute(post("/flaky?fail=1&mode=long&status=429", "rlong"), TestErrors)
            val ms = (System.nanoTime() - start) / 1_000_000
            ms shouldBeGreaterThanOrEqual 290
            ms shouldBeLessThan 3_000
        }
    }

    test("429 that stays rate limited ends with the RateLimitException") {
        transport { maxRetries(1) }.use { t ->
            val e = shouldThrow<RateLimitException> { t.execute(post("/flaky?fail=9&mode=ms&status=429", "r429x"), TestErrors) }
            e.statusCode shouldBe 429
            counter("r429x").get() shouldBe 2
        }
    }

    test("the request timeout bounds the whole call, with kind REQUEST") {
        transport { requestTimeout(Duration.ofMillis(300)).maxRetries(0) }.use { t ->
            val start = System.nanoTime()
            val e = shouldThrow<RequestTimeoutException> { t.execute(post("/slow?ms=5000"), TestErrors) }
            e.kind shouldBe RequestTimeoutException.Kind.REQUEST
            e.message!! shouldContain "300 ms"
            ((System.nanoTime() - start) / 1_000_000) shouldBeLessThan 3_000
        }
    }

    test("a refused connection is a ConnectionException, retried") {
        val port = ServerSocket(0).use { it.localPort }
        transport { maxRetries(2).initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(100)) }.use { t ->
            val e = shouldThrow<ConnectionException> {
                t.execute(HttpRequestSpec("http://127.0.0.1:$port/v1?key=topsecret", ByteArray(0)), TestErrors)
            }
            e.isRetryable shouldBe true
            e.statusCode shouldBe 0
            e.message!! shouldContain "127.0.0.1:$port"
            e.message!! shouldNotContain "topsecret"
        }
    }

    test("a refused connection is retried after the backoff") {
        val port = ServerSocket(0).use { it.localPort }
        val options = options { maxRetries(2).initialBackoff(Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)) }
        HttpTransport("test", options) { 0.999 }.use { t ->
            val start = System.nanoTime()
            shouldThrow<ConnectionException> { t.execute(HttpRequestSpec("http://127.0.0.1:$port/x", ByteArray(0)), TestErrors) }
            // Two retries waiting (almost) 200 ms and 400 ms: the full-jitter ceiling doubles.
            ((System.nanoTime() - start) / 1_000_000) shouldBeGreaterThanOrEqual 590
        }
    }

    test("a connection closed before any response is a ConnectionException and is retried") {
        RawServer { input, _, _ -> RawServer.readRequest(input) }.use { raw ->
            transport { maxRetries(2) }.use { t ->
                val e = shouldThrow<ConnectionException> { t.execute(HttpRequestSpec(raw.url("/x"), ByteArray(3)), TestErrors) }
                e.isRetryable shouldBe true
            }
            raw.connections.get() shouldBe 3
        }
    }

    test("a body cut short of its Content-Length is a ConnectionException, never a short body") {
        Raw.replying("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"partial\":").use { raw ->
            transport { maxRetries(1) }.use { t ->
                shouldThrow<ConnectionException> { t.execute(HttpRequestSpec(raw.url("/x"), ByteArray(3)), TestErrors) }
            }
            raw.connections.get() shouldBe 2
        }
    }

    test("a successful text/html answer is a ProtocolException naming the content type") {
        transport().use { t ->
            val e = shouldThrow<ProtocolException> { t.execute(post("/html"), TestErrors) }
            e.message!! shouldContain "text/html"
            e.bodyExcerpt!! shouldContain "Gateway login"
            e.bodyExcerpt shouldNotContain "abcdef123456"
            e.isRetryable shouldBe false
        }
    }

    test("an HTML error page with an error status goes to the error decoder with its body") {
        transport { maxRetries(0) }.use { t ->
            val e = shouldThrow<ServerException> { t.execute(post("/html502"), TestErrors) }
            e.statusCode shouldBe 502
            e.message!! shouldContain "502 Bad Gateway"
        }
    }

    test("a redirect is not followed and says where it points, without the query") {
        transport().use { t ->
            val e = shouldThrow<ProtocolException> { t.execute(post("/redirect"), TestErrors) }
            e.statusCode shouldBe 307
            e.message!! shouldContain "https://elsewhere.test/v1"
            e.message!! shouldNotContain "secretkey123"
        }
    }

    test("cancelling the caller while it waits for the response closes the connection, with a plain CancellationException") {
        val serverSawClose = CompletableDeferred<Int>()
        Raw.silent(serverSawClose).use { raw ->
            transport().use { t ->
                val e = cancelAfter(300) { t.execute(HttpRequestSpec(raw.url("/x"), ByteArray(3)), TestErrors) }
                e.shouldBeInstanceOf<CancellationException>()
                e.shouldNotBeInstanceOf<dev.switchboard.SwitchboardException>()
                withTimeout(10_000) { serverSawClose.await() } shouldBeLessThan 0
            }
        }
    }

    test("a given HttpClient is used and not closed") {
        val own = HttpClient(CioTestEngine.ktorEngine(HttpOptions.DEFAULT))
        HttpTransport("test", HttpOptions.builder().httpClient(own).build()).use { t ->
            t.engineName shouldBe "custom"
            t.execute(post("/echo"), TestErrors).bytes.decodeToString() shouldContain "{\"q\":1}"
        }
        own.get(server.url("/get")).bodyAsText() shouldBe "got it"
        own.close()
    }

    test("a key in the query of a malformed or unreachable URL appears in no message and no cause") {
        val key = "q7" + "Zx9Lm2Vw4Np8Kt"
        transport { maxRetries(0) }.use { t ->
            val bad = shouldThrow<dev.switchboard.BadRequestException> {
                t.execute(HttpRequestSpec("http://exa mple:99999/v1?key=$key", ByteArray(0)), TestErrors)
            }
            generateSequence<Throwable>(bad) { it.cause }.forEach { it.toString() shouldNotContain key }
            val port = ServerSocket(0).use { it.localPort }
            val refused = shouldThrow<ConnectionException> {
                t.execute(HttpRequestSpec("http://127.0.0.1:$port/v1?key=$key", ByteArray(0)), TestErrors)
            }
            generateSequence<Throwable>(refused) { it.cause }.forEach { it.toString() shouldNotContain key }
            refused.stackTraceToString() shouldNotContain key
        }
    }

    test("a malformed URL is a BadRequestException, not retried") {
        transport { maxRetries(3) }.use { t ->
            val e = shouldThrow<dev.switchboard.BadRequestException> { t.execute(HttpRequestSpec("http://exa mple:99999/v1", ByteArray(0)), TestErrors) }
            e.statusCode shouldBe 0
            e.message!! shouldContain "URL"
        }
    }

    test("a header value HTTP cannot carry is a BadRequestException naming the header, never showing the value") {
        // An Azure-style key: no known shape, so redaction could not catch it in an engine's message.
        val key = "0123456789abcdef" + "0123456789abcdef"
        for (bad in listOf("$key\n", "$key\r\nX-Injected: 1", "\u0000$key", "$key\u00a0")) {
            transport { maxRetries(3) }.use { t ->
                val e = shouldThrow<dev.switchboard.BadRequestException> {
                    t.execute(HttpRequestSpec(server.url("/echo"), ByteArray(0), mapOf("api-key" to bad)), TestErrors)
                }
                e.statusCode shouldBe 0
                e.message!! shouldContain "'api-key'"
                generateSequence<Throwable>(e) { it.cause }.forEach { it.toString() shouldNotContain key }
                val s = shouldThrow<dev.switchboard.BadRequestException> {
                    t.stream(HttpRequestSpec(server.url("/echo"), ByteArray(0), mapOf("api-key" to bad)), StreamFraming.SSE, TestErrors) {}
                        .collect {}
                }
                generateSequence<Throwable>(s) { it.cause }.forEach { it.toString() shouldNotContain key }
            }
        }
        transport().use { t ->
            shouldThrow<dev.switchboard.BadRequestException> {
                t.execute(HttpRequestSpec(server.url("/echo"), ByteArray(0), mapOf("api key:" to "x")), TestErrors)
            }.message!! shouldContain "not a valid HTTP header name"
        }
    }

    test("timeouts and backoffs too long for nanoseconds (a way to say 'no limit') work as the longest wait") {
        val forever = Duration.ofSeconds(Long.MAX_VALUE)
        val options = options {
            connectTimeout(forever).requestTimeout(forever).streamIdleTimeout(forever).initialBackoff(forever).maxBackoff(forever)
        }
        options.requestTimeout shouldBe Duration.ofNanos(Long.MAX_VALUE)
        HttpTransport("test", options).use { t ->
            t.execute(post("/echo"), TestErrors).bytes.decodeToString() shouldContain "{\"q\":1}"
            t.stream(post("/get-sse"), StreamFraming.SSE, TestErrors) {}.toList().map { it.data } shouldBe listOf("x")
        }
        options.toString() shouldContain "requestTimeout"
    }

    test("a closed transport refuses calls clearly") {
        val t = transport()
        t.close()
        t.close()
        shouldThrow<IllegalStateException> { t.execute(post("/echo"), TestErrors) }.message!! shouldContain "closed"
    }

    test("toString names provider and engine") {
        transport().use { it.toString() shouldBe "HttpTransport(test, engine=cio-test)" }
    }

    test("an error whose retries ran out says how many attempts were sent, for create and stream; one not retried does not") {
        transport { maxRetries(2) }.use { t ->
            val e = shouldThrow<ServerException> { t.execute(post("/status/502", "gave502"), TestErrors) }
            counter("gave502").get() shouldBe 3
            e.message shouldBe "HTTP 502: {\"error\":\"status 502\"} (gave up after 3 attempts)"
            val s = shouldThrow<RateLimitException> {
                t.stream(post("/status/429", "gave429s"), StreamFraming.SSE, TestErrors) {}.collect {}
            }
            counter("gave429s").get() shouldBe 3
            s.message!! shouldEndWith " (gave up after 3 attempts)"
            val auth = shouldThrow<AuthenticationException> { t.execute(post("/status/401", "gave401"), TestErrors) }
            auth.message!! shouldNotContain "gave up"
        }
        transport { maxRetries(0) }.use { t ->
            shouldThrow<ServerException> { t.execute(post("/status/503", "gave503"), TestErrors) }.message!! shouldEndWith
                " (gave up after 1 attempt)"
        }
        val port = ServerSocket(0).use { it.localPort }
        transport { maxRetries(1).initialBackoff(Duration.ofMillis(5)) }.use { t ->
            val e = shouldThrow<ConnectionException> {
                t.execute(HttpRequestSpec("http://127.0.0.1:$port/v1?key=topsecret", ByteArray(0)), TestErrors)
            }
            e.message!! shouldEndWith " (gave up after 2 attempts)"
            e.message!! shouldNotContain "topsecret"
            e.toString() shouldContain "(gave up after 2 attempts)"
        }
        transport { requestTimeout(Duration.ofMillis(200)).maxRetries(1) }.use { t ->
            shouldThrow<RequestTimeoutException> { t.execute(post("/slow?ms=5000"), TestErrors) }.message!! shouldEndWith
                " (gave up after 2 attempts)"
        }
    }

    test("retries stop at maxRetries even for a server that always fails") {
        val key = "always"
        transport { maxRetries(4) }.use { t ->
            shouldThrow<ServerException> { t.execute(post("/status/503", key), TestErrors) }
        }
        counter(key).get() shouldBeLessThan 6
        counter(key).get() shouldBe 5
    }
})

/** A retry scenario of the `/flaky` route: the [query] that sets how the server asks to wait, and the wait expected. */
private class RetryCase(val name: String, val query: String, val minMs: Long, val maxMs: Long)

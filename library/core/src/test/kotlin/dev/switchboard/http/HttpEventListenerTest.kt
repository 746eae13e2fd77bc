package dev.switchboard.http

import dev.switchboard.HttpEventListener
import dev.switchboard.HttpOptions
import dev.switchboard.ServerException
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpTransport
import dev.switchboard.ResponseHeaders
import dev.switchboard.spi.StreamFraming
import dev.switchboard.wrap.withHttpEvents
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.response.header
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.writeStringUtf8
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger

/** Writes down every event as a line, and the headers it could read. */
private class Events : HttpEventListener {
    val lines = CopyOnWriteArrayList<String>()
    val delays = CopyOnWriteArrayList<Duration>()
    val failures = CopyOnWriteArrayList<Throwable?>()
    val headerValues = CopyOnWriteArrayList<String?>()

    override fun attemptStarted(attempt: Int, method: String, url: String) {
        lines += "started $attempt $method $url"
    }

    override fun responseHeaders(attempt: Int, status: Int, requestId: String?, headers: ResponseHeaders) {
        lines += "headers $attempt $status $requestId"
        headerValues += headers["x-ratelimit-remaining-requests"]
        headerValues += headers["Set-Cookie"]
        headerValues += headers["x-api-key"]
    }

    override fun retryScheduled(attempt: Int, delay: Duration, cause: SwitchboardException) {
        lines += "retry $attempt ${cause.statusCode}"
        delays += delay
    }

    override fun firstFrame(attempt: Int, elapsed: Duration) {
        lines += "first frame $attempt"
    }

    override fun attemptEnded(attempt: Int, elapsed: Duration, failure: Throwable?) {
        lines += "ended $attempt ${failure?.javaClass?.simpleName ?: "ok"}"
        failures += failure
    }
}

class HttpEventListenerTest : FunSpec({
    timeout = 60_000L
    val calls = ConcurrentHashMap<String, AtomicInteger>()
    fun count(path: String) = calls.computeIfAbsent(path) { AtomicInteger() }.incrementAndGet()

    val server = TestServer {
        routing {
            post("/once503/{key}") {
                val n = count(call.parameters["key"]!!)
                call.response.header("x-request-id", "req-$n")
                call.response.header("x-ratelimit-remaining-requests", "99")
                call.response.header("Set-Cookie", "session=abcdef0123456789")
                call.response.header("x-api-key", "sk-echoed-back-test")
                if (n == 1) {
                    call.response.header("Retry-After", "1")
                    call.respondText("{\"error\":\"busy\"}", ContentType.Application.Json, HttpStatusCode.ServiceUnavailable)
                } else {
                    call.respondText("{\"ok\":true}", ContentType.Application.Json)
                }
            }
            post("/stream503/{key}") {
                val n = count(call.parameters["key"]!!)
                call.response.header("x-request-id", "req-$n")
                if (n == 1) {
                    call.response.header("Retry-After", "1")
                    call.respondText("{\"error\":\"busy\"}", ContentType.Application.Json, HttpStatusCode.ServiceUnavailable)
                } else {
                    call.respondBytesWriter(ContentType.Text.EventStream) {
                        delay(100)
                        writeStringUtf8("data: one\n\n")
                        flush()
                        writeStringUtf8("data: two\n\n")
                        flush()
                    }
                }
            }
            post("/always500") { call.respondText("{}", ContentType.Application.Json, HttpStatusCode.InternalServerError) }
        }
    }
    afterSpec { server.close() }

    fun transport(listener: HttpEventListener, retries: Int = 2) = HttpTransport(
        "test",
        HttpOptions.builder().engine(CioTestEngine).maxRetries(retries).initialBackoff(Duration.ofMillis(5))
            .maxBackoff(Duration.ofSeconds(5)).eventListener(listener).build(),
    )

    test("a 503 then a 200: two attempts, one retry after the Retry-After delay, status and request id of each") {
        val events = Events()
        transport(events).use { t ->
            t.execute(HttpRequestSpec(server.url("/once503/a?key=sk-inquery0123456789"), "{}".toByteArray()), TestErrors)
                .bytes.decodeToString() shouldBe "{\"ok\":true}"
        }
        val url = server.url("/once503/a")
        events.lines shouldContainExactly listOf(
            "started 1 POST $url",
            "headers 1 503 req-1",
            "ended 1 ServerException",
            "retry 1 503",
            "started 2 POST $url",
            "headers 2 200 req-2",
            "ended 2 ok",
        )
        events.delays.single() shouldBe Duration.ofSeconds(1)
        events.failures[0].shouldBeInstanceOf<ServerException>()
        events.failures[1] shouldBe null
        events.headerValues.toList() shouldBe listOf("99", null, null, "99", null, null)
        events.lines.joinToString() shouldNotContain "sk-inquery"
    }

    test("a stream: the first frame of the attempt that succeeded is reported, then its end once the body ended") {
        val events = Events()
        val frames = transport(events).use { t ->
            t.stream(HttpRequestSpec(server.url("/stream503/s"), "{}".toByteArray()), StreamFraming.SSE, TestErrors) {}.toList()
        }
        frames.map { it.data } shouldBe listOf("one", "two")
        val url = server.url("/stream503/s")
        events.lines shouldContainExactly listOf(
            "started 1 POST $url",
            "headers 1 503 req-1",
            "ended 1 ServerException",
            "retry 1 503",
            "started 2 POST $url",
            "headers 2 200 req-2",
            "first frame 2",
            "ended 2 ok",
        )
    }

    test("a collector that stops early ends the attempt with a CancellationException") {
        val events = Events()
        transport(events).use { t ->
            t.stream(HttpRequestSpec(server.url("/stream503/c"), "{}".toByteArray()), StreamFraming.SSE, TestErrors) {}.take(1).toList()
        }
        events.lines.last() shouldBe "ended 2 AbortFlowException"
        events.failures.last().shouldBeInstanceOf<CancellationException>()
    }

    test("the last failure is reported as the attempt's end, with no retry after it") {
        val events = Events()
        transport(events, retries = 1).use { t ->
            shouldThrow<ServerException> { t.execute(HttpRequestSpec(server.url("/always500"), "{}".toByteArray()), TestErrors) }
        }
        events.lines.filter { it.startsWith("retry") || it.startsWith("ended") } shouldContainExactly
            listOf("ended 1 ServerException", "retry 1 500", "ended 2 ServerException")
    }

    test("a listener that throws from every method does not break the call") {
        val throwing = object : HttpEventListener {
            override fun attemptStarted(attempt: Int, method: String, url: String) = throw IllegalStateException("listener bug")
            override fun responseHeaders(attempt: Int, status: Int, requestId: String?, headers: ResponseHeaders) =
                throw IllegalStateException("listener bug")
            override fun retryScheduled(attempt: Int, delay: Duration, cause: SwitchboardException) = throw IllegalStateException("listener bug")
            override fun firstFrame(attempt: Int, elapsed: Duration) = throw IllegalStateException("listener bug")
            override fun attemptEnded(attempt: Int, elapsed: Duration, failure: Throwable?) = throw IllegalStateException("listener bug")
        }
        transport(throwing).use { t ->
            t.execute(HttpRequestSpec(server.url("/once503/t"), "{}".toByteArray()), TestErrors).bytes.decodeToString() shouldBe "{\"ok\":true}"
            t.stream(HttpRequestSpec(server.url("/stream503/t"), "{}".toByteArray()), StreamFraming.SSE, TestErrors) {}
                .toList().map { it.data } shouldBe listOf("one", "two")
        }
    }

    test("call-scoped listeners: each wrapper's listener hears only the calls made inside it, after the client's own") {
        val own = Events()
        val outer = Events()
        val inner = Events()
        transport(own).use { t ->
            withHttpEvents(outer) {
                withHttpEvents(inner) { t.execute(HttpRequestSpec(server.url("/once503/scoped"), "{}".toByteArray()), TestErrors) }
            }
            t.execute(HttpRequestSpec(server.url("/once503/unscoped"), "{}".toByteArray()), TestErrors)
        }
        own.lines.size shouldBe 7 + 7
        outer.lines shouldContainExactly own.lines.take(7)
        inner.lines shouldContainExactly own.lines.take(7)
    }

    test("a stream's call-scoped listener hears each collection, the flow staying in its collector's coroutine") {
        val scoped = Events()
        transport(Events()).use { t ->
            val flow = t.stream(HttpRequestSpec(server.url("/stream503/scopedstream"), "{}".toByteArray()), StreamFraming.SSE, TestErrors) {}
                .withHttpEvents(scoped)
            flow.toList().map { it.data } shouldBe listOf("one", "two")
            flow.toList().map { it.data } shouldBe listOf("one", "two")
        }
        scoped.lines.filter { it.startsWith("first frame") } shouldContainExactly listOf("first frame 2", "first frame 1")
        scoped.lines.count { it.startsWith("started") } shouldBe 3
    }
})

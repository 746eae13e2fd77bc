package dev.switchboard.http

import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.HttpOptions
import dev.switchboard.auth.AccessToken
import dev.switchboard.auth.AccessTokenProvider
import dev.switchboard.auth.RequestAuthorizer
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.StreamFraming
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import kotlinx.coroutines.flow.toList
import java.time.Duration
import java.time.Instant
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger

/** The [RequestAuthorizer] hook of [HttpTransport]: credentials per attempt, one more attempt after a 401. */
class HttpTransportAuthTest : FunSpec({
    timeout = 60_000L
    /** Authorization headers seen per route, in order. */
    val seen = ConcurrentHashMap<String, CopyOnWriteArrayList<String>>()
    fun seen(route: String) = seen.computeIfAbsent(route) { CopyOnWriteArrayList() }
    val goodToken = AtomicInteger(Int.MAX_VALUE)

    val server = TestServer {
        routing {
            // Answers 503 to the first attempt of each test run (keyed by x-key), then echoes the header.
            post("/flaky") {
                val list = seen(call.request.headers["x-key"]!!)
                list += call.request.headers["Authorization"] ?: "none"
                if (list.size == 1) {
                    call.respondText("{\"error\":\"busy\"}", ContentType.Application.Json, HttpStatusCode.ServiceUnavailable)
                } else {
                    call.respondText(call.request.headers["Authorization"] ?: "none", ContentType.Application.Json)
                }
            }
            // Accepts only tokens numbered at least goodToken; 401 otherwise.
            post("/guarded") {
                val auth = call.request.headers["Authorization"] ?: "none"
                seen(call.request.headers["x-key"]!!) += auth
                val n = auth.substringAfterLast('-').toIntOrNull() ?: 0
                if (n >= goodToken.get()) {
                    call.respondText("{\"ok\":\"$auth\"}", ContentType.Application.Json)
                } else {
                    call.respondText("{\"error\":\"invalid token\"}", ContentType.Application.Json, HttpStatusCode.Unauthorized)
                }
            }
            post("/reflect") {
                val auth = call.request.headers["Authorization"] ?: "none"
                call.respondText("{\"error\":\"bad: $auth / ${auth.substringAfter(' ')}\"}", ContentType.Application.Json, HttpStatusCode.BadRequest)
            }
            post("/guarded-sse") {
                val auth = call.request.headers["Authorization"] ?: "none"
                seen(call.request.headers["x-key"]!!) += auth
                val n = auth.substringAfterLast('-').toIntOrNull() ?: 0
                if (n >= goodToken.get()) {
                    call.respondText("data: one\n\ndata: two\n\n", ContentType.Text.EventStream)
                } else {
                    call.respondText("{\"error\":\"invalid token\"}", ContentType.Application.Json, HttpStatusCode.Unauthorized)
                }
            }
        }
    }
    afterSpec { server.close() }

    fun options(): HttpOptions = HttpOptions.builder().engine(CioTestEngine).initialBackoff(Duration.ofMillis(5)).build()

    /** An authorizer handing out `Bearer n-<k>` with k counting up per call, recording what was refused. */
    class Counting : RequestAuthorizer {
        val calls = AtomicInteger()
        val refused = CopyOnWriteArrayList<String>()
        override suspend fun authorize(request: HttpRequestSpec): Map<String, String> =
            mapOf("Authorization" to "Bearer n-${calls.incrementAndGet()}")
        override fun onUnauthorized(headers: Map<String, String>): Boolean {
            refused += headers.getValue("Authorization")
            return true
        }
    }

    fun spec(path: String, key: String, headers: Map<String, String> = emptyMap()) =
        HttpRequestSpec(server.url(path), "{}".toByteArray(), headers + ("x-key" to key))

    test("each attempt asks for credentials again, so a retry carries the fresh ones") {
        val auth = Counting()
        HttpTransport("test", options(), auth).use { t ->
            t.execute(spec("/flaky", "retry"), TestErrors).bytes.decodeToString() shouldBe "Bearer n-2"
        }
        seen("retry") shouldBe listOf("Bearer n-1", "Bearer n-2")
    }

    test("the authorizer's header replaces a header of the same name in the request") {
        val auth = Counting()
        HttpTransport("test", options(), auth).use { t ->
            goodToken.set(0)
            t.execute(spec("/guarded", "replace", mapOf("authorization" to "Bearer stale-0")), TestErrors)
        }
        seen("replace") shouldBe listOf("Bearer n-1")
    }

    test("a 401 is answered by one more attempt with fresh credentials") {
        goodToken.set(2)
        val auth = Counting()
        HttpTransport("test", options(), auth).use { t ->
            t.execute(spec("/guarded", "401-once"), TestErrors).bytes.decodeToString() shouldContain "n-2"
        }
        seen("401-once") shouldBe listOf("Bearer n-1", "Bearer n-2")
        auth.refused shouldBe listOf("Bearer n-1")
    }

    test("a server that keeps answering 401 gets exactly two attempts, then the AuthenticationException") {
        goodToken.set(Int.MAX_VALUE)
        val auth = Counting()
        HttpTransport("test", options(), auth).use { t ->
            val e = shouldThrow<AuthenticationException> { t.execute(spec("/guarded", "401-always"), TestErrors) }
            e.statusCode shouldBe 401
        }
        seen("401-always").size shouldBe 2
    }

    test("without onUnauthorized a 401 is not retried") {
        goodToken.set(Int.MAX_VALUE)
        val static = object : RequestAuthorizer {
            override suspend fun authorize(request: HttpRequestSpec) = mapOf("api-key" to "k")
        }
        HttpTransport("test", options(), static).use { t ->
            shouldThrow<AuthenticationException> { t.execute(spec("/guarded", "401-static"), TestErrors) }
        }
        seen("401-static").size shouldBe 1
    }

    test("a stream answered 401 before it began is sent once more with fresh credentials") {
        goodToken.set(2)
        val auth = Counting()
        HttpTransport("test", options(), auth).use { t ->
            t.stream(spec("/guarded-sse", "sse-401"), StreamFraming.SSE, TestErrors) {}.toList().map { it.data } shouldBe listOf("one", "two")
        }
        seen("sse-401") shouldBe listOf("Bearer n-1", "Bearer n-2")
    }

    test("a bearer-token authorizer drops the refused token and fetches a new one; a failing provider sends nothing") {
        goodToken.set(2)
        val fetches = AtomicInteger()
        val tokens = AccessTokenProvider {
            AccessToken("Tk-${fetches.incrementAndGet()}", Instant.now().plus(Duration.ofHours(1)))
        }
        HttpTransport("test", options(), RequestAuthorizer.bearerToken(tokens, "test")).use { t ->
            t.execute(spec("/guarded", "bearer"), TestErrors)
            t.execute(spec("/guarded", "bearer"), TestErrors) // the cached Tk-2
        }
        seen("bearer") shouldBe listOf("Bearer Tk-1", "Bearer Tk-2", "Bearer Tk-2")
        fetches.get() shouldBe 2

        val secret = "sup3r" + "secretvalue"
        val failing = AccessTokenProvider { throw IllegalStateException("no credential found; password=$secret") }
        HttpTransport("test", options(), RequestAuthorizer.bearerToken(failing, "test")).use { t ->
            val e = shouldThrow<AuthenticationException> { t.execute(spec("/guarded", "no-token"), TestErrors) }
            e.statusCode shouldBe 0
            e.message!! shouldNotContain secret
            val s = shouldThrow<AuthenticationException> {
                t.stream(spec("/guarded-sse", "no-token"), StreamFraming.SSE, TestErrors) {}.toList()
            }
            s.statusCode shouldBe 0
        }
        seen("no-token").size shouldBe 0
    }

    test("credentials a server echoes in an error body are taken out before the error is decoded") {
        val token = "Ech0edT0ken" + "abcdefgh"
        val tokens = AccessTokenProvider { AccessToken(token, Instant.now().plusSeconds(3600)) }
        HttpTransport("test", options(), RequestAuthorizer.bearerToken(tokens, "test")).use { t ->
            val e = shouldThrow<BadRequestException> { t.execute(spec("/reflect", "reflect"), TestErrors) }
            e.message!! shouldContain "bad: ***"
            e.message!! shouldNotContain token
            val s = shouldThrow<BadRequestException> { t.stream(spec("/reflect", "reflect"), StreamFraming.SSE, TestErrors) {}.toList() }
            s.message!! shouldNotContain token
        }
    }

    test("a token HTTP cannot carry is refused before sending, without showing it") {
        val bad = AccessTokenProvider { AccessToken("line1\nline2-secret", Instant.now().plusSeconds(3600)) }
        HttpTransport("test", options(), RequestAuthorizer.bearerToken(bad, "test")).use { t ->
            val e = shouldThrow<BadRequestException> { t.execute(spec("/guarded", "newline"), TestErrors) }
            e.message!! shouldContain "Authorization"
            e.message!! shouldNotContain "line2-secret"
        }
        seen("newline").size shouldBe 0
    }

    test("another exception from a custom authorizer is an AuthenticationException with status 0") {
        val broken = object : RequestAuthorizer {
            override suspend fun authorize(request: HttpRequestSpec): Map<String, String> = error("vault sealed")
        }
        HttpTransport("test", options(), broken).use { t ->
            val e = shouldThrow<AuthenticationException> { t.execute(spec("/guarded", "broken"), TestErrors) }
            e.statusCode shouldBe 0
            e.message!! shouldContain "vault sealed"
        }
    }
})

package dev.switchboard.ratelimit

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.ClientRateLimitException
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.ResponseHeaders
import dev.switchboard.SwitchboardException
import dev.switchboard.UserMessage
import dev.switchboard.http.CioTestEngine
import dev.switchboard.http.TestServer
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.PreparedCall
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.StreamFraming
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.response.header
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import kotlinx.coroutines.flow.toList
import java.time.Duration
import java.time.Instant
import java.util.concurrent.atomic.AtomicInteger

/** Answers every call with "fine" and 3 prompt + 200 output tokens; a stream is one text frame and `[DONE]`. */
private class HeaderCodec(private val url: String) : ChatCodec {
    override val provider: String = "headers"
    override val endpoint: String = url

    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall = object : PreparedCall {
        override val spec = HttpRequestSpec(url, "{}".toByteArray())
        override val framing: StreamFraming get() = StreamFraming.SSE
        override fun decodeResponse(body: ByteArray, requestId: String?): CreateResult =
            CreateResult.ofText(body.decodeToString(), FinishReason.STOP, USAGE)
        override fun newStreamDecoder(requestId: String?): StreamDecoder = object : StreamDecoder {
            private val text = StringBuilder()
            override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean {
                if (frame.data == "[DONE]") return true
                text.append(frame.data)
                out += ChatStreamEvent.TextDelta(frame.data)
                return false
            }
            override fun finish(terminated: Boolean): CreateResult = CreateResult.ofText(text.toString(), FinishReason.STOP, USAGE)
        }
    }

    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException =
        HttpErrors.map(provider, status, headers, body)

    companion object {
        val USAGE: RequestUsage = RequestUsage.of(3, 200)
    }
}

class RateLimitHeaderLearningTest : FunSpec({
    timeout = 60_000L
    val flaky = AtomicInteger()
    val server = TestServer {
        routing {
            post("/openai/requests") {
                call.response.header("x-ratelimit-limit-requests", "10")
                call.response.header("x-ratelimit-remaining-requests", "2")
                call.response.header("x-ratelimit-reset-requests", "6s")
                call.respondText("fine", ContentType.Text.Plain)
            }
            post("/openai/tokens") {
                call.response.header("x-ratelimit-limit-tokens", "10000")
                call.response.header("x-ratelimit-remaining-tokens", "0")
                call.response.header("x-ratelimit-reset-tokens", "6m0s")
                call.respondText("fine", ContentType.Text.Plain)
            }
            post("/anthropic") {
                call.response.header("anthropic-ratelimit-requests-limit", "10")
                call.response.header("anthropic-ratelimit-requests-remaining", "1")
                call.response.header("anthropic-ratelimit-requests-reset", Instant.now().plusSeconds(6).toString())
                call.response.header("anthropic-ratelimit-tokens-limit", "1000000")
                call.response.header("anthropic-ratelimit-tokens-remaining", "500000")
                call.response.header("anthropic-ratelimit-tokens-reset", Instant.now().plusSeconds(30).toString())
                call.respondText("fine", ContentType.Text.Plain)
            }
            post("/stream") {
                call.response.header("x-ratelimit-remaining-requests", "0")
                call.respondText("data: fi\n\ndata: ne\n\ndata: [DONE]\n\n", ContentType.Text.EventStream)
            }
            post("/flaky") {
                if (flaky.incrementAndGet() % 2 == 1) call.respondText("{}", ContentType.Application.Json, HttpStatusCode.ServiceUnavailable)
                else call.respondText("fine", ContentType.Text.Plain)
            }
        }
    }
    afterSpec { server.close() }

    fun client(path: String): ChatCompletionClient {
        val options = HttpOptions.builder().engine(CioTestEngine).initialBackoff(Duration.ofMillis(5)).build()
        return CodecClients.create("m", ModelInfo.ALL_CAPABILITIES, HeaderCodec(server.url(path)), HttpTransport("headers", options))
    }

    val hi = CreateRequest.builder().message(UserMessage.of("hi")).maxTokens(100).build()

    test("OpenAI's x-ratelimit-remaining-requests lowers the local request budget to what the provider has left") {
        val limiter = RateLimiter.of(RateLimits.builder().requestsPerMinute(10).failFast().build())
        client("/openai/requests").rateLimited(limiter).use { c ->
            repeat(3) { c.create(hi).content shouldBe "fine" }
            val e = shouldThrow<ClientRateLimitException> { c.create(hi) }
            e.limit shouldBe RateLimit.requests(10, Duration.ofMinutes(1))
            e.retryAfter.toMillis() shouldBeGreaterThan 0L
        }
    }

    test("with learning off, the headers change nothing") {
        val limiter = RateLimiter.of(RateLimits.builder().requestsPerMinute(10).failFast().learnFromHeaders(false).build())
        client("/openai/requests").rateLimited(limiter).use { c -> repeat(4) { c.create(hi) } }
        (limiter.availableNow().values.single() in 6L..7L) shouldBe true
    }

    test("OpenAI's x-ratelimit-remaining-tokens lowers the local token budget; the next call waits for the refill") {
        val limiter = RateLimiter.of(RateLimits.builder().tokensPerMinute(1_000).failFast().build())
        client("/openai/tokens").rateLimited(limiter).use { c ->
            c.create(hi)
            // Lowered to 0 while the call ran, then settled: 203 used against its reservation, so 203 short.
            val e = shouldThrow<ClientRateLimitException> { c.create(hi) }
            e.limit shouldBe RateLimit.tokens(1_000, Duration.ofMinutes(1))
            (e.retryAfter.toMillis() in 10_000L..12_200L) shouldBe true
        }
    }

    test("Anthropic's anthropic-ratelimit-requests-remaining and -reset lower the local request budget") {
        val limiter = RateLimiter.of(RateLimits.builder().requestsPerMinute(10).tokensPerMinute(1_000_000).failFast().build())
        client("/anthropic").rateLimited(limiter).use { c ->
            repeat(2) { c.create(hi) }
            shouldThrow<ClientRateLimitException> { c.create(hi) }.limit.kind shouldBe RateLimit.Kind.REQUESTS
        }
        // Half the provider's tokens are left: the local budget (a million less two calls) is lowered to about half.
        (limiter.availableNow()[RateLimit.tokens(1_000_000, Duration.ofMinutes(1))]!! in 400_000L..600_000L) shouldBe true
    }

    test("a stream's response headers are learned too") {
        val limiter = RateLimiter.of(RateLimits.builder().requestsPerMinute(10).failFast().build())
        client("/stream").rateLimited(limiter).use { c ->
            val events = c.createStream(hi).toList()
            (events.last() as ChatStreamEvent.Completed).result.content shouldBe "fine"
            shouldThrow<ClientRateLimitException> { c.createStream(hi).toList() }
        }
    }

    test("each retry of the transport counts as one more request") {
        val limiter = RateLimiter.of(RateLimits.builder().requestsPerMinute(10).build())
        client("/flaky").rateLimited(limiter).use { c -> c.create(hi).content shouldBe "fine" }
        limiter.availableNow().values.single() shouldBe 8L
    }
})

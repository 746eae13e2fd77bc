package dev.switchboard.ratelimit

import dev.switchboard.BadRequestException
import dev.switchboard.CapabilityMissingException
import dev.switchboard.ChatStreamEvent
import dev.switchboard.RequestUsage
import dev.switchboard.ServerException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.ratelimit.MeteredClient.Companion.hi
import dev.switchboard.ratelimit.RateLimit.Kind.REQUESTS
import dev.switchboard.ratelimit.RateLimit.Kind.TOKENS
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest

class RateLimiterSettlementTest : FunSpec({
    timeout = 60_000L

    test("the reservation is countTokens plus maxTokens, held while the call runs") {
        runTest {
            val limiter = limiter { tokensPerMinute(10_000) }
            val metered = MeteredClient(promptTokens = 300).apply { gate = CompletableDeferred() }
            val client = metered.rateLimited(limiter)
            val call = launch { client.create(hi(maxTokens = 200)) }
            delay(1)
            limiter.balance(TOKENS) shouldBe 9_500L
            metered.gate!!.complete(Unit)
            call.join()
        }
    }

    test("without maxTokens the reservation is countTokens plus defaultOutputTokens, for each of n choices") {
        runTest {
            val limiter = limiter { tokensPerMinute(10_000); defaultOutputTokens(1_000) }
            val metered = MeteredClient(promptTokens = 300).apply { gate = CompletableDeferred() }
            val client = metered.rateLimited(limiter)
            val one = launch { client.create(hi) }
            delay(1)
            limiter.balance(TOKENS) shouldBe 8_700L
            val two = launch { client.create(hi.newBuilder().n(2).build()) }
            delay(1)
            limiter.balance(TOKENS) shouldBe 6_400L
            metered.gate!!.complete(Unit)
            one.join()
            two.join()
            RateLimits.builder().requestsPerMinute(1).build().defaultOutputTokens shouldBe RateLimits.DEFAULT_OUTPUT_TOKENS
        }
    }

    test("settling from the real usage gives back what was not used, and takes an overdraft the next call waits for") {
        runTest {
            val limiter = limiter { tokensPerMinute(1_000) }
            val metered = MeteredClient(promptTokens = 100, usage = RequestUsage.of(100, 50))
            val client = metered.rateLimited(limiter)
            client.create(hi(maxTokens = 400)) // reserved 500, used 150
            limiter.balance(TOKENS) shouldBe 850L
            metered.usage = RequestUsage.of(100, 800)
            client.create(hi(maxTokens = 400)) // reserved 500, used 900
            limiter.balance(TOKENS) shouldBe -50L
            // The next 500 wait for 550 tokens to refill at 1000 a minute: 33 s.
            client.create(hi(maxTokens = 400))
            currentTime shouldBe 33_000L
        }
    }

    test("a result without usage keeps its reservation") {
        runTest {
            val limiter = limiter { tokensPerMinute(1_000) }
            MeteredClient(promptTokens = 100, usage = RequestUsage.ZERO).rateLimited(limiter).create(hi(maxTokens = 100))
            limiter.balance(TOKENS) shouldBe 800L
        }
    }

    test("an answer from a response cache inside the limiter gives its whole reservation back, the request too") {
        runTest {
            val limiter = limiter { requestsPerMinute(10); tokensPerMinute(1_000) }
            val client = MeteredClient(promptTokens = 100).apply { cachedAnswers = true }.rateLimited(limiter)
            client.create(hi(maxTokens = 400)).cached shouldBe true
            client.createStream(hi(maxTokens = 400)).toList()
            limiter.availableNow().values.toList() shouldBe listOf(10L, 1_000L)
        }
    }

    test("a reservation larger than a token limit takes the whole limit and is admitted when it is full") {
        runTest {
            val limiter = limiter { tokensPerMinute(1_000) }
            val client = MeteredClient(promptTokens = 900, usage = RequestUsage.of(900, 600)).rateLimited(limiter)
            client.create(hi(maxTokens = 2_000))
            limiter.balance(TOKENS) shouldBe -500L
            currentTime shouldBe 0L
        }
    }

    test("a stream settles from its Completed event's usage, and passes its events unchanged") {
        runTest {
            val limiter = limiter { requestsPerMinute(10); tokensPerMinute(1_000) }
            val metered = MeteredClient(promptTokens = 100, usage = RequestUsage.of(100, 20))
            val client = metered.rateLimited(limiter)
            val events = client.createStream(hi(maxTokens = 400)).toList()
            events.map { it.javaClass.simpleName } shouldBe listOf("TextDelta", "Completed")
            (events.last() as ChatStreamEvent.Completed).result.usage shouldBe RequestUsage.of(100, 20)
            limiter.balance(TOKENS) shouldBe 880L
            limiter.balance(REQUESTS) shouldBe 9L
        }
    }

    test("a stream is cold: nothing is taken until it is collected, and each collection takes its own reservation") {
        runTest {
            val limiter = limiter { requestsPerMinute(10) }
            val stream = MeteredClient().rateLimited(limiter).createStream(hi)
            limiter.balance(REQUESTS) shouldBe 10L
            stream.toList()
            stream.toList()
            limiter.balance(REQUESTS) shouldBe 8L
        }
    }

    test("a collector that stops at Completed still settles from its usage") {
        runTest {
            val limiter = limiter { tokensPerMinute(1_000) }
            val client = MeteredClient(promptTokens = 100, usage = RequestUsage.of(100, 20)).rateLimited(limiter)
            client.createStream(hi(maxTokens = 400)).first { it is ChatStreamEvent.Completed }
            limiter.balance(TOKENS) shouldBe 880L
        }
    }

    test("a broken stream fails unchanged and keeps its prompt and the output it delivered (4 characters a token)") {
        runTest {
            val limiter = limiter { tokensPerMinute(1_000) }
            val metered = MeteredClient(promptTokens = 100).apply { breakStreams = true; streamText = "12345678" }
            val client = metered.rateLimited(limiter)
            val e = shouldThrow<StreamInterruptedException> { client.createStream(hi(maxTokens = 400)).toList() }
            e.message shouldBe "metered break"
            limiter.balance(TOKENS) shouldBe 898L
        }
    }

    test("a collector that stops early keeps the prompt and the output it got; cancellation reaches the wrapped stream") {
        runTest {
            val limiter = limiter { tokensPerMinute(1_000) }
            val metered = MeteredClient(promptTokens = 100).apply { streamText = "1234" }
            val client = metered.rateLimited(limiter)
            client.createStream(hi(maxTokens = 400)).first().shouldBeInstanceOf<ChatStreamEvent.TextDelta>()
            metered.cancelled.get() shouldBe 1
            limiter.balance(TOKENS) shouldBe 899L
        }
    }

    test("a failure the provider answered with a 4xx gives the tokens back and keeps the request counted") {
        runTest {
            val limiter = limiter { requestsPerMinute(10); tokensPerMinute(1_000) }
            val failure = BadRequestException("no", "metered", 400)
            val client = MeteredClient(promptTokens = 100).apply { failWith = failure }.rateLimited(limiter)
            shouldThrow<BadRequestException> { client.create(hi(maxTokens = 400)) } shouldBeSameInstanceAs failure
            limiter.balance(TOKENS) shouldBe 1_000L
            limiter.balance(REQUESTS) shouldBe 9L
        }
    }

    test("a 5xx keeps the prompt tokens and the request") {
        runTest {
            val limiter = limiter { requestsPerMinute(10); tokensPerMinute(1_000) }
            val client = MeteredClient(promptTokens = 100).apply { failWith = ServerException("down", "metered", 503) }
                .rateLimited(limiter)
            shouldThrow<ServerException> { client.create(hi(maxTokens = 400)) }
            limiter.balance(TOKENS) shouldBe 900L
            limiter.balance(REQUESTS) shouldBe 9L
        }
    }

    test("a call this library refused before sending it gives everything back, the request too") {
        runTest {
            val limiter = limiter { requestsPerMinute(10); tokensPerMinute(1_000) }
            val client = MeteredClient(promptTokens = 100).apply { failWith = CapabilityMissingException("no vision", "metered", "vision") }
                .rateLimited(limiter)
            shouldThrow<CapabilityMissingException> { client.createStream(hi(maxTokens = 400)).toList() }
            limiter.balance(TOKENS) shouldBe 1_000L
            limiter.balance(REQUESTS) shouldBe 10L
        }
    }

    test("one limiter wrapping several clients is one budget; a limiter of its own per client is not") {
        runTest {
            val shared = limiter { requestsPerMinute(2); failFast() }
            val a = MeteredClient().rateLimited(shared)
            val b = MeteredClient().rateLimited(shared)
            a.create(hi)
            b.create(hi)
            shouldThrow<dev.switchboard.ClientRateLimitException> { a.create(hi) }
            shouldThrow<dev.switchboard.ClientRateLimitException> { b.create(hi) }
            val limits = RateLimits.builder().requestsPerMinute(1).failFast().clock(VirtualClock { currentTime }).build()
            val c = MeteredClient().rateLimited(limits)
            val d = MeteredClient().rateLimited(limits)
            c.create(hi)
            d.create(hi)
        }
    }
})

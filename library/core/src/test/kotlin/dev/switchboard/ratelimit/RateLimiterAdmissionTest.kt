package dev.switchboard.ratelimit

import dev.switchboard.ClientRateLimitException
import dev.switchboard.RateLimitException
import dev.switchboard.RequestUsage
import dev.switchboard.SwitchboardException
import dev.switchboard.ratelimit.MeteredClient.Companion.hi
import dev.switchboard.ratelimit.RateLimit.Kind.REQUESTS
import dev.switchboard.ratelimit.RateLimit.Kind.TOKENS
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.newSingleThreadContext
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

class RateLimiterAdmissionTest : FunSpec({
    timeout = 60_000L

    test("a requests-per-minute limit admits exactly its budget at once, then a call waits for the refill") {
        runTest {
            val client = MeteredClient().rateLimited(limiter { requestsPerMinute(3) })
            repeat(3) { client.create(hi) }
            currentTime shouldBe 0L
            client.create(hi)
            currentTime shouldBe 20_000L
        }
    }

    test("a tokens-per-minute limit admits exactly its budget at once, then a call waits for the refill") {
        runTest {
            // Each call reserves 30 prompt + 20 output = 50 tokens and uses exactly that.
            val metered = MeteredClient(promptTokens = 30, usage = RequestUsage.of(30, 20))
            val client = metered.rateLimited(limiter { tokensPerMinute(100) })
            repeat(2) { client.create(hi(maxTokens = 20)) }
            currentTime shouldBe 0L
            client.create(hi(maxTokens = 20))
            currentTime shouldBe 30_000L
            metered.calls.get() shouldBe 3
        }
    }

    test("failing fast, the call over the limit throws ClientRateLimitException naming the limit and when it frees") {
        runTest {
            val limiter = limiter { requestsPerMinute(2); failFast() }
            val metered = MeteredClient()
            val client = metered.rateLimited(limiter)
            repeat(2) { client.create(hi) }
            val e = shouldThrow<ClientRateLimitException> { client.create(hi) }
            e.limit shouldBe RateLimit.requests(2, Duration.ofMinutes(1))
            e.retryAfter shouldBe Duration.ofSeconds(30)
            e.freesAt shouldBe VirtualClock.EPOCH.plusSeconds(30)
            e.provider shouldBe "metered"
            e.statusCode shouldBe 0
            e.isRetryable shouldBe true
            e.message shouldContain "2 requests per minute"
            e.message shouldContain "30.000 s"
            e.shouldBeInstanceOf<SwitchboardException>()
            (e as SwitchboardException is RateLimitException) shouldBe false
            metered.calls.get() shouldBe 2
            // Nothing was taken by the refused call: it frees exactly when the error said.
            delay(30_000)
            client.create(hi)
            shouldThrow<ClientRateLimitException> { client.createStream(hi).collect {} }.retryAfter shouldBe Duration.ofSeconds(30)
        }
    }

    test("failing fast on tokens names the tokens limit; with several limits reached, the one that frees last") {
        runTest {
            val limiter = limiter { requestsPerMinute(2); tokensPerMinute(100); failFast() }
            val client = MeteredClient(promptTokens = 40, usage = RequestUsage.of(40, 10)).rateLimited(limiter)
            client.create(hi(maxTokens = 10))
            client.create(hi(maxTokens = 10))
            // requests: none left, one frees in 30 s; tokens: none left, the 90 asked for free in 54 s.
            val e = shouldThrow<ClientRateLimitException> { client.create(hi(maxTokens = 50)) }
            e.limit shouldBe RateLimit.tokens(100, Duration.ofMinutes(1))
            e.retryAfter shouldBe Duration.ofSeconds(54)
            limiter.availableNow() shouldBe mapOf(
                RateLimit.requests(2, Duration.ofMinutes(1)) to 0L,
                RateLimit.tokens(100, Duration.ofMinutes(1)) to 0L,
            )
        }
    }

    test("a call that would wait longer than maxWait fails at once, without waiting or taking anything") {
        runTest {
            val limiter = limiter { requestsPerMinute(1); maxWait(Duration.ofSeconds(10)) }
            val client = MeteredClient().rateLimited(limiter)
            client.create(hi)
            val e = shouldThrow<ClientRateLimitException> { client.create(hi) }
            e.retryAfter shouldBe Duration.ofMinutes(1)
            e.message shouldContain "maxWait of 10.000 s"
            currentTime shouldBe 0L
            limiter.balance(REQUESTS) shouldBe 0L
            delay(60_000)
            client.create(hi)
            currentTime shouldBe 60_000L
        }
    }

    test("waiting calls are served in the order they asked, each after the one before has paid back its reservation") {
        runTest {
            val client = MeteredClient().rateLimited(limiter { requestsPerMinute(1); maxWait(Duration.ofMinutes(5)) })
            client.create(hi)
            val done = ConcurrentHashMap<Int, Long>()
            (1..3).map { i -> async { client.create(hi); done[i] = currentTime } }.awaitAll()
            done shouldBe mapOf(1 to 60_000L, 2 to 120_000L, 3 to 180_000L)
        }
    }

    test("cancelling a call while it waits gives its reservation back") {
        runTest {
            val limiter = limiter { requestsPerMinute(1); tokensPerMinute(1000) }
            val metered = MeteredClient(promptTokens = 100, usage = RequestUsage.of(100, 100))
            val client = metered.rateLimited(limiter)
            client.create(hi(maxTokens = 100))
            val waiting = launch { client.create(hi(maxTokens = 100)) }
            delay(10_000)
            limiter.balance(REQUESTS) shouldBe -1L
            waiting.cancel()
            waiting.join()
            metered.calls.get() shouldBe 1
            limiter.balance(REQUESTS) shouldBe 0L
            limiter.balance(TOKENS) shouldBe 966L
            // The next call waits only for the first call's request to be paid back, at one minute.
            client.create(hi(maxTokens = 100))
            currentTime shouldBe 60_000L
        }
    }

    test("waiting suspends without holding a thread: many waiters on one thread, which stays free meanwhile") {
        val thread = newSingleThreadContext("one-thread")
        try {
            runBlocking {
                withContext(thread) {
                    val limiter = RateLimiter.of(RateLimits.builder().requests(20, Duration.ofMillis(200)).maxWait(Duration.ofSeconds(10)).build())
                    val client = MeteredClient().rateLimited(limiter)
                    val threads = ConcurrentHashMap.newKeySet<Long>()
                    val ticks = AtomicInteger()
                    val ticker = launch {
                        while (true) {
                            delay(10)
                            ticks.incrementAndGet()
                        }
                    }
                    val started = System.nanoTime()
                    withTimeout(10_000) {
                        (1..60).map { async { client.create(hi); threads += Thread.currentThread().id } }.awaitAll()
                    }
                    val elapsedMs = (System.nanoTime() - started) / 1_000_000
                    ticker.cancel()
                    threads shouldHaveSize 1
                    // 20 at once, then 40 more at 100 a second: about 400 ms, during which the thread kept ticking.
                    elapsedMs shouldBeGreaterThan 300L
                    elapsedMs shouldBeLessThan 5_000L
                    ticks.get().toLong() shouldBeGreaterThan 10L
                }
            }
        } finally {
            thread.close()
        }
    }

    test("a CancellationException of the wrapped call passes through as it is and reaches the wrapped client") {
        runTest {
            val metered = MeteredClient().apply { gate = CompletableDeferred() }
            val client = metered.rateLimited(limiter { requestsPerMinute(10) })
            val seen = CompletableDeferred<Throwable>()
            val call = launch {
                try {
                    client.create(hi)
                } catch (e: Throwable) {
                    seen.complete(e)
                    throw e
                }
            }
            delay(1)
            call.cancel(CancellationException("caller gave up"))
            call.join()
            val e = seen.await()
            e.shouldBeInstanceOf<CancellationException>()
            e.message shouldBe "caller gave up"
            metered.cancelled.get() shouldBe 1
        }
    }
})

package dev.switchboard.ratelimit

import dev.switchboard.ratelimit.MeteredClient.Companion.hi
import io.github.bucket4j.BucketConfiguration
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.test.runTest
import java.time.Clock
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap

class RateLimitsTest : FunSpec({
    test("limits read as people say them and are values") {
        RateLimit.requests(60, Duration.ofMinutes(1)).toString() shouldBe "60 requests per minute"
        RateLimit.tokens(1_000_000, Duration.ofDays(1)).toString() shouldBe "1000000 tokens per day"
        RateLimit.requests(10, Duration.ofMillis(500)).toString() shouldBe "10 requests per 500 ms"
        RateLimit.tokens(5, Duration.ofSeconds(30)).toString() shouldBe "5 tokens per 30 s"
        RateLimit.requests(3, Duration.ofHours(1)) shouldBe RateLimit.requests(3, Duration.ofHours(1))
        val limits = RateLimits.builder().requestsPerMinute(60).requestsPerDay(1000).tokensPerMinute(30_000).tokensPerDay(1_000_000).build()
        limits.limits.map { it.toString() } shouldBe
            listOf("60 requests per minute", "1000 requests per day", "30000 tokens per minute", "1000000 tokens per day")
        limits.maxWait shouldBe RateLimits.DEFAULT_MAX_WAIT
        limits.isFailFast shouldBe false
        limits.isLearningFromHeaders shouldBe true
        RateLimits.builder().requestsPerMinute(1).failFast().build().isFailFast shouldBe true
    }

    test("the builder refuses no limit, a second limit of one kind and period, and non-positive amounts and periods") {
        shouldThrow<IllegalStateException> { RateLimits.builder().build() }
        shouldThrow<IllegalArgumentException> { RateLimits.builder().requestsPerMinute(5).requests(6, Duration.ofSeconds(60)) }
            .message shouldContain "Two limits"
        shouldThrow<IllegalArgumentException> { RateLimits.builder().tokensPerMinute(0) }
        shouldThrow<IllegalArgumentException> { RateLimit.requests(1, Duration.ZERO) }
        shouldThrow<IllegalArgumentException> { RateLimits.builder().maxWait(Duration.ofSeconds(-1)) }
        shouldThrow<IllegalArgumentException> { RateLimits.builder().defaultOutputTokens(-1) }
        shouldThrow<IllegalArgumentException> { RateLimiter.shared(" ", RateLimits.builder().requestsPerMinute(1).build()) { _, _ -> error("unused") } }
    }

    test("estimateWait tells how long a call would wait, and availableNow what is left, taking nothing") {
        runTest {
            val limiter = limiter { requestsPerMinute(2); tokensPerMinute(600) }
            val client = MeteredClient(promptTokens = 100).rateLimited(limiter)
            val metered = MeteredClient(promptTokens = 100)
            limiter.estimateWait(metered, hi(maxTokens = 100)) shouldBe Duration.ZERO
            client.create(hi(maxTokens = 100)) // used 15 of its 200
            client.create(hi(maxTokens = 100))
            limiter.availableNow() shouldBe mapOf(
                RateLimit.requests(2, Duration.ofMinutes(1)) to 0L,
                RateLimit.tokens(600, Duration.ofMinutes(1)) to 570L,
            )
            limiter.estimateWait(metered, hi(maxTokens = 100)) shouldBe Duration.ofSeconds(30)
            // 700 tokens would take the whole limit: 30 more than are left, 3 s of refill; the request frees later.
            limiter.estimateWait(metered, hi(maxTokens = 600)) shouldBe Duration.ofSeconds(30)
            limiter.availableNow().values.toList() shouldBe listOf(0L, 570L)
        }
    }

    test("shared limiters of one name and store spend one budget; the store keeps each limit under name:kind-period") {
        val buckets = ConcurrentHashMap<String, RateLimitBucket>()
        val local = LocalBuckets(Clock.systemUTC())
        val store = RateLimitStore { key, configuration: BucketConfiguration -> buckets.computeIfAbsent(key) { local.bucket(key, configuration) } }
        val limits = RateLimits.builder().requestsPerMinute(3).tokensPerDay(1_000_000).failFast().build()
        val one = RateLimiter.shared("deployment-a", limits, store)
        val two = RateLimiter.shared("deployment-a", limits, store)
        val other = RateLimiter.shared("deployment-b", limits, store)
        buckets.keys shouldBe setOf(
            "deployment-a:requests-60000ms", "deployment-a:tokens-86400000ms", "deployment-b:requests-60000ms", "deployment-b:tokens-86400000ms",
        )
        one.name shouldBe "deployment-a"
        one.toString() shouldBe "RateLimiter(deployment-a, 3 requests per minute, 1000000 tokens per day)"
        val a = MeteredClient().rateLimited(one)
        val b = MeteredClient().rateLimited(two)
        a.create(hi)
        b.create(hi)
        a.create(hi)
        shouldThrow<dev.switchboard.ClientRateLimitException> { b.create(hi) }
        MeteredClient().rateLimited(other).create(hi)
    }
})

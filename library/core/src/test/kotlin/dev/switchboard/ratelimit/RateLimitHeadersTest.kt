package dev.switchboard.ratelimit

import dev.switchboard.ResponseHeaders
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import java.time.Duration
import java.time.Instant

class RateLimitHeadersTest : FunSpec({
    fun headers(vararg pairs: Pair<String, String>): ResponseHeaders {
        val map = pairs.associate { it.first.lowercase() to it.second }
        return ResponseHeaders { map[it.lowercase()] }
    }

    val now = Instant.parse("2026-12-02T10:00:00Z")

    test("OpenAI's reset durations read as Go durations, or a bare number of seconds") {
        RateLimitHeaders.duration("6m0s") shouldBe Duration.ofMinutes(6)
        RateLimitHeaders.duration("1.5s") shouldBe Duration.ofMillis(1500)
        RateLimitHeaders.duration("20ms") shouldBe Duration.ofMillis(20)
        RateLimitHeaders.duration("1h2m3s") shouldBe Duration.ofSeconds(3723)
        RateLimitHeaders.duration("10") shouldBe Duration.ofSeconds(10)
        RateLimitHeaders.duration("soon") shouldBe null
        RateLimitHeaders.duration("5s later") shouldBe null
        RateLimitHeaders.duration("") shouldBe null
    }

    test("OpenAI's headers give remaining, limit and reset for requests and tokens") {
        val learned = RateLimitHeaders.read(
            headers(
                "x-ratelimit-limit-requests" to "500", "x-ratelimit-remaining-requests" to "499",
                "x-ratelimit-reset-requests" to "120ms", "x-ratelimit-limit-tokens" to "30000",
                "x-ratelimit-remaining-tokens" to "29000", "x-ratelimit-reset-tokens" to "2s",
            ),
            now,
        )
        learned.map { listOf(it.kind, it.remaining, it.limit, it.resetIn) } shouldBe listOf(
            listOf(RateLimit.Kind.REQUESTS, 499L, 500L, Duration.ofMillis(120)),
            listOf(RateLimit.Kind.TOKENS, 29000L, 30000L, Duration.ofSeconds(2)),
        )
    }

    test("Anthropic's headers give remaining, limit and reset (an RFC 3339 time) for requests and tokens") {
        val learned = RateLimitHeaders.read(
            headers(
                "anthropic-ratelimit-requests-limit" to "50", "anthropic-ratelimit-requests-remaining" to "3",
                "anthropic-ratelimit-requests-reset" to "2026-12-02T10:00:05Z",
                "anthropic-ratelimit-tokens-remaining" to "7000",
            ),
            now,
        )
        learned.map { listOf(it.kind, it.remaining, it.limit, it.resetIn) } shouldBe listOf(
            listOf(RateLimit.Kind.REQUESTS, 3L, 50L, Duration.ofSeconds(5)),
            listOf(RateLimit.Kind.TOKENS, 7000L, null, null),
        )
    }

    test("absent or unreadable headers teach nothing") {
        RateLimitHeaders.read(headers(), now).shouldBeEmpty()
        RateLimitHeaders.read(headers("x-ratelimit-remaining-requests" to "many", "anthropic-ratelimit-tokens-remaining" to "-1"), now)
            .shouldBeEmpty()
        RateLimitHeaders.read(headers("x-ratelimit-remaining-requests" to "4", "x-ratelimit-reset-requests" to "later"), now)
            .single().resetIn shouldBe null
    }

    test("the target is what is left, and no more than the provider's limit less what the local limit refills until reset") {
        val local = RateLimit.requests(600, Duration.ofMinutes(1)) // 10 a second
        LimitListener.target(local, LearnedLimit(RateLimit.Kind.REQUESTS, 40, null, null)) shouldBe 40L
        LimitListener.target(local, LearnedLimit(RateLimit.Kind.REQUESTS, 40, 100, Duration.ofSeconds(6))) shouldBe 40L
        // The provider refills 100 in 60 s, slower than the local 10 a second: wait before refilling past it.
        LimitListener.target(local, LearnedLimit(RateLimit.Kind.REQUESTS, 0, 100, Duration.ofSeconds(60))) shouldBe -500L
    }

    test("only a limit of a minute or less is tightened: a daily budget is not the provider's per-minute one") {
        val limits = RateLimits.builder().requestsPerDay(1000).tokensPerMinute(5000).tokensPerDay(100_000).build()
        val limiter = RateLimiter.of(limits)
        limiter.listener.responseHeaders(1, 200, null, headers("x-ratelimit-remaining-requests" to "0", "x-ratelimit-remaining-tokens" to "10"))
        limiter.availableNow() shouldBe mapOf(
            RateLimit.requests(1000, Duration.ofDays(1)) to 1000L,
            RateLimit.tokens(5000, Duration.ofMinutes(1)) to 10L,
            RateLimit.tokens(100_000, Duration.ofDays(1)) to 100_000L,
        )
    }
})

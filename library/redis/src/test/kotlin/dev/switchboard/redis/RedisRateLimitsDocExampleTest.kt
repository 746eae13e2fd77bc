package dev.switchboard.redis

import dev.switchboard.RequestUsage
import dev.switchboard.ratelimit.MeteredClient
import dev.switchboard.ratelimit.MeteredClient.Companion.hi
import dev.switchboard.ratelimit.RateLimit
import dev.switchboard.ratelimit.RateLimiter
import dev.switchboard.ratelimit.RateLimits
import dev.switchboard.ratelimit.rateLimited
import dev.switchboard.readme.ReadmeText
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import java.time.Duration
import kotlin.time.Duration.Companion.milliseconds

// README.md "Rate limits, Redis" begins
/** The deployment's budget in Redis, for every process; keep the store for the program's life and close it at its end. */
fun sharedBudget(redisUri: String): Pair<RedisRateLimitStore, RateLimiter> {
    val store = RedisRateLimitStore(redisUri) { commandTimeout = 500.milliseconds }
    val limits = RateLimits.builder().requestsPerMinute(500).tokensPerMinute(30_000).build()
    return store to RateLimiter.shared("east-gpt-4o-mini", limits, store)
}
// README.md "Rate limits, Redis" ends

/** The Redis example of README.md (its second Kotlin block), run against a real Redis and checked to be the document's. */
class RedisRateLimitsDocExampleTest : FunSpec({
    test("two stores built by the example, as two processes would, spend one budget") {
        RedisServerProcess.start().use { redis ->
            val (storeA, limiterA) = sharedBudget(redis.uri)
            val (storeB, limiterB) = sharedBudget(redis.uri)
            storeA.use {
                storeB.use {
                    val a = MeteredClient(promptTokens = 10_000, usage = RequestUsage.of(10_000, 5_000))
                    val b = MeteredClient(promptTokens = 10_000, usage = RequestUsage.of(10_000, 5_000))
                    a.rateLimited(limiterA).create(hi(maxTokens = 5_000))
                    b.rateLimited(limiterB).create(hi(maxTokens = 5_000))
                    // The minute's 30,000 tokens are spent by the two: a third call of 15,000 would wait about 30 s, and
                    // what is left is what refilled since (500 a second), not the 15,000 of a budget of its own.
                    (limiterA.estimateWait(a, hi(maxTokens = 5_000)) > Duration.ofSeconds(25)) shouldBe true
                    limiterB.availableNow().getValue(RateLimit.tokens(30_000, Duration.ofMinutes(1))) shouldBeLessThan 2_500L
                }
            }
        }
    }

    test("the example here is the README's") {
        val block = ReadmeText.kotlinBlock("Rate limits shared through Redis")
        block shouldBe ReadmeText.marked("library/redis/src/test/kotlin/dev/switchboard/redis/RedisRateLimitsDocExampleTest.kt", "Rate limits, Redis")
    }
})

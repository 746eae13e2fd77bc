package dev.switchboard.ratelimit

import dev.switchboard.ratelimit.MeteredClient.Companion.hi
import io.github.bucket4j.BucketConfiguration
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.runBlocking
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** A store whose buckets answer on another thread, after [delayMs], as a remote store (Redis) does. */
private class SlowStore(private val delayMs: Long) : RateLimitStore {
    private val local = LocalBuckets(java.time.Clock.systemUTC())
    private val executor = Executors.newSingleThreadScheduledExecutor()

    override fun bucket(key: String, configuration: BucketConfiguration): RateLimitBucket {
        val bucket = local.bucket(key, configuration)
        return object : RateLimitBucket {
            override fun tryConsume(tokens: Long) = later { bucket.tryConsume(tokens) }
            override fun consumeIgnoringRateLimits(tokens: Long) = later { bucket.consumeIgnoringRateLimits(tokens) }
            override fun addTokens(tokens: Long) = later { bucket.addTokens(tokens) }
            override fun estimateAbilityToConsume(tokens: Long) = later { bucket.estimateAbilityToConsume(tokens) }
            override fun getAvailableTokens() = later { bucket.getAvailableTokens() }
        }
    }

    private fun <T> later(answer: () -> CompletableFuture<T>): CompletableFuture<T> {
        val result = CompletableFuture<T>()
        executor.schedule({ answer().whenComplete { v, e -> if (e != null) result.completeExceptionally(e) else result.complete(v) } }, delayMs, TimeUnit.MILLISECONDS)
        return result
    }

    fun close() = executor.shutdownNow()
}

class RateLimiterGateTest : FunSpec({
    test("a local limiter's gate answers from its buckets at once, and closes when the budget is spent") {
        val limiter = RateLimiter.of(RateLimits.builder().requestsPerMinute(1).build())
        val client = MeteredClient()
        val gate = limiter.gate(client)
        gate.availableIn(hi) shouldBe Duration.ZERO
        runBlocking { limiter.wrap(client).create(hi) }
        val wait = gate.availableIn(hi)
        (wait > Duration.ofSeconds(55) && wait <= Duration.ofSeconds(60)) shouldBe true
    }

    test("a store's gate never waits for the store: it answers with the previous estimate and asks again") {
        val store = SlowStore(delayMs = 200)
        try {
            val limiter = RateLimiter.shared("gate", RateLimits.builder().requestsPerMinute(1).build(), store)
            val client = MeteredClient()
            val gate = limiter.gate(client)
            runBlocking { limiter.wrap(client).create(hi) }
            // The budget is spent, but the gate has not heard from the store yet: open, at once.
            val started = System.nanoTime()
            gate.availableIn(hi) shouldBe Duration.ZERO
            (System.nanoTime() - started < 100_000_000L) shouldBe true
            // Once the store has answered, the gate says how long until the budget refills.
            Thread.sleep(400)
            (gate.availableIn(hi) > Duration.ofSeconds(50)) shouldBe true
        } finally {
            store.close()
        }
    }
})

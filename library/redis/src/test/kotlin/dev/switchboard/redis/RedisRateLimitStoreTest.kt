package dev.switchboard.redis

import dev.switchboard.ClientRateLimitException
import dev.switchboard.RequestUsage
import dev.switchboard.ratelimit.MeteredClient
import dev.switchboard.ratelimit.MeteredClient.Companion.hi
import dev.switchboard.ratelimit.RateLimit
import dev.switchboard.ratelimit.RateLimiter
import dev.switchboard.ratelimit.RateLimits
import dev.switchboard.ratelimit.rateLimited
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeInRange
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import io.lettuce.core.RedisClient
import io.lettuce.core.RedisURI
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withContext
import java.time.Duration
import java.util.UUID
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * [RedisRateLimitStore] under shared `RateLimiter`s, against a real Redis on 127.0.0.1 that the tests start
 * ([RedisServerProcess]): one budget spent by limiters on different stores and clients, also concurrently; the keys,
 * their expiry and the stored limits; waiting; a Redis that is down, hangs, or is not there yet (calls fail with
 * [RedisRateLimitStoreException] before the provider is called); passwords, the builder, a caller's client, close.
 * Two processes on one budget: [RateLimitAcrossProcessesTest].
 */
class RedisRateLimitStoreTest : FunSpec({
    timeout = 120_000L
    val shared: RedisServerProcess by lazy { RedisServerProcess.start() }
    afterSpec { shared.close() }

    fun uniqueName(): String = "deployment-${UUID.randomUUID()}"

    test("two limiters of one name, each on a store and client of its own over one Redis, spend one budget") {
        val name = uniqueName()
        val limits = RateLimits.builder().requestsPerMinute(5).tokensPerDay(1_000).failFast().build()
        RedisRateLimitStore.builder(shared.uri).build().use { storeA ->
            RedisRateLimitStore.builder(shared.uri).build().use { storeB ->
                val a = MeteredClient(promptTokens = 10, usage = RequestUsage.of(10, 5))
                val b = MeteredClient(promptTokens = 10, usage = RequestUsage.of(10, 5))
                val limiterA = RateLimiter.shared(name, limits, storeA)
                val limiterB = RateLimiter.shared(name, limits, storeB)
                val clientA = a.rateLimited(limiterA)
                val clientB = b.rateLimited(limiterB)

                clientA.create(hi(maxTokens = 100))
                clientB.create(hi(maxTokens = 100))
                clientA.create(hi(maxTokens = 100))
                clientB.create(hi(maxTokens = 100))
                clientA.create(hi(maxTokens = 100))
                val refused = shouldThrow<ClientRateLimitException> { clientB.create(hi(maxTokens = 100)) }
                refused.limit shouldBe RateLimit.requests(5, Duration.ofMinutes(1))
                refused.retryAfter.toMillis() shouldBeInRange 1L..12_000L
                shouldThrow<ClientRateLimitException> { clientA.create(hi) }
                (a.calls.get() + b.calls.get()) shouldBe 5

                // Each call reserved 110 tokens and settled at its real 15: both limiters see what all five used.
                val tokensA = limiterA.availableNow().filterKeys { it.kind == RateLimit.Kind.TOKENS }.values.single()
                val tokensB = limiterB.availableNow().filterKeys { it.kind == RateLimit.Kind.TOKENS }.values.single()
                tokensA shouldBe 1_000L - 5 * 15
                tokensB shouldBe tokensA

                // Another name on the same Redis has a budget of its own.
                MeteredClient().rateLimited(RateLimiter.shared(uniqueName(), limits, storeB)).create(hi)

                rawRedis(shared.uri) { redis ->
                    redis.keys("switchboard:ratelimit:$name:*") shouldContainExactlyInAnyOrder listOf(
                        "switchboard:ratelimit:$name:requests-60000ms",
                        "switchboard:ratelimit:$name:tokens-86400000ms",
                    )
                }
            }
        }
    }

    test("many concurrent calls through two limiters over one Redis admit exactly the budget (compare-and-swap)") {
        val name = uniqueName()
        val limits = RateLimits.builder().requestsPerMinute(20).failFast().build()
        RedisRateLimitStore.builder(shared.uri).build().use { storeA ->
            RedisRateLimitStore.builder(shared.uri).build().use { storeB ->
                val a = MeteredClient().rateLimited(RateLimiter.shared(name, limits, storeA))
                val b = MeteredClient().rateLimited(RateLimiter.shared(name, limits, storeB))
                val started = System.nanoTime()
                val admitted = withContext(Dispatchers.Default) {
                    coroutineScope {
                        (1..60).map { i ->
                            async {
                                try {
                                    (if (i % 2 == 0) a else b).create(hi)
                                    1
                                } catch (e: ClientRateLimitException) {
                                    0
                                }
                            }
                        }.awaitAll().sum()
                    }
                }
                // One request refills every 3 s: exactly 20 while the 60 calls take less than that.
                val refills = (System.nanoTime() - started) / 3_000_000_000L
                admitted.toLong() shouldBeInRange 20L..20L + refills
            }
        }
    }

    test("a bucket's key expires once it would be full again plus keepAfterRefill, and comes back full") {
        val name = uniqueName()
        val limits = RateLimits.builder().requests(2, Duration.ofSeconds(1)).failFast().build()
        RedisRateLimitStore.builder(shared.uri).keepAfterRefill(Duration.ofSeconds(2)).build().use { store ->
            val key = "switchboard:ratelimit:$name:requests-1000ms"
            val client = MeteredClient().rateLimited(RateLimiter.shared(name, limits, store))
            client.create(hi)
            client.create(hi)
            // Empty: 1 s to refill, then kept 2 s more.
            rawRedis(shared.uri) { it.pttl(key) } shouldBeInRange 2_000L..3_000L
        }
        RedisRateLimitStore.builder(shared.uri).keepAfterRefill(Duration.ZERO).build().use { store ->
            val limiter = RateLimiter.shared(name, limits, store)
            val key = "switchboard:ratelimit:$name:requests-1000ms"
            rawRedis(shared.uri) { it.del(key) }
            val client = MeteredClient().rateLimited(limiter)
            client.create(hi)
            client.create(hi)
            rawRedis(shared.uri) { it.pttl(key) } shouldBeInRange 1L..1_000L
            untilItPasses(5) { rawRedis(shared.uri) { it.exists(key) } shouldBe 0L }
            limiter.availableNow().values.single() shouldBe 2L
        }
    }

    test("where a bucket is stored, its stored limit applies, whatever a later limiter of that name says") {
        val name = uniqueName()
        RedisRateLimitStore.builder(shared.uri).build().use { store ->
            val first = MeteredClient().rateLimited(RateLimiter.shared(name, RateLimits.builder().requestsPerMinute(3).failFast().build(), store))
            first.create(hi)
            val later = RateLimiter.shared(name, RateLimits.builder().requestsPerMinute(100).failFast().build(), store)
            val client = MeteredClient().rateLimited(later)
            client.create(hi)
            client.create(hi)
            shouldThrow<ClientRateLimitException> { client.create(hi) }
        }
    }

    test("a limiter that waits over Redis admits a call over the limit once the shared budget has refilled") {
        val name = uniqueName()
        val limits = RateLimits.builder().requests(2, Duration.ofSeconds(1)).maxWait(Duration.ofSeconds(5)).build()
        RedisRateLimitStore.builder(shared.uri).build().use { storeA ->
            RedisRateLimitStore.builder(shared.uri).build().use { storeB ->
                val a = MeteredClient().rateLimited(RateLimiter.shared(name, limits, storeA))
                val b = MeteredClient().rateLimited(RateLimiter.shared(name, limits, storeB))
                val started = System.nanoTime()
                a.create(hi)
                a.create(hi)
                b.create(hi)
                // The budget was full when a's first call made it; one request refills every 500 ms (by the wall
                // clock, at millisecond precision), and b's call waited for it.
                (System.nanoTime() - started) / 1_000_000 shouldBeInRange 490L..2_500L
            }
        }
    }

    test("when Redis stops, a call fails with RedisRateLimitStoreException before the provider is called; once it is back, calls are admitted again") {
        RedisServerProcess.start().use { redis ->
            val limits = RateLimits.builder().requestsPerMinute(10).failFast().build()
            RedisRateLimitStore.builder(redis.uri).build().use { store ->
                val provider = MeteredClient()
                val limiter = RateLimiter.shared(uniqueName(), limits, store)
                val client = provider.rateLimited(limiter)
                client.create(hi)
                redis.stop()

                val failure = failsWithin(3_000) { client.create(hi) }
                failure.message!! shouldStartWith "Redis rate-limit bucket switchboard:ratelimit:"
                failure.message!! shouldContain "at 127.0.0.1:${redis.port} failed"
                failure.storeCause().shouldBeInstanceOf<io.lettuce.core.RedisException>()
                failsWithin(3_000) { client.createStream(hi).collect {} }
                failsWithin(3_000) { limiter.availableNow() }
                failsWithin(3_000) { limiter.estimateWait(provider, hi) }
                provider.calls.get() shouldBe 1

                redis.start()
                // The restarted Redis saved nothing: the budget starts full again.
                untilItPasses { client.create(hi) }
                limiter.availableNow().values.single() shouldBe 9L
                provider.calls.get() shouldBe 2
            }
        }
    }

    test("a Redis that keeps the connection open but does not answer fails the call after the command timeout") {
        RedisServerProcess.start().use { redis ->
            RedisRateLimitStore.builder(redis.uri).commandTimeout(Duration.ofMillis(500)).build().use { store ->
                val provider = MeteredClient()
                val client = provider.rateLimited(RateLimiter.shared(uniqueName(), RateLimits.builder().requestsPerMinute(10).build(), store))
                client.create(hi)
                redis.pause()
                try {
                    val started = System.nanoTime()
                    val failure = failsWithin(3_000) { client.create(hi) }
                    (System.nanoTime() - started) / 1_000_000 shouldBeGreaterThanOrEqual 450L
                    failure.message!! shouldContain "127.0.0.1:${redis.port}"
                } finally {
                    redis.resume()
                }
                provider.calls.get() shouldBe 1
                untilItPasses { client.create(hi) }
            }
        }
    }

    test("a store built while Redis is down is made at once, its limiter's calls fail, and it works once Redis is up") {
        RedisServerProcess.create().use { redis ->
            val started = System.nanoTime()
            RedisRateLimitStore.builder(redis.uri).build().use { store ->
                val client = MeteredClient().rateLimited(RateLimiter.shared(uniqueName(), RateLimits.builder().requestsPerMinute(10).build(), store))
                (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 3_000L
                failsWithin(3_000) { client.create(hi) }.storeCause().shouldBeInstanceOf<io.lettuce.core.RedisConnectionException>()
                redis.start()
                untilItPasses { client.create(hi) }
            }
        }
    }

    test("the password in the URI connects to a Redis that requires one and shows in no toString or failure message") {
        RedisServerProcess.start("--requirepass", "s3cret-pass").use { redis ->
            val limits = RateLimits.builder().requestsPerMinute(10).build()
            RedisRateLimitStore.builder("redis://:s3cret-pass@127.0.0.1:${redis.port}").build().use { store ->
                MeteredClient().rateLimited(RateLimiter.shared(uniqueName(), limits, store)).create(hi)
                store.toString() shouldNotContain "s3cret"
            }
            RedisRateLimitStore.builder("redis://:wrong-pass@127.0.0.1:${redis.port}").build().use { store ->
                store.toString() shouldNotContain "wrong-pass"
                val failure = failsWithin(3_000) { MeteredClient().rateLimited(RateLimiter.shared(uniqueName(), limits, store)).create(hi) }
                failure.stackTraceToString() shouldNotContain "wrong-pass"
                failure.stackTraceToString() shouldNotContain "s3cret"
            }
        }
    }

    test("toString names the endpoint, database, prefix, timeouts and whose client it is, and masks the password") {
        RedisRateLimitStore.builder("redis://:secret@127.0.0.1:${shared.port}/2").keyPrefix("p:").build().use { store ->
            store.toString() shouldBe "RedisRateLimitStore(endpoint=127.0.0.1:${shared.port}, database=2, tls=false, " +
                "keyPrefix=p:, commandTimeout=PT1S, keepAfterRefill=PT1M, client=own)"
        }
    }

    test("the defaults, the key prefix, and the builder's bounds; a URI that is not one is not quoted") {
        RedisRateLimitStore.DEFAULT_KEY_PREFIX shouldBe "switchboard:ratelimit:"
        RedisRateLimitStore.DEFAULT_COMMAND_TIMEOUT shouldBe Duration.ofSeconds(1)
        RedisRateLimitStore.DEFAULT_KEEP_AFTER_REFILL shouldBe Duration.ofMinutes(1)
        val name = uniqueName()
        RedisRateLimitStore.builder(shared.uri).keyPrefix("app-a:").build().use { store ->
            store.keyPrefix shouldBe "app-a:"
            MeteredClient().rateLimited(RateLimiter.shared(name, RateLimits.builder().requestsPerMinute(1).build(), store)).create(hi)
            rawRedis(shared.uri) { it.exists("app-a:$name:requests-60000ms") } shouldBe 1L
        }
        val builder = RedisRateLimitStore.builder(shared.uri)
        for (bad in listOf(Duration.ZERO, Duration.ofMillis(-1), Duration.ofDays(2))) {
            shouldThrow<IllegalArgumentException> { builder.commandTimeout(bad) }
        }
        for (bad in listOf(Duration.ofMillis(-1), Duration.ofDays(2))) {
            shouldThrow<IllegalArgumentException> { builder.keepAfterRefill(bad) }
        }
        for (bad in listOf("http://:s3cret@127.0.0.1:6379", "redis://:s3cret@127.0.0.1:99999", "s3cret")) {
            val e = shouldThrow<IllegalArgumentException> { RedisRateLimitStore.builder(bad) }
            e.stackTraceToString() shouldNotContain "s3cret"
            e.message!! shouldContain "redis://"
        }
    }

    test("from Kotlin the store is built with a block, its durations kotlin.time.Durations") {
        RedisRateLimitStore(shared.uri) {
            keyPrefix = "dsl:"
            commandTimeout = 250.milliseconds
            keepAfterRefill = 5.seconds
        }.use { store ->
            store.keyPrefix shouldBe "dsl:"
            store.commandTimeout shouldBe Duration.ofMillis(250)
            store.keepAfterRefill shouldBe Duration.ofSeconds(5)
        }
    }

    test("a store on a client you own spends the same budget and leaves the client open when closed") {
        val name = uniqueName()
        val limits = RateLimits.builder().requestsPerMinute(2).failFast().build()
        val client = RedisClient.create()
        try {
            val uri = RedisURI.create(shared.uri)
            RedisRateLimitStore.builder(client, uri).build().use { given ->
                RedisRateLimitStore.builder(shared.uri).build().use { own ->
                    given.toString() shouldContain "client=given"
                    MeteredClient().rateLimited(RateLimiter.shared(name, limits, given)).create(hi)
                    MeteredClient().rateLimited(RateLimiter.shared(name, limits, own)).create(hi)
                    shouldThrow<ClientRateLimitException> { MeteredClient().rateLimited(RateLimiter.shared(name, limits, given)).create(hi) }
                }
            }
            client.connect(uri).use { it.sync().ping() shouldBe "PONG" }
        } finally {
            client.shutdown()
        }
    }

    test("after close, a limiter's calls fail with the store closed, and closing again does nothing") {
        val store = RedisRateLimitStore.builder(shared.uri).build()
        val provider = MeteredClient()
        val client = provider.rateLimited(RateLimiter.shared(uniqueName(), RateLimits.builder().requestsPerMinute(10).build(), store))
        client.create(hi)
        store.close()
        store.close()
        val failure = shouldThrow<RedisRateLimitStoreException> { client.create(hi) }
        failure.message!! shouldContain "the store is closed"
        provider.calls.get() shouldBe 1
        store.bucket("k", configurationOfOneRequest()).getAvailableTokens().handle { _, e -> e }.get().shouldBeInstanceOf<RedisRateLimitStoreException>()
    }
})

/** A Bucket4j configuration of one request a minute, for calling a store's bucket directly. */
private fun configurationOfOneRequest(): io.github.bucket4j.BucketConfiguration = io.github.bucket4j.BucketConfiguration.builder()
    .addLimit(io.github.bucket4j.Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofMinutes(1)).build())
    .build()

/** Runs [block], which must fail with a [RedisRateLimitStoreException] within [millis]; returns the failure. */
private suspend fun failsWithin(millis: Long, block: suspend () -> Unit): RedisRateLimitStoreException {
    val started = System.nanoTime()
    val failure = shouldThrow<RedisRateLimitStoreException> { block() }
    (System.nanoTime() - started) / 1_000_000 shouldBeLessThan millis
    return failure
}

/**
 * What failed under this exception: its cause, or its cause's cause when the failure is the copy that kotlinx.coroutines
 * makes to recover the stack trace in `await()` (with assertions on, as under Surefire).
 */
private fun RedisRateLimitStoreException.storeCause(): Throwable? =
    generateSequence(cause) { it.cause }.firstOrNull { it !is RedisRateLimitStoreException }

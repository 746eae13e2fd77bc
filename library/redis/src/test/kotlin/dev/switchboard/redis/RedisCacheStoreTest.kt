package dev.switchboard.redis

import dev.switchboard.cache.CacheStoreSuite
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.matchers.longs.shouldBeInRange
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.lettuce.core.RedisClient
import io.lettuce.core.RedisCommandTimeoutException
import io.lettuce.core.RedisURI
import kotlinx.coroutines.future.await
import java.time.Duration
import java.util.UUID
import kotlin.time.Duration.Companion.milliseconds

/**
 * [RedisCacheStore] against a real Redis on 127.0.0.1 that the tests start themselves ([RedisServerProcess]): the
 * store contract ([CacheStoreSuite], each test with a key prefix of its own, so each starts from an empty store), then
 * what only Redis does: the key prefix, a Redis shared by several stores, TTLs as `PX`, a Redis that goes away, hangs
 * or is not there yet, passwords, and a client the caller owns.
 */
class RedisCacheStoreTest : CacheStoreSuite({
    RedisCacheStore.builder(shared.uri).keyPrefix("suite:${UUID.randomUUID()}:").build()
}) {
    init {
        afterSpec { shared.close() }

        fun uniqueKey(): String = "k-${UUID.randomUUID()}"

        test("every key is stored in Redis under the key prefix, switchboard:cache: unless told otherwise") {
            val key = uniqueKey()
            RedisCacheStore.builder(shared.uri).keyPrefix("app-a:").build().use { store ->
                store.keyPrefix shouldBe "app-a:"
                store.put(key, "v".encodeToByteArray(), null).await()
                rawRedis(shared.uri) { redis ->
                    redis.get("app-a:$key")!!.decodeToString() shouldBe "v"
                    redis.exists(key) shouldBe 0L
                }
            }
            RedisCacheStore.builder(shared.uri).build().use { store ->
                store.keyPrefix shouldBe "switchboard:cache:"
                store.put(key, "w".encodeToByteArray(), null).await()
                rawRedis(shared.uri) { it.get("switchboard:cache:$key")!!.decodeToString() shouldBe "w" }
                store.remove(key).await()
                rawRedis(shared.uri) { it.exists("switchboard:cache:$key") shouldBe 0L }
            }
        }

        test("two stores on one Redis, each with a client of its own, see each other's entries") {
            val key = uniqueKey()
            val a = RedisCacheStore.builder(shared.uri).keyPrefix("fleet:").build()
            val b = RedisCacheStore.builder(shared.uri).keyPrefix("fleet:").build()
            a.use {
                b.use {
                    a.put(key, "from a".encodeToByteArray(), null).await()
                    b.get(key).await()!!.decodeToString() shouldBe "from a"
                    b.put(key, "from b".encodeToByteArray(), null).await()
                    a.get(key).await()!!.decodeToString() shouldBe "from b"
                    b.remove(key).await()
                    a.get(key).await() shouldBe null
                }
            }
        }

        test("stores with different key prefixes on one Redis keep apart") {
            val key = uniqueKey()
            RedisCacheStore.builder(shared.uri).keyPrefix("one:").build().use { one ->
                RedisCacheStore.builder(shared.uri).keyPrefix("two:").build().use { two ->
                    one.put(key, "1".encodeToByteArray(), null).await()
                    two.get(key).await() shouldBe null
                }
            }
        }

        test("a TTL is sent as PX: Redis holds the key with a PTTL of at most the TTL; without a TTL it has none; one under 1 ms is 1 ms") {
            val withTtl = uniqueKey()
            val without = uniqueKey()
            RedisCacheStore.builder(shared.uri).keyPrefix("ttl:").build().use { store ->
                store.put(withTtl, "x".encodeToByteArray(), Duration.ofSeconds(60)).await()
                store.put(without, "y".encodeToByteArray(), null).await()
                rawRedis(shared.uri) { redis ->
                    redis.pttl("ttl:$withTtl") shouldBeInRange 1L..60_000L
                    redis.pttl("ttl:$without") shouldBe -1L
                }
                store.put(withTtl, "z".encodeToByteArray(), null).await()
                rawRedis(shared.uri) { it.pttl("ttl:$withTtl") shouldBe -1L }
                // Redis refuses PX 0: a TTL under a millisecond, or none at all, is sent as PX 1 and expires at once.
                for (tiny in listOf(Duration.ofNanos(1), Duration.ZERO, Duration.ofSeconds(-1))) {
                    store.put(withTtl, "gone".encodeToByteArray(), tiny).await()
                    untilItPasses(seconds = 3) { store.get(withTtl).await() shouldBe null }
                }
            }
        }

        test("when Redis stops, get and put fail within the command timeout; once it is back the same store works again") {
            RedisServerProcess.start().use { redis ->
                RedisCacheStore.builder(redis.uri).build().use { store ->
                    store.put("k", "before".encodeToByteArray(), null).await()
                    redis.stop()

                    val getFailure = failsWithin(3_000) { store.get("k").await() }
                    getFailure.message!! shouldContain "GET at 127.0.0.1:${redis.port}"
                    val putFailure = failsWithin(3_000) { store.put("k", "during".encodeToByteArray(), null).await() }
                    putFailure.message!! shouldContain "SET at 127.0.0.1:${redis.port}"
                    failsWithin(3_000) { store.remove("k").await() }

                    // Down for 4 s: Lettuce's default backoff would be at 8 s before its next try; the store's waits 1 s at most.
                    Thread.sleep(4_000)
                    redis.start()
                    val restarted = System.nanoTime()
                    untilItPasses { store.put("k", "after".encodeToByteArray(), null).await() }
                    (System.nanoTime() - restarted) / 1_000_000 shouldBeLessThan 2_500L
                    store.get("k").await()!!.decodeToString() shouldBe "after"
                }
            }
        }

        test("a Redis that keeps the connection open but does not answer fails the command after the command timeout") {
            RedisServerProcess.start().use { redis ->
                RedisCacheStore.builder(redis.uri).commandTimeout(Duration.ofMillis(500)).build().use { store ->
                    store.put("k", "v".encodeToByteArray(), null).await()
                    redis.pause()
                    try {
                        val failure = failsWithin(3_000) { store.get("k").await() }
                        failure.lettuceCause().shouldBeInstanceOf<RedisCommandTimeoutException>()
                    } finally {
                        redis.resume()
                    }
                    untilItPasses { store.get("k").await()!!.decodeToString() shouldBe "v" }
                }
            }
        }

        test("a store built while Redis is down is made at once, fails its operations, and works once Redis is up") {
            RedisServerProcess.create().use { redis ->
                val started = System.nanoTime()
                RedisCacheStore.builder(redis.uri).build().use { store ->
                    (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 3_000L
                    val failure = failsWithin(3_000) { store.get("k").await() }
                    failure.message!! shouldContain "127.0.0.1:${redis.port}"
                    failsWithin(3_000) { store.put("k", "v".encodeToByteArray(), null).await() }

                    redis.start()
                    untilItPasses { store.put("k", "v".encodeToByteArray(), null).await() }
                    store.get("k").await()!!.decodeToString() shouldBe "v"
                }
            }
        }

        test("the password in the URI connects to a Redis that requires one and shows in no toString or failure message") {
            RedisServerProcess.start("--requirepass", "s3cret-pass").use { redis ->
                val uri = "redis://:s3cret-pass@127.0.0.1:${redis.port}"
                RedisCacheStore.builder(uri).build().use { store ->
                    store.put("k", "v".encodeToByteArray(), null).await()
                    store.get("k").await()!!.decodeToString() shouldBe "v"
                    store.toString() shouldNotContain "s3cret"
                    store.toString() shouldContain "127.0.0.1:${redis.port}"
                }
                RedisCacheStore.builder("redis://:wrong-pass@127.0.0.1:${redis.port}/0").build().use { store ->
                    store.toString() shouldNotContain "wrong-pass"
                    val failure = failsWithin(3_000) { store.get("k").await() }
                    failure.stackTraceToString() shouldNotContain "wrong-pass"
                    failure.stackTraceToString() shouldNotContain "s3cret"
                }
            }
        }

        test("toString names the endpoint, database, prefix, timeout and whose client it is, and masks the password") {
            RedisCacheStore.builder("redis://:secret@127.0.0.1:${shared.port}/3").keyPrefix("p:").build().use { store ->
                store.toString() shouldBe "RedisCacheStore(endpoint=127.0.0.1:${shared.port}, database=3, tls=false, " +
                    "keyPrefix=p:, commandTimeout=PT1S, client=own)"
            }
        }

        test("a URI that is not one fails the builder without quoting it") {
            for (bad in listOf("http://:s3cret@127.0.0.1:6379", "redis://:s3cret@127.0.0.1:99999", "s3cret")) {
                val e = shouldThrow<IllegalArgumentException> { RedisCacheStore.builder(bad) }
                e.stackTraceToString() shouldNotContain "s3cret"
                e.message!! shouldContain "redis://"
            }
        }

        test("one builder builds stores with the timeout each was built with") {
            val builder = RedisCacheStore.builder(shared.uri).commandTimeout(Duration.ofMillis(700))
            builder.build().use { first ->
                builder.commandTimeout(Duration.ofSeconds(2)).build().use { second ->
                    first.commandTimeout shouldBe Duration.ofMillis(700)
                    second.commandTimeout shouldBe Duration.ofSeconds(2)
                    first.put("k", "v".encodeToByteArray(), null).await()
                    second.get("k").await()!!.decodeToString() shouldBe "v"
                }
            }
        }

        test("commandTimeout must be positive and at most a day") {
            val builder = RedisCacheStore.builder(shared.uri)
            for (bad in listOf(Duration.ZERO, Duration.ofMillis(-1), Duration.ofDays(2))) {
                shouldThrow<IllegalArgumentException> { builder.commandTimeout(bad) }
            }
            builder.commandTimeout(Duration.ofDays(1)).build().use { it.commandTimeout shouldBe Duration.ofDays(1) }
        }

        test("from Kotlin the store is built with a block, its timeout a kotlin.time.Duration") {
            RedisCacheStore(shared.uri) {
                keyPrefix = "dsl:"
                commandTimeout = 250.milliseconds
            }.use { store ->
                store.keyPrefix shouldBe "dsl:"
                store.commandTimeout shouldBe Duration.ofMillis(250)
                store.put("k", "v".encodeToByteArray(), null).await()
                rawRedis(shared.uri) { it.get("dsl:k")!!.decodeToString() shouldBe "v" }
            }
        }

        test("a store on a client you own times out after its command timeout and leaves the client open when closed") {
            RedisServerProcess.start().use { redis ->
                val client = RedisClient.create()
                try {
                    val uri = RedisURI.create(redis.uri)
                    RedisCacheStore.builder(client, uri).commandTimeout(Duration.ofMillis(500)).build().use { store ->
                        store.toString() shouldContain "client=given"
                        store.put("k", "v".encodeToByteArray(), null).await()
                        store.get("k").await()!!.decodeToString() shouldBe "v"
                        redis.pause()
                        try {
                            failsWithin(3_000) { store.get("k").await() }.lettuceCause()
                                .shouldBeInstanceOf<RedisCommandTimeoutException>()
                        } finally {
                            redis.resume()
                        }
                    }
                    client.connect(uri).use { it.sync().ping() shouldBe "PONG" }
                } finally {
                    client.shutdown()
                }
            }
        }

        test("after close, operations fail in their stage and closing again does nothing") {
            val store = RedisCacheStore.builder(shared.uri).build()
            store.put("k", "v".encodeToByteArray(), null).await()
            store.close()
            store.close()
            shouldThrow<RedisCacheStoreException> { store.get("k").await() }.message!! shouldContain "closed"
            shouldThrow<RedisCacheStoreException> { store.put("k", byteArrayOf(), null).await() }
            shouldThrow<RedisCacheStoreException> { store.remove("k").await() }
        }
    }

    private companion object {
        /** The Redis of the contract and of the tests that do not stop it. */
        val shared: RedisServerProcess by lazy { RedisServerProcess.start() }
    }
}

/** Runs [block], which must fail with a [RedisCacheStoreException] within [millis]; returns the failure. */
private suspend fun failsWithin(millis: Long, block: suspend () -> Unit): RedisCacheStoreException {
    val started = System.nanoTime()
    val failure = shouldThrow<RedisCacheStoreException> { block() }
    (System.nanoTime() - started) / 1_000_000 shouldBeLessThan millis
    return failure
}

/**
 * The Lettuce exception this failure carries: its cause, or its cause's cause when the failure is the copy that
 * kotlinx.coroutines makes to recover the stack trace in `await()` (with assertions on, as under Surefire).
 */
private fun RedisCacheStoreException.lettuceCause(): Throwable? =
    generateSequence(cause) { it.cause }.firstOrNull { it !is RedisCacheStoreException }

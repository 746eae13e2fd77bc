package dev.switchboard.redis

import dev.switchboard.ChatStreamEvent
import dev.switchboard.Choice
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.RequestUsage
import dev.switchboard.UserMessage
import dev.switchboard.cache.ChatCompletionCache
import dev.switchboard.replay.ReplayChatCompletionClient
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.future.await
import java.time.Duration

/**
 * `ChatCompletionCache` over [RedisCacheStore], in front of replay clients standing in for providers: what a fleet of
 * processes sharing one Redis gets (each answer paid for once), what a Redis that goes away costs (nothing but the
 * hits: every call still succeeds through the provider, the failures are logged), and that bytes in Redis which are
 * not an entry (damaged, or written by something else under the key) are skipped, never returned.
 */
class RedisChatCompletionCacheTest : FunSpec({
    timeout = 120_000L
    val oslo = CreateRequest.of(UserMessage.of("What is the weather in Oslo?"))
    val bergen = CreateRequest.of(UserMessage.of("What is the weather in Bergen?"))

    fun provider(vararg answers: String): ReplayChatCompletionClient =
        ReplayChatCompletionClient.builder().model("m1").results(answers.map(::result)).build()

    test("two caches, each with its own client and store, on one Redis answer from each other's entries") {
        RedisServerProcess.start().use { redis ->
            RedisCacheStore.builder(redis.uri).build().use { storeA ->
                RedisCacheStore.builder(redis.uri).build().use { storeB ->
                    val providerA = provider("sunny, said A's provider")
                    val providerB = provider("rainy, said B's provider")
                    val cacheA = ChatCompletionCache.of(storeA)
                    val clientA = cacheA.wrap(providerA)
                    val clientB = ChatCompletionCache.of(storeB).wrap(providerB)

                    val paid = clientA.create(oslo)
                    paid.cached shouldBe false
                    rawRedis(redis.uri) { it.exists(RedisCacheStore.DEFAULT_KEY_PREFIX + cacheA.keyOf(providerA, oslo)) } shouldBe 1L

                    val shared = clientB.create(oslo)
                    shared.cached shouldBe true
                    shared.content shouldBe "sunny, said A's provider"
                    val streamed = clientB.createStream(oslo).toList()
                    (streamed.last() as ChatStreamEvent.Completed).result.content shouldBe "sunny, said A's provider"
                    providerB.consumedCount shouldBe 0

                    clientB.create(bergen).content shouldBe "rainy, said B's provider"
                    clientA.create(bergen).cached shouldBe true
                    providerA.consumedCount shouldBe 1
                }
            }
        }
    }

    test("when Redis goes away mid-run every call still succeeds through the provider; the failures are logged, not thrown") {
        RedisServerProcess.start("--requirepass", "s3cret-pass").use { redis ->
            RedisCacheStore.builder("redis://:s3cret-pass@127.0.0.1:${redis.port}").build().use { store ->
                val upstream = provider("first", "second", "third", "fourth")
                val client = ChatCompletionCache.of(store).wrap(upstream)
                withCacheWarnings { lines ->
                    client.create(oslo).content shouldBe "first"
                    client.create(oslo).cached shouldBe true
                    warnings(lines) shouldHaveSize 0

                    redis.stop()
                    val started = System.nanoTime()
                    val missed = client.create(oslo)
                    missed.cached shouldBe false
                    missed.content shouldBe "second"
                    (client.createStream(bergen).toList().last() as ChatStreamEvent.Completed).result.content shouldBe "third"
                    (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 6_000L

                    val logged = warnings(lines)
                    logged.any { it.contains("failed to read") } shouldBe true
                    logged.any { it.contains("failed to keep") } shouldBe true
                    for (line in logged) {
                        line shouldContain "RedisCacheStoreException"
                        line shouldContain "127.0.0.1:${redis.port}"
                        line shouldNotContain "s3cret"
                    }

                    redis.start()
                    untilItPasses { store.get("probe").await() }
                    client.create(bergen).let { it.cached shouldBe false; it.content shouldBe "fourth" }
                    client.create(bergen).let { it.cached shouldBe true; it.content shouldBe "fourth" }
                    upstream.consumedCount shouldBe 4
                }
            }
        }
    }

    test("bytes in Redis under an entry's key that are not an entry are skipped, never returned, and replaced") {
        RedisServerProcess.start().use { redis ->
            RedisCacheStore.builder(redis.uri).keyPrefix("corrupt:").build().use { store ->
                val cache = ChatCompletionCache.of(store)
                val corrupt = listOf(
                    byteArrayOf(0xC3.toByte(), 0x28, 0xFF.toByte(), 0x00),
                    "not an entry at all".encodeToByteArray(),
                    "switchboard-cache/1 0\n{\"half\": ".encodeToByteArray(),
                    "switchboard-cache/1 soon\n{}".encodeToByteArray(),
                )
                for ((n, bytes) in corrupt.withIndex()) {
                    val upstream = provider("fresh answer $n")
                    val client = cache.wrap(upstream)
                    val key = "corrupt:" + cache.keyOf(upstream, oslo)
                    rawRedis(redis.uri) { it.set(key, bytes) }
                    withCacheWarnings { lines ->
                        val answer = client.create(oslo)
                        answer.cached shouldBe false
                        answer.content shouldBe "fresh answer $n"
                        warnings(lines).single() shouldContain "Skipped the cache entry"
                    }
                    client.create(oslo).let { it.cached shouldBe true; it.content shouldBe "fresh answer $n" }
                    rawRedis(redis.uri) { it.del(key) }
                }
            }
        }
    }

    test("an entry stored with the cache's TTL expires in Redis too") {
        RedisServerProcess.start().use { redis ->
            RedisCacheStore.builder(redis.uri).build().use { store ->
                val upstream = provider("short-lived")
                val cache = ChatCompletionCache.builder(store).ttl(Duration.ofMinutes(5)).build()
                cache.wrap(upstream).create(oslo)
                val pttl = rawRedis(redis.uri) { it.pttl(RedisCacheStore.DEFAULT_KEY_PREFIX + cache.keyOf(upstream, oslo)) }
                (pttl in 1..300_000L) shouldBe true
            }
        }
    }
})

private fun result(text: String): CreateResult = CreateResult.builder()
    .choices(listOf(Choice.builder().finishReason(FinishReason.STOP).content(text).build()))
    .usage(RequestUsage.of(10, 5)).model("m1").build()

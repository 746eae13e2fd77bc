package dev.switchboard.redis

import dev.switchboard.ClientRateLimitException
import dev.switchboard.CreateRequest
import dev.switchboard.UserMessage
import dev.switchboard.config.ConfigException
import dev.switchboard.config.ConfigLoader
import dev.switchboard.config.ConfigTestSupport.replayFile
import dev.switchboard.config.Switchboard
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Files

/** The `redis` stores named in documents, on a real Redis server: two loaded clients share one cache and one limit. */
class RedisComponentsTest : FunSpec({
    timeout = 120_000L
    val dir = Files.createTempDirectory("redis-config")
    val oslo = CreateRequest.of(UserMessage.of("Weather in Oslo?"))
    replayFile(dir, "a.jsonl", "A's answer", "A's second")
    replayFile(dir, "b.jsonl", "B's answer", "B's second")

    test("two clients loaded from documents naming one Redis cache answer from each other's entries") {
        RedisServerProcess.start().use { redis ->
            val loader = ConfigLoader.builder().environment(mapOf("REDIS_URL" to redis.uri)).build()
            fun doc(replay: String) = dir.resolve("cache-$replay.json").also {
                Files.writeString(
                    it,
                    """{"provider": "cache", "config": {"store": {"provider": "redis", "config": {"uri": "${'$'}{REDIS_URL}", "key_prefix": "cfg-test:"}},
                       "client": {"provider": "replay", "config": {"file": "$replay", "model": "m1"}}}}""",
                )
            }
            loader.load(doc("a.jsonl")).use { a ->
                loader.load(doc("b.jsonl")).use { b ->
                    a.create(oslo).content shouldBe "A's answer"
                    b.create(oslo).content shouldBe "A's answer"
                }
            }
        }
    }

    test("two rate-limited clients on one Redis limit stay within it together; the URI's password is never described") {
        RedisServerProcess.start().use { redis ->
            val loader = ConfigLoader.builder().environment(emptyMap()).build()
            fun limited(replay: String) = loader.loadJson(
                """{"provider": "rate-limit", "config": {"name": "shared-rpm", "requests_per_minute": 3, "max_wait": "0s",
                   "store": {"provider": "redis", "config": {"uri": "${redis.uri}"}},
                   "client": {"provider": "replay", "config": {"file": "${dir.resolve(replay)}", "model": "m1"}}}}""",
            )
            limited("a.jsonl").use { a ->
                limited("b.jsonl").use { b ->
                    a.create(oslo); b.create(oslo); a.create(oslo)
                    val e = shouldThrow<ClientRateLimitException> { b.create(oslo) }
                    e.message!! shouldContain "requests"
                }
            }
            val withPassword = ConfigLoader.builder().environment(emptyMap()).build().loadJson(
                """{"provider": "rate-limit", "config": {"name": "n", "requests_per_minute": 3,
                   "store": {"provider": "redis", "config": {"uri": "redis://:hunter2-config@127.0.0.1:${redis.uri.substringAfterLast(':')}"}},
                   "client": {"provider": "replay", "config": {"file": "${dir.resolve("a.jsonl")}"}}}}""",
            )
            Switchboard.describeJson(withPassword) shouldNotContain "hunter2"
            withPassword.close()
        }
    }

    test("a shared limit needs its name; the store needs its URI") {
        val loader = ConfigLoader.builder().environment(emptyMap()).build()
        shouldThrow<ConfigException> {
            loader.loadJson(
                """{"provider": "rate-limit", "config": {"requests_per_minute": 3, "store": {"provider": "redis", "config": {"uri": "redis://127.0.0.1:1"}},
                   "client": {"provider": "replay", "config": {"file": "${dir.resolve("a.jsonl")}"}}}}""",
            )
        }.message!! shouldContain "config.name: missing"
        shouldThrow<ConfigException> {
            loader.loadJson(
                """{"provider": "cache", "config": {"store": {"provider": "redis", "config": {}},
                   "client": {"provider": "replay", "config": {"file": "${dir.resolve("a.jsonl")}"}}}}""",
            )
        }.message!! shouldContain "config.store.config.uri: missing"
    }
})

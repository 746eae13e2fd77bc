package dev.switchboard.cache

import dev.switchboard.CreateRequest
import dev.switchboard.UserMessage
import dev.switchboard.config.ConfigException
import dev.switchboard.config.ConfigLoader
import dev.switchboard.config.ConfigTestSupport.replayFile
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class CacheComponentTest : FunSpec({
    val dir = Files.createTempDirectory("cache-config")
    val loader = ConfigLoader.builder().environment(emptyMap()).build()
    val oslo = CreateRequest.of(UserMessage.of("Weather in Oslo?"))
    val bergen = CreateRequest.of(UserMessage.of("Weather in Bergen?"))
    replayFile(dir, "answers.jsonl", "first", "second", "third")
    replayFile(dir, "other.jsonl", "other provider's answer")

    fun cached(store: String, replay: String = "answers.jsonl"): String =
        """{"provider": "cache", "config": {$store "client": {"provider": "replay", "config": {"file": "$replay", "model": "m1"}}}}"""

    test("cache with the default memory store: an identical request is answered from the cache, another goes to the client") {
        val doc = dir.resolve("memory.json").also { Files.writeString(it, cached("")) }
        loader.load(doc).use { client ->
            client.create(oslo).content shouldBe "first"
            client.create(oslo).content shouldBe "first"
            client.create(bergen).content shouldBe "second"
        }
    }

    test("a disk store is closed with the client, so the next load opens it and finds the entry") {
        val store = """"store": {"provider": "disk", "config": {"path": "disk-cache", "maximum_entries": 100}}, "ttl": "1h","""
        loader.load(dir.resolve("disk.json").also { Files.writeString(it, cached(store)) }).use { it.create(oslo).content shouldBe "first" }
        loader.load(dir.resolve("disk2.json").also { Files.writeString(it, cached(store, "other.jsonl")) }).use { client ->
            client.create(oslo).content shouldBe "first"
            client.create(bergen).content shouldBe "other provider's answer"
        }
    }

    test("errors name the path: an unknown store, both bounds of a memory store, a zero TTL") {
        shouldThrow<ConfigException> { loader.loadJson(cached(""""store": {"provider": "memcached"},""")) }.message!! shouldContain
            "config.store.provider: unknown provider \"memcached\" (known: disk, memory)"
        shouldThrow<ConfigException> {
            loader.loadJson(cached(""""store": {"provider": "memory", "config": {"maximum_entries": 10, "maximum_bytes": 1000}},"""))
        }.message!! shouldContain "config.store.config.maximum_bytes: give either maximum_entries or maximum_bytes"
        shouldThrow<ConfigException> { loader.loadJson(cached(""""ttl": "0s",""")) }.message!! shouldContain "config.ttl: expected a positive duration"
    }
})

package dev.switchboard.cache

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.GuidedDecoding
import dev.switchboard.ResponseCacheMode
import dev.switchboard.ServerException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import dev.switchboard.replay.ReplayChatCompletionClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield
import kotlinx.serialization.json.JsonPrimitive
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneOffset
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage

/** A clock the test moves. */
private class TestClock(var now: Instant = Instant.parse("2026-12-03T10:00:00Z")) : Clock() {
    override fun getZone() = ZoneOffset.UTC
    override fun withZone(zone: java.time.ZoneId?) = this
    override fun instant(): Instant = now
}

/** A store whose every method fails, as a Redis that went away does. */
private object BrokenStore : CacheStore {
    override fun get(key: String): CompletionStage<ByteArray?> = CompletableFuture.failedFuture(IllegalStateException("store down"))
    override fun put(key: String, value: ByteArray, ttl: Duration?): CompletionStage<Void?> = throw IllegalStateException("store down")
    override fun remove(key: String): CompletionStage<Void?> = CompletableFuture.failedFuture(IllegalStateException("store down"))
}

class ChatCompletionCacheTest : FunSpec({
    timeout = 60_000L
    val hi = CreateRequest.of(UserMessage.of("What is the weather in Oslo?"))

    test("a create is answered once by the provider, then from the cache: cached, in totalUsage but not actualUsage") {
        val upstream = ScriptedClient()
        val client = upstream.cached(MemoryCacheStore.create())
        val first = client.create(hi)
        val second = client.create(hi)
        upstream.calls.get() shouldBe 1
        first.isCachedFlag() shouldBe false
        second.isCachedFlag() shouldBe true
        second.content shouldBe first.content
        second.toolCalls shouldBe first.toolCalls
        client.actualUsage.totalTokens shouldBe 15
        client.totalUsage.totalTokens shouldBe 30
    }

    test("a stream hit replays the stored events one by one, tool-call deltas included, Completed marked cached") {
        val upstream = ScriptedClient()
        val client = upstream.cached(MemoryCacheStore.create())
        val live = client.createStream(hi).toList()
        val replayed = client.createStream(hi).toList()
        upstream.calls.get() shouldBe 1
        replayed.size shouldBe live.size
        replayed.dropLast(1).map { it.toString() } shouldBe live.dropLast(1).map { it.toString() }
        replayed.count { it is ChatStreamEvent.ToolCallDelta } shouldBe 2
        (replayed.last() as ChatStreamEvent.Completed).result.isCachedFlag() shouldBe true
        (live.last() as ChatStreamEvent.Completed).result.isCachedFlag() shouldBe false
        client.totalUsage.totalTokens shouldBe 30
        client.actualUsage.totalTokens shouldBe 15
    }

    test("a create and a createStream of the same request answer each other") {
        val upstream = ScriptedClient()
        val store = MemoryCacheStore.create()
        val client = upstream.cached(store)
        val created = client.create(hi)
        val streamed = client.createStream(hi).toList()
        upstream.calls.get() shouldBe 1
        streamed.filterIsInstance<ChatStreamEvent.TextDelta>().joinToString("") { it.text } shouldBe created.content
        streamed.any { it is ChatStreamEvent.ToolCallStart } shouldBe true

        val other = createRequest { user("And in Bergen?") }
        client.createStream(other).toList()
        client.create(other).isCachedFlag() shouldBe true
        upstream.calls.get() shouldBe 2
    }

    test("nothing is stored for a failure, an interrupted stream, a stream stopped early or a cancelled call") {
        val upstream = ScriptedClient()
        val client = upstream.cached(MemoryCacheStore.create())
        upstream.failNext = 1
        shouldThrow<ServerException> { client.create(hi) }
        upstream.breakNext = 1
        shouldThrow<StreamInterruptedException> { client.createStream(hi).toList() }
        client.createStream(hi).take(2).toList()
        upstream.gate = CompletableDeferred()
        coroutineScope {
            val job = launch { client.create(hi) }
            while (upstream.calls.get() < 4) yield()
            job.cancel()
        }
        upstream.cancelled.get() shouldBe 2 // the early stop and the cancelled create, both reached the provider
        upstream.gate = null
        client.create(hi).isCachedFlag() shouldBe false
        upstream.calls.get() shouldBe 5
        client.create(hi).isCachedFlag() shouldBe true
    }

    test("a cancellation passes through as it is, never wrapped") {
        val upstream = ScriptedClient().apply { gate = CompletableDeferred() }
        val client = upstream.cached(MemoryCacheStore.create())
        val e = shouldThrow<CancellationException> {
            coroutineScope {
                val call = async { client.create(hi) }
                launch { while (upstream.calls.get() < 1) yield(); call.cancel(CancellationException("caller gave up")) }
                call.await()
            }
        }
        e.message shouldBe "caller gave up"
    }

    test("per request: BYPASS neither reads nor writes, REFRESH asks the provider and replaces the entry") {
        val upstream = ScriptedClient()
        val client = upstream.cached(MemoryCacheStore.create())
        val bypass = hi.newBuilder().responseCache(ResponseCacheMode.BYPASS).build()
        client.create(bypass).content shouldBe "answer 1"
        client.create(hi).content shouldBe "answer 2" // nothing was stored by the bypass
        client.create(bypass).content shouldBe "answer 3" // nor read
        val refresh = hi.newBuilder().responseCache(ResponseCacheMode.REFRESH).build()
        client.createStream(refresh).toList()
        client.create(hi).content shouldBe "answer 4"
        upstream.calls.get() shouldBe 4
    }

    test("an entry is served for the TTL, then the provider is asked again") {
        val clock = TestClock()
        val upstream = ScriptedClient()
        val cache = ChatCompletionCache.builder(MemoryCacheStore.create()).ttl(Duration.ofMinutes(5)).clock(clock).build()
        val client = upstream.cached(cache)
        client.create(hi)
        clock.now = clock.now.plusSeconds(299)
        client.create(hi).isCachedFlag() shouldBe true
        clock.now = clock.now.plusSeconds(2)
        client.create(hi).isCachedFlag() shouldBe false
        upstream.calls.get() shouldBe 2
    }

    test("coalesce: 8 identical requests at once make one provider call; a failed lead lets each ask itself") {
        val upstream = ScriptedClient().apply { gate = CompletableDeferred() }
        val client = upstream.cached(ChatCompletionCache.builder(MemoryCacheStore.create()).coalesce(true).build())
        val results = coroutineScope {
            val calls = (1..4).map { async(Dispatchers.Default) { client.create(hi) } } +
                (1..4).map { async(Dispatchers.Default) { (client.createStream(hi).toList().last() as ChatStreamEvent.Completed).result } }
            delay(200)
            upstream.gate!!.complete(Unit)
            calls.awaitAll()
        }
        upstream.calls.get() shouldBe 1
        results.map { it.content }.toSet() shouldBe setOf("answer 1")
        results.count { it.isCachedFlag() } shouldBe 7

        val other = createRequest { user("Another question") }
        upstream.gate = CompletableDeferred()
        upstream.failNext = 1
        val outcomes = coroutineScope {
            val calls = (1..3).map { async(Dispatchers.Default) { runCatching { client.create(other) } } }
            delay(200)
            upstream.gate!!.complete(Unit)
            calls.awaitAll()
        }
        outcomes.count { it.isFailure } shouldBe 1
        outcomes.count { it.isSuccess } shouldBe 2
    }

    test("a store that fails never fails a call; a corrupt entry is skipped and replaced") {
        val upstream = ScriptedClient()
        val broken = upstream.cached(BrokenStore)
        broken.create(hi).content shouldBe "answer 1"
        broken.createStream(hi).toList().last().shouldBeInstanceOf<ChatStreamEvent.Completed>()
        upstream.calls.get() shouldBe 2

        val store = MemoryCacheStore.create()
        val cache = ChatCompletionCache.of(store)
        val client = cache.wrap(upstream)
        store.put(cache.keyOf(upstream, hi), "switchboard-cache/1 0\n{not json".toByteArray(), null)
        client.create(hi).isCachedFlag() shouldBe false
        client.create(hi).isCachedFlag() shouldBe true
        store.put(cache.keyOf(upstream, hi), byteArrayOf(-1, -2, 0, 7), null)
        client.createStream(hi).toList().last().let { (it as ChatStreamEvent.Completed).result.isCachedFlag() } shouldBe false
    }

    test("the key changes with what changes the answer, and not with credentials, header case or JSON key order") {
        val cache = ChatCompletionCache.of(MemoryCacheStore.create())
        val a = ScriptedClient("m1")
        val base = createRequest { user("Hi"); temperature(0.2) }
        val key = cache.keyOf(a, base)
        key.length shouldBe 64
        cache.keyOf(ScriptedClient("m2"), base) shouldNotBe key
        cache.keyOf(ScriptedClient("m1", "https://other.example/v1/chat"), base) shouldNotBe key
        cache.keyOf(a, base.newBuilder().temperature(0.3).build()) shouldNotBe key
        cache.keyOf(a, createRequest { user("Hi!"); temperature(0.2) }) shouldNotBe key
        cache.keyOf(a, createRequest { system("Hi"); temperature(0.2) }) shouldNotBe key
        cache.keyOf(a, base.newBuilder().header("Authorization", "Bearer abc").header("X-Api-Key", "k").build()) shouldBe key
        cache.keyOf(a, base.newBuilder().responseCache(ResponseCacheMode.REFRESH).build()) shouldBe key
        cache.keyOf(a, base.newBuilder().header("X-Beta", "tools").build()) shouldNotBe key
        val ab = base.newBuilder().extraBody("a", JsonPrimitive(1)).extraBody("b", JsonPrimitive(2)).build()
        val ba = base.newBuilder().extraBody("b", JsonPrimitive(2)).extraBody("a", JsonPrimitive(1)).build()
        cache.keyOf(a, ab) shouldBe cache.keyOf(a, ba)
        cache.keyOf(a, ab) shouldNotBe key
    }

    test("the key changes with the guided decoding, its kind and its value") {
        val cache = ChatCompletionCache.of(MemoryCacheStore.create())
        val a = ScriptedClient("m1")
        val base = createRequest { user("Hi") }
        fun key(g: GuidedDecoding) = cache.keyOf(a, base.newBuilder().guidedDecoding(g).build())
        val keys = listOf(
            cache.keyOf(a, base),
            key(GuidedDecoding.regex("a+")), key(GuidedDecoding.regex("b+")), key(GuidedDecoding.grammar("a+")),
            key(GuidedDecoding.choice("a+")), key(GuidedDecoding.choice("a", "b")), key(GuidedDecoding.choice("ab")),
            key(GuidedDecoding.jsonSchema("{}")), key(GuidedDecoding.jsonSchema("""{"type":"string"}""")),
        )
        keys.toSet().size shouldBe keys.size
        key(GuidedDecoding.regex("a+")) shouldBe key(GuidedDecoding.regex("a+"))
    }

    test("composes with the replay client: a recording replayed once fills the cache, which then answers offline") {
        val replay = ReplayChatCompletionClient.builder().result(ScriptedClient().answer(1)).build()
        val client = replay.cached(MemoryCacheStore.create())
        client.create(hi).content shouldBe "answer 1"
        client.createStream(hi).toList().filterIsInstance<ChatStreamEvent.ToolCallDelta>().size shouldBe 1
        replay.remainingCount shouldBe 0
        client.createStream(hi).first().shouldBeInstanceOf<ChatStreamEvent.TextDelta>()
    }
})

private fun dev.switchboard.CreateResult.isCachedFlag(): Boolean = cached

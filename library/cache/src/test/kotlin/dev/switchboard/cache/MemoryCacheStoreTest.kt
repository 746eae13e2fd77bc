package dev.switchboard.cache

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.future.await

/** The store contract, in memory. */
class MemoryCacheStoreTest : CacheStoreSuite({ MemoryCacheStore.create() })

class MemoryCacheStoreBoundsTest : FunSpec({
    test("bounded by entries: a store of 100 keeps the last 100 of 1,000") {
        MemoryCacheStore.builder().maximumEntries(100).build().use { store ->
            repeat(1_000) { store.put("k$it", ByteArray(10), null).await() }
            store.size shouldBe 100L
            store.get("k899").await() shouldBe null
            store.get("k900").await()?.size shouldBe 10
        }
    }

    test("the least recently used entry goes first: a read keeps an entry") {
        MemoryCacheStore.builder().maximumEntries(3).build().use { store ->
            for (k in listOf("a", "b", "c")) store.put(k, byteArrayOf(1), null).await()
            store.get("a").await() shouldBe byteArrayOf(1)
            store.put("d", byteArrayOf(2), null).await()
            store.get("b").await() shouldBe null
            store.get("a").await() shouldBe byteArrayOf(1)
            store.get("c").await() shouldBe byteArrayOf(1)
        }
    }

    test("an entry past its TTL is gone on read, and cleanUp drops the others") {
        MemoryCacheStore.create().use { store ->
            store.put("short", byteArrayOf(1), java.time.Duration.ofMillis(30)).await()
            store.put("short2", byteArrayOf(1), java.time.Duration.ofMillis(30)).await()
            store.put("long", byteArrayOf(2), java.time.Duration.ofHours(1)).await()
            Thread.sleep(60)
            store.get("short").await() shouldBe null
            store.size shouldBe 2L
            store.cleanUp()
            store.size shouldBe 1L
            store.get("long").await() shouldBe byteArrayOf(2)
        }
    }

    test("replacing an entry counts its bytes once") {
        MemoryCacheStore.builder().maximumBytes(2 * 1024).build().use { store ->
            repeat(10) { store.put("same", ByteArray(1024), null).await() }
            store.put("other", ByteArray(900), null).await()
            store.size shouldBe 2L
        }
    }

    test("bounded by bytes: 64 KB hold at most 64 entries of 1 KB") {
        MemoryCacheStore.builder().maximumBytes(64 * 1024).build().use { store ->
            repeat(500) { store.put("k$it", ByteArray(1024), null).await() }
            store.size shouldBeLessThanOrEqual 64
            store.size shouldBe 63L // 64 entries of 1 KB and their keys' bytes are just over 64 KB
            store.toString() shouldBe "MemoryCacheStore(at most 65536 bytes)"
        }
    }
})

package dev.switchboard.cache

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import java.time.Duration

/**
 * The contract every [CacheStore] keeps, run against a store from [open] (a new, empty one per test; closed after
 * it): what was put is got back byte for byte, replaced, removed, expired after its TTL, and kept apart under
 * concurrent use. A store module extends it with its own store (see MemoryCacheStoreTest, DiskCacheStoreTest).
 */
abstract class CacheStoreSuite(open: () -> CacheStore) : FunSpec({
    timeout = 60_000L

    suspend fun <T> with(block: suspend (CacheStore) -> T): T = open().use { block(it) }

    test("what was put is got back byte for byte; a missing key is null") {
        with { store ->
            val value = ByteArray(256) { it.toByte() }
            store.put("k1", value, null).await()
            store.get("k1").await()!!.toList() shouldBe value.toList()
            store.get("absent").await() shouldBe null
        }
    }

    test("a put replaces what was there; remove drops it") {
        with { store ->
            store.put("k", "one".encodeToByteArray(), null).await()
            store.put("k", "two".encodeToByteArray(), null).await()
            store.get("k").await()!!.decodeToString() shouldBe "two"
            store.remove("k").await()
            store.get("k").await() shouldBe null
            store.remove("never-there").await()
        }
    }

    test("an entry is gone once its TTL has passed; one without a TTL stays") {
        with { store ->
            store.put("short", "x".encodeToByteArray(), Duration.ofMillis(300)).await()
            store.put("long", "y".encodeToByteArray(), null).await()
            store.get("short").await()!!.decodeToString() shouldBe "x"
            delay(1_200)
            store.get("short").await() shouldBe null
            store.get("long").await()!!.decodeToString() shouldBe "y"
        }
    }

    test("a value of a megabyte round-trips") {
        with { store ->
            val big = ByteArray(1 shl 20) { (it * 31).toByte() }
            store.put("big", big, null).await()
            store.get("big").await()!!.contentEquals(big) shouldBe true
        }
    }

    test("16 writers and readers at once keep their keys apart") {
        with { store ->
            coroutineScope {
                (0 until 16).map { w ->
                    async(Dispatchers.Default) {
                        repeat(50) { i ->
                            val key = "w$w-$i"
                            store.put(key, key.encodeToByteArray(), null).await()
                            store.get(key).await()!!.decodeToString() shouldBe key
                        }
                    }
                }.awaitAll()
            }
            store.get("w7-49").await()!!.decodeToString() shouldBe "w7-49"
        }
    }
})

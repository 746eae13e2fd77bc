package dev.switchboard.cache

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.future.await

/** The store contract, on Caffeine. */
class MemoryCacheStoreTest : CacheStoreSuite({ MemoryCacheStore.create() })

class MemoryCacheStoreBoundsTest : FunSpec({
    test("bounded by entries: a store of 100 keeps about 100 of 1,000") {
        MemoryCacheStore.builder().maximumEntries(100).build().use { store ->
            repeat(1_000) { store.put("k$it", ByteArray(10), null).await() }
            store.cleanUp()
            store.size shouldBeLessThanOrEqual 100
        }
    }

    test("bounded by bytes: 64 KB hold at most 64 entries of 1 KB") {
        MemoryCacheStore.builder().maximumBytes(64 * 1024).build().use { store ->
            repeat(500) { store.put("k$it", ByteArray(1024), null).await() }
            store.cleanUp()
            store.size shouldBeLessThanOrEqual 64
            store.toString() shouldBe "MemoryCacheStore(at most 65536 bytes)"
        }
    }
})

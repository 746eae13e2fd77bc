package dev.switchboard.cache

import com.github.benmanes.caffeine.cache.Cache
import com.github.benmanes.caffeine.cache.Caffeine
import com.github.benmanes.caffeine.cache.Expiry
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage

/**
 * A [CacheStore] in this process's memory, on Caffeine: bounded by a number of entries or by their total size in
 * bytes (least recently and least frequently used entries go first), each entry dropped when its TTL has passed.
 * Entries are lost when the process ends; use [DiskCacheStore] to keep them, `RedisCacheStore` to share them.
 *
 * Every method completes at once, on the caller's thread. The arrays [get] returns are the stored ones: read them,
 * do not change them.
 */
public class MemoryCacheStore private constructor(builder: Builder) : CacheStore {
    private val maximumEntries = builder.maximumEntries
    private val maximumBytes = builder.maximumBytes
    private val entries: Cache<String, Entry> = Caffeine.newBuilder()
        .apply {
            val bytes = maximumBytes
            if (bytes != null) maximumWeight(bytes).weigher<String, Entry> { k, v -> k.length * 2 + v.bytes.size } else maximumSize(maximumEntries)
        }
        .expireAfter(EntryExpiry)
        .build()

    override fun get(key: String): CompletionStage<ByteArray?> {
        val entry = entries.getIfPresent(key) ?: return NONE
        return CompletableFuture.completedStage(entry.bytes)
    }

    override fun put(key: String, value: ByteArray, ttl: Duration?): CompletionStage<Void?> {
        entries.put(key, Entry(value, ttl?.toNanos() ?: Long.MAX_VALUE))
        return DONE
    }

    override fun remove(key: String): CompletionStage<Void?> {
        entries.invalidate(key)
        return DONE
    }

    /** Drops every entry. */
    override fun close() {
        entries.invalidateAll()
    }

    /** How many entries the store holds now (an estimate while entries are being evicted). */
    public val size: Long get() = entries.estimatedSize()

    /** Runs the evictions and expiries that are due now (Caffeine otherwise runs them as it is used). */
    public fun cleanUp() {
        entries.cleanUp()
    }

    override fun toString(): String =
        "MemoryCacheStore(" + (maximumBytes?.let { "at most $it bytes" } ?: "at most $maximumEntries entries") + ")"

    private class Entry(val bytes: ByteArray, val ttlNanos: Long)

    private object EntryExpiry : Expiry<String, Entry> {
        override fun expireAfterCreate(key: String, value: Entry, currentTime: Long): Long = value.ttlNanos

        override fun expireAfterUpdate(key: String, value: Entry, currentTime: Long, currentDuration: Long): Long = value.ttlNanos

        override fun expireAfterRead(key: String, value: Entry, currentTime: Long, currentDuration: Long): Long = currentDuration
    }

    /** Configures a [MemoryCacheStore]. */
    public class Builder internal constructor() {
        internal var maximumEntries: Long = DEFAULT_MAXIMUM_ENTRIES
        internal var maximumBytes: Long? = null

        /** At most [value] entries ([DEFAULT_MAXIMUM_ENTRIES] by default). */
        public fun maximumEntries(value: Long): Builder = apply {
            require(value > 0) { "maximumEntries must be positive (got $value)" }
            maximumEntries = value
            maximumBytes = null
        }

        /** At most [value] bytes of keys and entries in all, instead of a number of entries. */
        public fun maximumBytes(value: Long): Builder = apply {
            require(value > 0) { "maximumBytes must be positive (got $value)" }
            maximumBytes = value
        }

        /** The store. */
        public fun build(): MemoryCacheStore = MemoryCacheStore(this)
    }

    /** Factories and defaults. */
    public companion object {
        /** The number of entries a store holds at most unless told otherwise. */
        public const val DEFAULT_MAXIMUM_ENTRIES: Long = 10_000

        private val NONE: CompletionStage<ByteArray?> = CompletableFuture.completedStage(null)
        private val DONE: CompletionStage<Void?> = CompletableFuture.completedStage(null)

        /** A builder with the defaults. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** A store of at most [DEFAULT_MAXIMUM_ENTRIES] entries. */
        @JvmStatic
        public fun create(): MemoryCacheStore = Builder().build()
    }
}

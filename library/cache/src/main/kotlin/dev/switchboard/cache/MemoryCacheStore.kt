package dev.switchboard.cache

import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock

/**
 * A [CacheStore] in this process's memory: bounded by a number of entries or by their total size in bytes (keys as
 * two bytes a character, plus the entries' bytes), the least recently used entries going first, each entry dropped
 * when its TTL has passed. Entries are lost when the process ends; use [DiskCacheStore] to keep them,
 * `RedisCacheStore` to share them.
 *
 * One lock guards a map in access order: every operation is a few map steps under it, far below the cost of the
 * model call a hit saves, so no concurrent cache library is needed (Caffeine was one; it added 1.1 MB to every user's
 * classpath for nothing a response cache can measure).
 *
 * Every method completes at once, on the caller's thread. The arrays [get] returns are the stored ones: read them,
 * do not change them.
 */
public class MemoryCacheStore private constructor(builder: Builder) : CacheStore {
    private val maximumEntries = builder.maximumEntries
    private val maximumBytes = builder.maximumBytes
    private val lock = ReentrantLock()
    private val entries = LinkedHashMap<String, Entry>(16, 0.75f, true)
    private var bytes = 0L

    override fun get(key: String): CompletionStage<ByteArray?> {
        val now = System.nanoTime()
        val found = lock.withLock {
            val entry = entries[key] ?: return NONE
            if (entry.expired(now)) {
                drop(key)
                return NONE
            }
            entry.bytes
        }
        return CompletableFuture.completedStage(found)
    }

    override fun put(key: String, value: ByteArray, ttl: Duration?): CompletionStage<Void?> {
        val ttlNanos = ttl?.toNanos() ?: Long.MAX_VALUE
        val entry = Entry(value, weight(key, value), if (ttlNanos == Long.MAX_VALUE) Long.MAX_VALUE else System.nanoTime() + ttlNanos)
        lock.withLock {
            entries.put(key, entry)?.let { bytes -= it.weight }
            bytes += entry.weight
            evict()
        }
        return DONE
    }

    override fun remove(key: String): CompletionStage<Void?> {
        lock.withLock { drop(key) }
        return DONE
    }

    /** Drops every entry. */
    override fun close() {
        lock.withLock {
            entries.clear()
            bytes = 0
        }
    }

    /** How many entries the store holds now (expired ones included until [cleanUp] or a read finds them). */
    public val size: Long get() = lock.withLock { entries.size.toLong() }

    /** Drops the entries whose TTL has passed (reads drop those they find; this drops the rest). */
    public fun cleanUp() {
        val now = System.nanoTime()
        lock.withLock {
            val i = entries.entries.iterator()
            while (i.hasNext()) {
                val e = i.next()
                if (e.value.expired(now)) {
                    bytes -= e.value.weight
                    i.remove()
                }
            }
        }
    }

    override fun toString(): String =
        "MemoryCacheStore(" + (maximumBytes?.let { "at most $it bytes" } ?: "at most $maximumEntries entries") + ")"

    /** Under [lock]: drops the least recently used entries while the store is over its bound. */
    private fun evict() {
        val i = entries.entries.iterator()
        val limit = maximumBytes
        while (i.hasNext() && (if (limit != null) bytes > limit else entries.size > maximumEntries)) {
            bytes -= i.next().value.weight
            i.remove()
        }
    }

    /** Under [lock]: removes [key]'s entry. */
    private fun drop(key: String) {
        entries.remove(key)?.let { bytes -= it.weight }
    }

    private fun weight(key: String, value: ByteArray): Long = key.length * 2L + value.size

    private class Entry(val bytes: ByteArray, val weight: Long, private val expiresAt: Long) {
        fun expired(now: Long): Boolean = expiresAt != Long.MAX_VALUE && now - expiresAt >= 0
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

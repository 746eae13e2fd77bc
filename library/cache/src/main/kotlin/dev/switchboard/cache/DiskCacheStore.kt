package dev.switchboard.cache

import org.h2.mvstore.DataUtils
import org.h2.mvstore.MVMap
import org.h2.mvstore.MVStore
import org.h2.mvstore.MVStoreException
import java.nio.ByteBuffer
import java.nio.file.Files
import java.nio.file.Path
import java.time.Clock
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage

/**
 * A [CacheStore] in one file on disk that survives a restart, on H2's MVStore: an embedded, single-file key-value
 * store with no dependencies (0.35 MB), an append-only format that a crash cannot corrupt (at worst the writes of
 * the last second are lost), concurrent maps, and an exclusive lock on the file. Why this one: a directory of files
 * has no lock against a second process and costs a file per answer; SQLite needs native code; a full database is more
 * than a cache needs.
 *
 * One store may serve every client and thread of a process. A second store on the same file — in another process,
 * or in this one — is refused with an [IllegalStateException] that says so: open the file once and share the store.
 * Entries are bounded by [Builder.maximumEntries] (the oldest written go first) and dropped once their TTL has passed.
 * Writes are committed to the file within a second, and on [close]; close the store when the application stops.
 *
 * Every method runs at once on the caller's thread (MVStore reads from its page cache; writes append to a buffer)
 * and returns a completed stage.
 */
public class DiskCacheStore private constructor(
    /** The file the entries are kept in. */
    public val path: Path,
    private val maximumEntries: Long,
    private val clock: Clock,
) : CacheStore {
    private val store: MVStore = openFile(path)
    /** Key → expiry (epoch millis, 0: none), write sequence, and the entry's bytes. */
    private val entries: MVMap<String, ByteArray> = store.openMap("entries")
    /** Write sequence → key, oldest first: the eviction order. */
    private val order: MVMap<Long, String> = store.openMap("order")
    private val lock = Any()
    private var sequence: Long = order.lastKey()?.plus(1) ?: 0L

    override fun get(key: String): CompletionStage<ByteArray?> {
        val stored = entries[key] ?: return NONE
        val buffer = ByteBuffer.wrap(stored)
        val expiresAt = buffer.getLong()
        if (expiresAt != 0L && expiresAt <= clock.millis()) {
            remove(key)
            return NONE
        }
        return CompletableFuture.completedStage(stored.copyOfRange(HEADER, stored.size))
    }

    override fun put(key: String, value: ByteArray, ttl: Duration?): CompletionStage<Void?> {
        val expiresAt = if (ttl == null) 0L else clock.millis() + maxOf(1L, ttl.toMillis())
        synchronized(lock) {
            val seq = sequence++
            val stored = ByteBuffer.allocate(HEADER + value.size).putLong(expiresAt).putLong(seq).put(value).array()
            entries.put(key, stored)?.let { previous -> order.remove(ByteBuffer.wrap(previous).getLong(8)) }
            order[seq] = key
            while (entries.size > maximumEntries) {
                val oldest = order.firstKey() ?: break
                order.remove(oldest)?.let { entries.remove(it) }
            }
        }
        return DONE
    }

    override fun remove(key: String): CompletionStage<Void?> {
        synchronized(lock) {
            entries.remove(key)?.let { previous -> order.remove(ByteBuffer.wrap(previous).getLong(8)) }
        }
        return DONE
    }

    /** How many entries the file holds (expired ones included until they are read or evicted). */
    public val size: Long get() = entries.sizeAsLong()

    /** Commits what was written and closes the file, releasing its lock. */
    override fun close() {
        synchronized(lock) {
            if (!store.isClosed) store.close()
        }
    }

    override fun toString(): String = "DiskCacheStore($path, at most $maximumEntries entries)"

    /** Configures a [DiskCacheStore]. */
    public class Builder internal constructor(internal val path: Path) {
        internal var maximumEntries: Long = DEFAULT_MAXIMUM_ENTRIES
        internal var clock: Clock = Clock.systemUTC()

        /** At most [value] entries ([DEFAULT_MAXIMUM_ENTRIES] by default); the oldest written go first. */
        public fun maximumEntries(value: Long): Builder = apply {
            require(value > 0) { "maximumEntries must be positive (got $value)" }
            maximumEntries = value
        }

        /** The clock that checks TTLs; the system's by default. */
        public fun clock(value: Clock): Builder = apply { clock = value }

        /**
         * Opens the store, creating the file and its directories when missing.
         *
         * @throws IllegalStateException when another store (in any process) has the file open, or it is not a store.
         * @throws java.io.UncheckedIOException when the directory cannot be created.
         */
        public fun open(): DiskCacheStore = DiskCacheStore(path, maximumEntries, clock)
    }

    /** Factories and defaults. */
    public companion object {
        /** The number of entries a store holds at most unless told otherwise. */
        public const val DEFAULT_MAXIMUM_ENTRIES: Long = 100_000

        /** Expiry and write sequence, before each entry's bytes. */
        private const val HEADER = 16
        private val NONE: CompletionStage<ByteArray?> = CompletableFuture.completedStage(null)
        private val DONE: CompletionStage<Void?> = CompletableFuture.completedStage(null)

        /** A builder of a store in the file [path]. */
        @JvmStatic
        public fun builder(path: Path): Builder = Builder(path)

        /**
         * Opens the store in the file [path] with the defaults.
         *
         * @throws IllegalStateException when another store (in any process) has the file open, or it is not a store.
         */
        @JvmStatic
        public fun open(path: Path): DiskCacheStore = Builder(path).open()

        private fun openFile(path: Path): MVStore {
            path.toAbsolutePath().parent?.let { dir ->
                try {
                    Files.createDirectories(dir)
                } catch (e: java.io.IOException) {
                    throw java.io.UncheckedIOException("Could not create the directory of the disk cache $path: ${e.message}", e)
                }
            }
            return try {
                MVStore.Builder().fileName(path.toString()).compress().open()
            } catch (e: MVStoreException) {
                if (e.errorCode == DataUtils.ERROR_FILE_LOCKED) {
                    throw IllegalStateException(
                        "The disk cache $path is in use by another DiskCacheStore, in this process or another: " +
                            "a cache file can be open once; share that store, or give this one another file",
                        e,
                    )
                }
                throw IllegalStateException("Could not open the disk cache $path: ${e.message}", e)
            }
        }
    }
}

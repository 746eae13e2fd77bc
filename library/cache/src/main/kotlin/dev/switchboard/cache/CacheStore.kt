package dev.switchboard.cache

import java.time.Duration
import java.util.concurrent.CompletionStage

/**
 * Where a [ChatCompletionCache] keeps its entries: opaque bytes under string keys (the cache chooses both; a key is
 * a hash, never a prompt or a credential). Built in: [MemoryCacheStore] (in memory, least recently used first), [DiskCacheStore] (H2 MVStore) and,
 * in `switchboard-redis`, `RedisCacheStore`; write your own for another back end, in Kotlin or Java.
 *
 * Every method returns a stage so that a networked store never blocks the caller; a local one may return a completed
 * stage. The cache treats a stage that fails (or a method that throws) as a miss on [get] and as nothing stored on
 * [put]: it logs the failure at WARN and the call goes on through the wrapped client, so a store that goes away
 * never fails a call. The cache checks the entries it reads (a corrupt or foreign one is skipped, never returned),
 * so a store need not.
 *
 * Implementations are safe for concurrent use.
 */
public interface CacheStore : AutoCloseable {
    /** The bytes stored under [key], or null (in the stage) when there are none or they expired. */
    public fun get(key: String): CompletionStage<ByteArray?>

    /**
     * Stores [value] under [key], replacing what was there. [ttl] is how long the entry may be served (null: as long
     * as the store keeps it); a store that can should drop it after that, and the cache never serves it later anyway.
     */
    public fun put(key: String, value: ByteArray, ttl: Duration?): CompletionStage<Void?>

    /** Drops the entry under [key], if there is one. */
    public fun remove(key: String): CompletionStage<Void?>

    /** Releases what the store holds open (files, connections). The default does nothing. */
    override fun close() {}
}

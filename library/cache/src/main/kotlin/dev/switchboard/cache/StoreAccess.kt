package dev.switchboard.cache

import dev.switchboard.replay.Recording
import kotlinx.coroutines.future.await
import org.slf4j.Logger
import org.slf4j.LoggerFactory
import kotlin.coroutines.cancellation.CancellationException

/**
 * Reads and writes a cache's entries: what the store fails with is logged and taken as a miss (or as nothing stored),
 * entries that cannot be read or have expired are never returned. Only a cancellation of the caller passes through.
 */
internal class StoreAccess(private val cache: ChatCompletionCache) {
    private val store = cache.store

    /** The answer stored under [key], or null: none, expired, unreadable, or the store failed. */
    suspend fun get(key: String): Recording? {
        val bytes = try {
            store.get(key).await()
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            LOG.warn("The cache store {} failed to read an entry; asking the provider instead: {}", store, e.toString())
            return null
        } ?: return null
        return when (val decoded = CacheEntries.decode(bytes)) {
            is CacheEntries.Decoded.Corrupt -> {
                LOG.warn("Skipped the cache entry {}: {}", key, decoded.why)
                null
            }
            is CacheEntries.Decoded.Entry -> if (decoded.expired(cache.clock.millis())) null else decoded.recording
        }
    }

    /** Stores [recording] under [key] for the cache's TTL; a failure is logged, not thrown. */
    suspend fun put(key: String, recording: Recording) {
        val ttl = cache.ttl
        val expiresAt = if (ttl == null) 0L else cache.clock.millis() + ttl.toMillis()
        try {
            store.put(key, CacheEntries.encode(recording, expiresAt), ttl).await()
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            LOG.warn("The cache store {} failed to keep an answer; the call goes on: {}", store, e.toString())
        }
    }

    private companion object {
        val LOG: Logger = LoggerFactory.getLogger("dev.switchboard.cache")
    }
}

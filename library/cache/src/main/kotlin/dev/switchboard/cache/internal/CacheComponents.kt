@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.cache.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.cache.CacheStore
import dev.switchboard.cache.ChatCompletionCache
import dev.switchboard.cache.DiskCacheStore
import dev.switchboard.cache.MemoryCacheStore
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.spi.SwitchboardSpi
import java.io.IOException

/** Cache stores, as documents name them (`memory`, `disk`, and `redis` from `switchboard-redis`). */
internal val CACHE_STORE: ComponentKind<CacheStore> = ComponentKind("cache store", CacheStore::class.java)

/**
 * `cache`: `client` behind a [ChatCompletionCache] over `store` (default `{provider: memory}`), with `ttl` and
 * `coalesce`. The store belongs to the document: closing the client closes it.
 */
internal class CacheComponent : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "cache"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val store = context.componentOrNull(config, "store", CACHE_STORE) ?: MemoryCacheStore.create().also(context::closeOnFailure)
        val b = ChatCompletionCache.builder(store)
        config.durationOrNull("ttl")?.let { if (it.isZero || it.isNegative) config.fail("ttl", "expected a positive duration"); b.ttl(it) }
        config.booleanOrNull("coalesce")?.let { b.coalesce(it) }
        val client = context.component(config, "client", ComponentKind.CLIENT)
        return context.closingWith(b.build().wrap(client), store)
    }
}

/** `memory`: a cache store in this JVM's heap, bounded by `maximum_entries` or `maximum_bytes`. */
internal class MemoryStoreComponent : ComponentProvider<CacheStore> {
    override val kind = CACHE_STORE
    override val name = "memory"

    override fun create(config: ConfigNode, context: ConfigContext): CacheStore {
        val b = MemoryCacheStore.builder()
        val entries = config.longOrNull("maximum_entries")
        val bytes = config.longOrNull("maximum_bytes")
        if (entries != null && bytes != null) config.fail("maximum_bytes", "give either maximum_entries or maximum_bytes, not both")
        entries?.let { if (it <= 0) config.fail("maximum_entries", "expected a positive number"); b.maximumEntries(it) }
        bytes?.let { if (it <= 0) config.fail("maximum_bytes", "expected a positive number"); b.maximumBytes(it) }
        return b.build()
    }
}

/** `disk`: a cache store in the directory `path` (relative to the document), bounded by `maximum_entries`. */
internal class DiskStoreComponent : ComponentProvider<CacheStore> {
    override val kind = CACHE_STORE
    override val name = "disk"

    override fun create(config: ConfigNode, context: ConfigContext): CacheStore {
        val path = context.resolve(config.string("path", "the cache's directory"))
        val b = DiskCacheStore.builder(path)
        config.longOrNull("maximum_entries")?.let { if (it <= 0) config.fail("maximum_entries", "expected a positive number"); b.maximumEntries(it) }
        return try {
            b.open()
        } catch (e: IOException) {
            config.fail("path", "cannot open a disk cache at $path (${e.javaClass.simpleName}: ${e.message?.take(120)})")
        }
    }
}

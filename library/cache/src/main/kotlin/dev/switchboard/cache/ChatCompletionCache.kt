package dev.switchboard.cache

import dev.switchboard.ChatCompletionClient
import dev.switchboard.CreateRequest
import java.time.Clock
import java.time.Duration

/**
 * A response cache for any [ChatCompletionClient], as AutoGen's `ChatCompletionCache`: [wrap] makes a client that
 * answers a request it has seen from its [CacheStore], and asks the wrapped client otherwise. Kotlin:
 * `client.cached(cache)`; Java: `cache.wrap(client)`, or `switchboardClient.cached(cache)` in the facade.
 *
 * What it keeps, and when:
 * - **Key**: a SHA-256 of everything that changes the answer — the client's provider, endpoint (its URL, without
 *   credentials) and model, and the request's messages, tools, options, extra body and extra headers — never of a
 *   credential; see [keyOf]. Requests that differ in anything else the provider sees get different keys.
 * - **Hits**: the stored result with `cached = true`. It counts in the wrapper's `totalUsage` but not in its
 *   `actualUsage` (no tokens were spent). A `createStream` hit replays the stored events one by one, in order, tool
 *   call deltas included, ending with `Completed`; a `create` and a `createStream` of the same request answer each
 *   other (a result stored by `create` is replayed as the events it is made of).
 * - **Stores**: an answer is stored once it is complete: a stream when its `Completed` event arrives, before it is
 *   passed on. Nothing is stored for a failure, an interrupted stream, a cancelled call or a stream whose collector
 *   stopped before `Completed`.
 * - **Per request**: [CreateRequest.responseCache] bypasses the cache or refreshes an entry.
 * - **TTL**: entries are served for [Builder.ttl] at most (by default as long as the store keeps them).
 * - **Concurrent identical requests**: with [Builder.coalesce], a request that arrives while the same one is on its
 *   way to the provider waits for that call and is answered from it (a stream is then replayed once the first one
 *   completed); if that call fails or is cancelled, each waiting request asks the provider itself.
 * - **Store failures** never fail a call: a store that throws or fails is a miss (or nothing stored), logged at WARN
 *   on the logger `dev.switchboard.cache`; an entry that cannot be read (corrupt, foreign, of another version) is
 *   skipped, logged, and replaced by the next answer.
 *
 * The stream's promises are kept: cold, last event `Completed`, failures passed on unchanged, cancellation passed to
 * the wrapped client (closing its connection). Safe for concurrent use; one cache may wrap several clients, which then
 * share entries only where their keys are equal (same provider, endpoint, model and request).
 */
public class ChatCompletionCache private constructor(builder: Builder) {
    /** Where entries are kept. Not closed by the cache or its clients: close it when done with it. */
    public val store: CacheStore = builder.store

    /** How long an entry is served; null when entries are kept as long as the store keeps them. */
    public val ttl: Duration? = builder.ttl

    /** Whether concurrent identical requests are served by one call of the wrapped client. */
    public val isCoalesce: Boolean = builder.coalesce

    internal val clock: Clock = builder.clock
    internal val inFlight = InFlight()

    /**
     * [client] behind this cache: a client whose calls are answered from the store when it has the answer. Every
     * other member is [client]'s, but for [ChatCompletionClient.totalUsage], which adds the usage of cache hits;
     * closing it closes [client] (not the store).
     */
    public fun wrap(client: ChatCompletionClient): ChatCompletionClient = CachingChatCompletionClient(client, this)

    /**
     * The key [request] is stored under when sent through [client]: 64 hex digits of a SHA-256 (see the class
     * documentation for what goes into it). A store may add a prefix of its own.
     */
    public fun keyOf(client: ChatCompletionClient, request: CreateRequest): String = CacheKeys.of(client, request)

    override fun toString(): String = "ChatCompletionCache($store, ttl=$ttl, coalesce=$isCoalesce)"

    /** Configures a [ChatCompletionCache]. */
    public class Builder internal constructor(internal val store: CacheStore) {
        internal var ttl: Duration? = null
        internal var coalesce: Boolean = false
        internal var clock: Clock = Clock.systemUTC()

        /** How long an entry is served after it was stored; null (the default) for as long as the store keeps it. */
        public fun ttl(value: Duration?): Builder = apply {
            require(value == null || (!value.isNegative && !value.isZero)) { "The TTL must be positive (got $value)" }
            ttl = value
        }

        /** Whether concurrent identical requests are served by one call of the wrapped client; false by default. */
        public fun coalesce(value: Boolean): Builder = apply { coalesce = value }

        /** The clock that dates entries and checks their TTL; the system's by default (tests pass their own). */
        public fun clock(value: Clock): Builder = apply { clock = value }

        /** The cache. */
        public fun build(): ChatCompletionCache = ChatCompletionCache(this)
    }

    /** Factories of [ChatCompletionCache]. */
    public companion object {
        /** A builder of a cache over [store]. */
        @JvmStatic
        public fun builder(store: CacheStore): Builder = Builder(store)

        /** A cache over [store] with the defaults: no TTL of its own, no coalescing. */
        @JvmStatic
        public fun of(store: CacheStore): ChatCompletionCache = Builder(store).build()
    }
}

/** This client behind [cache]; see [ChatCompletionCache.wrap]. */
@JvmSynthetic
public fun ChatCompletionClient.cached(cache: ChatCompletionCache): ChatCompletionClient = cache.wrap(this)

/** This client behind a cache over [store] with the defaults; see [ChatCompletionCache]. */
@JvmSynthetic
public fun ChatCompletionClient.cached(store: CacheStore): ChatCompletionClient = ChatCompletionCache.of(store).wrap(this)

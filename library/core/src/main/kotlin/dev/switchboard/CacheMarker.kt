package dev.switchboard

import java.time.Duration
import kotlin.time.toJavaDuration

/**
 * Asks the provider to cache the prompt up to and including the item that carries this marker: a
 * [SystemMessage], a message of the conversation, or a [Tool] (tools come before the messages in the
 * prompt). Later requests that start with the same prefix then read it from the cache, which is cheaper
 * and faster; [RequestUsage.cacheWriteTokens] and [RequestUsage.cachedTokens] report what happened.
 *
 * Providers with explicit cache breakpoints (Anthropic's `cache_control`) send it; providers that cache
 * prefixes on their own (OpenAI) have no use for it and leave it out. [ttl] is how long the entry should
 * live; null takes the provider's default (five minutes at Anthropic). A provider that cannot keep an entry
 * for the asked [ttl] rejects the request with a [BadRequestException] before sending it.
 */
public class CacheMarker @JvmOverloads constructor(
    /** How long the cache entry should live, or null for the provider's default. */
    public val ttl: Duration? = null,
) {
    init {
        require(ttl == null || !ttl.isNegative && !ttl.isZero) { "A cache TTL must be positive (got $ttl)" }
    }

    /** Factories and constants of [CacheMarker]. */
    public companion object {
        /** A marker with the provider's default lifetime. */
        @JvmField public val DEFAULT: CacheMarker = CacheMarker()

        /** A marker asking for an entry that lives [ttl]. */
        @JvmStatic public fun withTtl(ttl: Duration): CacheMarker = CacheMarker(ttl)

        /** A marker asking for an entry that lives [ttl]. */
        @JvmSynthetic public fun withTtl(ttl: kotlin.time.Duration): CacheMarker = CacheMarker(ttl.toJavaDuration())
    }

    override fun equals(other: Any?): Boolean =
        this === other || other is CacheMarker &&
        ttl == other.ttl

    override fun hashCode(): Int = (ttl?.hashCode() ?: 0)

    override fun toString(): String = "CacheMarker(ttl=$ttl)"
}

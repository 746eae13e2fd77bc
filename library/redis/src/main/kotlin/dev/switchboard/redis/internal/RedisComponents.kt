@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.redis.internal

import dev.switchboard.cache.CacheStore
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.ratelimit.RateLimitStore
import dev.switchboard.redis.RedisCacheStore
import dev.switchboard.redis.RedisRateLimitStore
import dev.switchboard.spi.SwitchboardSpi
import java.time.Duration

private fun ConfigNode.redisUri(): String =
    urlOrNull("uri")?.takeIf { it.isNotEmpty() } ?: fail("uri", "missing (expected a Redis URI such as redis://localhost:6379, or \${REDIS_URL})")

private fun ConfigNode.positiveDuration(key: String): Duration? =
    durationOrNull(key)?.also { if (it.isZero || it.isNegative) fail(key, "expected a positive duration") }

/** `redis`, a cache store: `uri` (secret when it holds a password), `key_prefix`, `command_timeout`. */
internal class RedisCacheStoreComponent : ComponentProvider<CacheStore> {
    override val kind = ComponentKind("cache store", CacheStore::class.java)
    override val name = "redis"

    override fun create(config: ConfigNode, context: ConfigContext): CacheStore {
        val b = RedisCacheStore.builder(config.redisUri())
        config.stringOrNull("key_prefix")?.let { b.keyPrefix(it) }
        config.positiveDuration("command_timeout")?.let { b.commandTimeout(it) }
        return b.build()
    }
}

/**
 * `redis`, a rate-limit store shared by every process using the same Redis: `uri`, `key_prefix`,
 * `command_timeout`, `keep_after_refill`.
 */
internal class RedisRateLimitStoreComponent : ComponentProvider<RateLimitStore> {
    override val kind = ComponentKind.RATE_LIMIT_STORE
    override val name = "redis"

    override fun create(config: ConfigNode, context: ConfigContext): RateLimitStore {
        val b = RedisRateLimitStore.builder(config.redisUri())
        config.stringOrNull("key_prefix")?.let { b.keyPrefix(it) }
        config.positiveDuration("command_timeout")?.let { b.commandTimeout(it) }
        config.positiveDuration("keep_after_refill")?.let { b.keepAfterRefill(it) }
        return b.build()
    }
}

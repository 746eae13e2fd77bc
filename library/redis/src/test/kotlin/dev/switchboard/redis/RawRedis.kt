package dev.switchboard.redis

import io.lettuce.core.RedisClient
import io.lettuce.core.api.sync.RedisCommands
import io.lettuce.core.codec.ByteArrayCodec
import io.lettuce.core.codec.RedisCodec
import io.lettuce.core.codec.StringCodec

/**
 * Runs [block] on a plain Lettuce connection (String keys, byte-array values, blocking commands) to the Redis at
 * [uri], bypassing any store: to read what a store wrote under its real key, or to write what no store would.
 */
fun <T> rawRedis(uri: String, block: (RedisCommands<String, ByteArray>) -> T): T {
    val client = RedisClient.create(uri)
    try {
        client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)).use { return block(it.sync()) }
    } finally {
        client.shutdown()
    }
}

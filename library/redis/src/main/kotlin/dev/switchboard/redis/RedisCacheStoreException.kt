package dev.switchboard.redis

/**
 * The failure a [RedisCacheStore] completes a stage with: its message names the command (`GET`, `SET`, `DEL`) and the
 * Redis endpoint (host and port, never a password); its [cause] is Lettuce's exception (such as
 * `RedisConnectionException` when no connection could be made, `RedisCommandTimeoutException` when Redis did not
 * answer within the command timeout, or a `RedisException` for a command rejected while Redis is away). It has no
 * cause when the store was already closed.
 *
 * A `ChatCompletionCache` treats it as any store failure: a miss on a read, nothing stored on a write, logged at WARN.
 */
public class RedisCacheStoreException internal constructor(message: String, cause: Throwable?) :
    RuntimeException(message, cause)

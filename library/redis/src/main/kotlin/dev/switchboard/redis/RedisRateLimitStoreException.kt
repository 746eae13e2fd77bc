package dev.switchboard.redis

/**
 * The failure a [RedisRateLimitStore] completes a bucket operation with, and so the failure of a call admitted by a
 * shared `RateLimiter` over that store while Redis cannot be used: the call fails with it before anything is sent to
 * the provider (it is not a `SwitchboardException`: the provider was not asked).
 *
 * Its message names the bucket's Redis key and the Redis endpoint (host and port, never a password); its [cause] is
 * what failed: Lettuce's exception (`RedisConnectionException` when no connection could be made,
 * `RedisCommandTimeoutException` when Redis did not answer within the command timeout, a `RedisException` for a
 * command rejected while Redis is away), Bucket4j's `TimeoutException` or a `java.util.concurrent.TimeoutException`
 * when the operation as a whole (its reads, writes and compare-and-swap retries) outlasted the command timeout. It
 * has no cause when the store was already closed.
 */
public class RedisRateLimitStoreException internal constructor(message: String, cause: Throwable?) :
    RuntimeException(message, cause)

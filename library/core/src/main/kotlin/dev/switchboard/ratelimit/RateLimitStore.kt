package dev.switchboard.ratelimit

import io.github.bucket4j.BucketConfiguration

/**
 * Where shared budgets are kept: the buckets of a [RateLimiter] made by [RateLimiter.shared], so that every limiter
 * with the same store and name spends one budget, in this process and in others. `switchboard-redis` has one over
 * Redis (`RedisRateLimitStore`); a limiter made by [RateLimiter.of] keeps its buckets in its own memory instead.
 *
 * Implementations are safe for concurrent use and do not block in [bucket]. A store that fails completes a bucket's
 * future exceptionally, preferably with an exception of its own that names the store; the limiter passes it on as it
 * is (see [RateLimiter] on a store that fails).
 */
public fun interface RateLimitStore {
    /**
     * The bucket stored under [key], created with [configuration] (one Bucket4j bandwidth: the limit's capacity and
     * refill) the first time it is used. When a bucket is already stored under [key], its configuration is the one
     * stored, whatever [configuration] says. Called once per limit when a limiter is made; the bucket is used for the
     * limiter's lifetime.
     */
    public fun bucket(key: String, configuration: BucketConfiguration): RateLimitBucket
}

package dev.switchboard.ratelimit

import java.util.concurrent.CompletableFuture

/**
 * The token bucket of one [RateLimit], as a [RateLimitStore] keeps it: in this JVM, or shared through a server
 * (`switchboard-redis` keeps it in Redis). What a [RateLimiter] asks of a bucket; a store author implements it, a
 * user never calls it. The operations are Bucket4j's (`AsyncBucketProxy`), and so are their semantics: a balance that
 * refills over time up to the limit's capacity, and that may go below zero (a reservation or an overdraft to be paid
 * back by the refill before the next call is admitted).
 *
 * Every method starts its operation and returns at once, without blocking the caller: the future completes when the
 * operation is done, exceptionally when the store failed. The limiter never cancels these futures.
 */
public interface RateLimitBucket {
    /**
     * Takes [tokens] if the balance holds them: completes with 0 when taken, else with the nanoseconds until it would
     * hold them, nothing taken.
     */
    public fun tryConsume(tokens: Long): CompletableFuture<Long>

    /**
     * Takes [tokens] whatever the balance, which may go below zero: completes with the nanoseconds until the balance,
     * before this, would have held them (0 when it did); a reservation to wait for, or an overdraft.
     */
    public fun consumeIgnoringRateLimits(tokens: Long): CompletableFuture<Long>

    /** Gives back [tokens]: the balance grows by them, up to the limit's capacity. */
    public fun addTokens(tokens: Long): CompletableFuture<*>

    /** Completes with 0 when the balance holds [tokens] now, else with the nanoseconds until it would; takes nothing. */
    public fun estimateAbilityToConsume(tokens: Long): CompletableFuture<Long>

    /** Completes with the balance now: what may be taken at once; negative while reservations are being paid back. */
    public fun getAvailableTokens(): CompletableFuture<Long>
}

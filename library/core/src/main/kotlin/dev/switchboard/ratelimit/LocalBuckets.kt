package dev.switchboard.ratelimit

import io.github.bucket4j.Bandwidth
import io.github.bucket4j.Bucket
import io.github.bucket4j.BucketConfiguration
import io.github.bucket4j.TimeMeter
import io.github.bucket4j.local.LocalBucket
import java.time.Clock
import java.util.concurrent.CompletableFuture

/** The Bucket4j configuration of [limit]: capacity [RateLimit.amount], refilled greedily over [RateLimit.period]. */
internal fun configurationOf(limit: RateLimit): BucketConfiguration = BucketConfiguration.builder()
    .addLimit(Bandwidth.builder().capacity(limit.amount).refillGreedy(limit.amount, limit.period).id(limit.key).build())
    .build()

/** [clock] as Bucket4j's time source: wall-clock based, as every process sharing a bucket must read the same time. */
internal fun timeMeterOf(clock: Clock): TimeMeter = object : TimeMeter {
    override fun currentTimeNanos(): Long {
        val now = clock.instant()
        return now.epochSecond * 1_000_000_000L + now.nano
    }

    override fun isWallClockBased(): Boolean = true

    override fun toString(): String = "TimeMeter($clock)"
}

/** The buckets of a limiter made by [RateLimiter.of]: in its own memory, lock-free, read against [clock]. */
internal class LocalBuckets(clock: Clock) : RateLimitStore {
    private val time = timeMeterOf(clock)

    override fun bucket(key: String, configuration: BucketConfiguration): RateLimitBucket {
        val builder = Bucket.builder().withCustomTimePrecision(time)
        configuration.bandwidths.forEach { builder.addLimit(it) }
        return LocalBucketAdapter(builder.build())
    }

    override fun toString(): String = "LocalBuckets"
}

/** A [LocalBucket] behind [RateLimitBucket]: every operation done at once, its future already complete. */
private class LocalBucketAdapter(private val bucket: LocalBucket) : RateLimitBucket {
    override fun tryConsume(tokens: Long): CompletableFuture<Long> {
        val probe = bucket.tryConsumeAndReturnRemaining(tokens)
        return done(if (probe.isConsumed) 0L else probe.nanosToWaitForRefill.coerceAtLeast(1))
    }

    override fun consumeIgnoringRateLimits(tokens: Long): CompletableFuture<Long> = done(bucket.consumeIgnoringRateLimits(tokens))

    override fun addTokens(tokens: Long): CompletableFuture<*> = done(bucket.addTokens(tokens))

    override fun estimateAbilityToConsume(tokens: Long): CompletableFuture<Long> {
        val probe = bucket.estimateAbilityToConsume(tokens)
        return done(if (probe.canBeConsumed()) 0L else probe.nanosToWaitForRefill.coerceAtLeast(1))
    }

    override fun getAvailableTokens(): CompletableFuture<Long> = done(bucket.availableTokens)

    private fun <T> done(value: T): CompletableFuture<T> = CompletableFuture.completedFuture(value)
}

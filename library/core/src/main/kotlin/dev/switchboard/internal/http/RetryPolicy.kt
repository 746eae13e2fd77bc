package dev.switchboard.internal.http

import java.time.Duration
import java.util.concurrent.ThreadLocalRandom

/**
 * Exponential backoff with full jitter: the n-th retry (from 0) waits a uniformly random time in
 * `[0, min(max, initial × 2ⁿ))`. A server's `Retry-After` replaces the computed delay, capped at [max].
 */
internal class RetryPolicy(
    initial: Duration,
    max: Duration,
    private val random: () -> Double = { ThreadLocalRandom.current().nextDouble() },
) {
    private val initialMs = initial.toMillis().coerceAtLeast(1)
    private val maxMs = max.toMillis().coerceAtLeast(1)
    private val maxDuration = Duration.ofMillis(maxMs)

    /** Milliseconds to wait before retry number [retry] (0 for the first retry). */
    fun delayMillis(retry: Int, retryAfter: Duration?): Long {
        if (retryAfter != null) {
            // Compared as durations: a huge Retry-After a codec read must not overflow toMillis().
            return if (retryAfter.isNegative) 0 else if (retryAfter > maxDuration) maxMs else retryAfter.toMillis()
        }
        val shift = retry.coerceIn(0, 40)
        val exp = if (initialMs > (Long.MAX_VALUE shr shift)) Long.MAX_VALUE else initialMs shl shift
        val ceiling = minOf(exp, maxMs)
        return (random() * ceiling).toLong().coerceIn(0, ceiling)
    }
}

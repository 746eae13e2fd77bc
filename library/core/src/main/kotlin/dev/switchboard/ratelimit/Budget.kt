package dev.switchboard.ratelimit

import dev.switchboard.ClientRateLimitException
import kotlinx.coroutines.future.await
import org.slf4j.LoggerFactory
import java.time.Duration
import java.util.concurrent.CompletableFuture

/** The logger of the rate limiter: store failures that could not fail a call (settling, learning) are logged here. */
internal val limiterLog = LoggerFactory.getLogger("dev.switchboard.ratelimit")

/** One limit and the bucket that keeps its balance. */
internal class LimitBucket(val limit: RateLimit, val bucket: RateLimitBucket)

/**
 * The buckets of a limiter and what is done with all of them at once. An amount is given per bucket, in the order of
 * [buckets]: 0 leaves a bucket out (Bucket4j takes only positive amounts).
 *
 * Taking is not atomic across buckets: what was taken from the first ones is given back when a later one refuses,
 * so another call may see those buckets lower for that moment (and wait longer), never higher than the limits allow.
 */
internal class Budget(private val limits: RateLimits, val buckets: List<LimitBucket>) {
    private val maxWaitNanos = limits.maxWait.toNanos()

    /**
     * Takes [amounts]: returns the nanoseconds to wait until they are paid (0 when they were there), or throws
     * [ClientRateLimitException] (nothing taken) when a bucket lacks them now while failing fast, or would make the
     * call wait longer than the max wait. Store failures are thrown as they are, after giving back what was taken.
     */
    suspend fun take(amounts: LongArray, provider: String): Long {
        var wait = 0L
        var taken = 0
        var refused = false
        try {
            while (taken < buckets.size && !refused) {
                val amount = amounts[taken]
                val bucket = buckets[taken].bucket
                when {
                    amount == 0L -> taken++
                    limits.isFailFast -> if (bucket.tryConsume(amount).await() == 0L) taken++ else refused = true
                    else -> {
                        val due = bucket.consumeIgnoringRateLimits(amount).await()
                        taken++
                        if (due > maxWaitNanos) refused = true else wait = maxOf(wait, due)
                    }
                }
            }
        } catch (e: Throwable) {
            try {
                give(amounts, taken)
            } catch (t: Throwable) {
                if (t !== e) e.addSuppressed(t)
            }
            throw e
        }
        if (!refused) return wait
        give(amounts, taken)
        throw refusal(amounts, provider)
    }

    /** Gives back [amounts] to the first [count] buckets. */
    suspend fun give(amounts: LongArray, count: Int = buckets.size) {
        for (i in 0 until count) if (amounts[i] > 0) buckets[i].bucket.addTokens(amounts[i]).await()
    }

    /** Takes [amount] more from bucket [index] whatever its balance (an overdraft), or gives back `-amount`. */
    suspend fun adjust(index: Int, amount: Long) {
        val bucket = buckets[index].bucket
        if (amount > 0) bucket.consumeIgnoringRateLimits(amount).await() else if (amount < 0) bucket.addTokens(-amount).await()
    }

    /** The nanoseconds until every bucket holds its amount of [amounts] (0 when they do now); takes nothing. */
    suspend fun estimate(amounts: LongArray): Long = waits(amounts).maxOrNull() ?: 0L

    /** Each bucket's last wait estimate that had to be waited for (a store's), for [estimateNow] to answer from. */
    private val lastWaits = java.util.concurrent.atomic.AtomicLongArray(buckets.size)

    /**
     * The nanoseconds until every bucket holds its amount of [amounts], without suspending or blocking: a bucket that
     * answers at once (a local one) is asked now; one whose answer takes a round trip (a store's) answers with its
     * previous estimate, and the new one is kept for the next ask. A store failure leaves the previous estimate.
     */
    fun estimateNow(amounts: LongArray): Long {
        var worst = 0L
        for (i in buckets.indices) {
            if (amounts[i] == 0L) continue
            val future = buckets[i].bucket.estimateAbilityToConsume(amounts[i])
            val wait = if (future.isDone && !future.isCompletedExceptionally) {
                future.join()
            } else {
                future.whenComplete { nanos, e -> if (e == null) lastWaits.set(i, nanos) }
                lastWaits.get(i)
            }
            worst = maxOf(worst, wait)
        }
        return worst
    }

    /** The balance of each bucket now. */
    suspend fun available(): List<Long> = buckets.map { it.bucket.getAvailableTokens().await() }

    /**
     * Takes [amount] from bucket [index] without waiting for the answer (an HTTP listener cannot suspend): a store
     * failure is logged, not thrown.
     */
    fun chargeLater(index: Int, amount: Long) {
        if (amount <= 0) return
        logFailure(buckets[index].bucket.consumeIgnoringRateLimits(amount), "charge", index)
    }

    /**
     * Lowers bucket [index] to [target] when it holds more, without waiting for the answer (an HTTP listener cannot
     * suspend): a store failure is logged, not thrown.
     */
    fun lowerLater(index: Int, target: Long) {
        val bucket = buckets[index].bucket
        val lowered = bucket.getAvailableTokens().thenCompose { now ->
            if (now > target) bucket.consumeIgnoringRateLimits(now - target) else CompletableFuture.completedFuture(0L)
        }
        logFailure(lowered, "tighten", index)
    }

    private fun logFailure(future: CompletableFuture<*>, what: String, index: Int) {
        future.whenComplete { _, e ->
            if (e != null) limiterLog.warn("Could not {} the rate limit {}: {}", what, buckets[index].limit, e.toString())
        }
    }

    private suspend fun waits(amounts: LongArray): List<Long> =
        buckets.indices.map { i -> if (amounts[i] == 0L) 0L else buckets[i].bucket.estimateAbilityToConsume(amounts[i]).await() }

    /** The refusal of a call needing [amounts]: it names the limit that frees last, and when. */
    private suspend fun refusal(amounts: LongArray, provider: String): ClientRateLimitException {
        val waits = waits(amounts)
        val worst = waits.indices.maxByOrNull { waits[it] } ?: 0
        val limit = buckets[worst].limit
        val retryAfter = Duration.ofNanos(waits[worst].coerceAtLeast(0))
        val freesAt = limits.clock.instant().plus(retryAfter)
        val why = if (limits.isFailFast) "the limiter fails fast" else "longer than its maxWait of ${seconds(limits.maxWait)}"
        return ClientRateLimitException(
            "The client-side rate limit of $limit is reached for $provider: the call would wait ${seconds(retryAfter)}, " +
                "$why (it frees at $freesAt)",
            provider, limit, retryAfter, freesAt,
        )
    }

    private fun seconds(d: Duration): String = "%.3f s".format(java.util.Locale.ROOT, d.toNanos() / 1e9)
}

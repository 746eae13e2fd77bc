package dev.switchboard.ratelimit

import dev.switchboard.HttpEventListener
import dev.switchboard.ResponseHeaders
import java.time.Duration

/**
 * The call-scoped HTTP listener of a limiter's calls (one for all of them: it keeps no state of a call). It counts
 * each transport retry as one more request, and, when learning, lowers the budget to what the provider's rate-limit
 * headers say is left (see [target]). Both are started without waiting for the store, as a listener must not suspend.
 */
internal class LimitListener(private val budget: Budget, private val limits: RateLimits) : HttpEventListener {
    private val requestBuckets = budget.buckets.indices.filter { budget.buckets[it].limit.kind == RateLimit.Kind.REQUESTS }

    /** Per kind, the bucket the headers tighten: the one of the shortest period, when that is a minute or less. */
    private val learning: Map<RateLimit.Kind, Int> = RateLimit.Kind.entries.mapNotNull { kind ->
        budget.buckets.indices.filter { budget.buckets[it].limit.kind == kind }
            .minByOrNull { budget.buckets[it].limit.period }
            ?.takeIf { budget.buckets[it].limit.period <= LEARNED_PERIOD }
            ?.let { kind to it }
    }.toMap()

    override fun attemptStarted(attempt: Int, method: String, url: String) {
        if (attempt > 1) requestBuckets.forEach { budget.chargeLater(it, 1) }
    }

    override fun responseHeaders(attempt: Int, status: Int, requestId: String?, headers: ResponseHeaders) {
        if (!limits.isLearningFromHeaders || learning.isEmpty()) return
        for (learned in RateLimitHeaders.read(headers, limits.clock.instant())) {
            val index = learning[learned.kind] ?: continue
            budget.lowerLater(index, target(budget.buckets[index].limit, learned))
        }
    }

    internal companion object {
        /** The longest period of a local limit that the headers tighten: theirs are per-minute limits. */
        private val LEARNED_PERIOD: Duration = Duration.ofMinutes(1)

        /**
         * The most the local bucket of [local] may hold after the provider said [learned]: no more than is left there
         * now, and, when the provider said its limit L and reset time T, no more than L − r·T, r being the local
         * refill rate, so that the local budget, refilling at its own rate, stays within the provider's until it is
         * full again at T.
         */
        fun target(local: RateLimit, learned: LearnedLimit): Long {
            val limit = learned.limit
            val reset = learned.resetIn
            if (limit == null || reset == null) return learned.remaining
            val refill = local.amount.toDouble() * reset.toNanos() / local.period.toNanos()
            return minOf(learned.remaining, limit - Math.ceil(refill).toLong())
        }
    }
}

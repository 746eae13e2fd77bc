package dev.switchboard.ratelimit

import java.time.Clock
import java.time.Duration

/**
 * What a [RateLimiter] enforces, and how: its limits (requests and tokens per minute, per day, or per any period),
 * how long a call over them may wait, the output tokens reserved for a request without `maxTokens`, and whether the
 * provider's rate-limit headers tighten the budget. Immutable; build one with [builder]. A [RateLimiter] made from it
 * holds the budget itself: see there for how calls spend it.
 */
public class RateLimits private constructor(builder: Builder) {
    /** The limits, in the order they were given; never empty, at most one per kind and period. */
    public val limits: List<RateLimit> = builder.limits.toList()

    /**
     * The longest a call waits for its turn; [Duration.ZERO] when a call over a limit fails at once
     * ([isFailFast]). A call that would have to wait longer fails at once with
     * [dev.switchboard.ClientRateLimitException].
     */
    public val maxWait: Duration = builder.maxWait

    /** Whether a call over a limit fails at once instead of waiting: [maxWait] is zero. */
    public val isFailFast: Boolean get() = maxWait.isZero

    /** The output tokens reserved for a request that sets no `maxTokens` (per choice); [DEFAULT_OUTPUT_TOKENS] unless set. */
    public val defaultOutputTokens: Int = builder.defaultOutputTokens

    /** Whether the provider's rate-limit headers tighten the budget (see [RateLimiter]); true unless set. */
    public val isLearningFromHeaders: Boolean = builder.learnFromHeaders

    internal val clock: Clock = builder.clock

    /** The limits of [kind], the shortest period first. */
    internal fun of(kind: RateLimit.Kind): List<RateLimit> = limits.filter { it.kind == kind }.sortedBy { it.period }

    override fun toString(): String =
        "RateLimits(${limits.joinToString()}, maxWait=$maxWait, defaultOutputTokens=$defaultOutputTokens, learning=$isLearningFromHeaders)"

    /** Configures [RateLimits]: at least one limit, every other setting has a default. */
    public class Builder internal constructor() {
        internal val limits = ArrayList<RateLimit>()
        internal var maxWait: Duration = DEFAULT_MAX_WAIT
        internal var defaultOutputTokens: Int = DEFAULT_OUTPUT_TOKENS
        internal var learnFromHeaders: Boolean = true
        internal var clock: Clock = Clock.systemUTC()

        /**
         * Adds [limit].
         *
         * @throws IllegalArgumentException when a limit of the same kind and period was added already.
         */
        public fun limit(limit: RateLimit): Builder = apply {
            require(limits.none { it.kind == limit.kind && it.period == limit.period }) {
                "Two limits of ${limit.kind.name.lowercase()} per ${limit.period}: keep one (got ${limits.first { it.kind == limit.kind && it.period == limit.period }} and $limit)"
            }
            limits += limit
        }

        /** Adds a limit of [amount] requests per [period]; see [RateLimit.requests]. */
        public fun requests(amount: Long, period: Duration): Builder = limit(RateLimit.requests(amount, period))

        /** Adds a limit of [amount] tokens per [period]; see [RateLimit.tokens]. */
        public fun tokens(amount: Long, period: Duration): Builder = limit(RateLimit.tokens(amount, period))

        /** Adds a limit of [amount] requests per minute. */
        public fun requestsPerMinute(amount: Long): Builder = requests(amount, Duration.ofMinutes(1))

        /** Adds a limit of [amount] requests per day. */
        public fun requestsPerDay(amount: Long): Builder = requests(amount, Duration.ofDays(1))

        /** Adds a limit of [amount] tokens (prompt and output) per minute. */
        public fun tokensPerMinute(amount: Long): Builder = tokens(amount, Duration.ofMinutes(1))

        /** Adds a limit of [amount] tokens (prompt and output) per day. */
        public fun tokensPerDay(amount: Long): Builder = tokens(amount, Duration.ofDays(1))

        /**
         * Lets a call over a limit wait for its turn up to [value] ([DEFAULT_MAX_WAIT] unless set); zero fails at once,
         * as [failFast] does.
         *
         * @throws IllegalArgumentException when [value] is negative.
         */
        public fun maxWait(value: Duration): Builder = apply {
            require(!value.isNegative) { "maxWait must not be negative (got $value)" }
            maxWait = value
        }

        /** Makes a call over a limit fail at once with [dev.switchboard.ClientRateLimitException]: `maxWait(ZERO)`. */
        public fun failFast(): Builder = maxWait(Duration.ZERO)

        /**
         * Reserves [tokens] output tokens (per choice) for a request that sets no `maxTokens`; [DEFAULT_OUTPUT_TOKENS]
         * unless set. The reservation is settled from the real usage after the call either way.
         *
         * @throws IllegalArgumentException when [tokens] is negative.
         */
        public fun defaultOutputTokens(tokens: Int): Builder = apply {
            require(tokens >= 0) { "defaultOutputTokens must not be negative (got $tokens)" }
            defaultOutputTokens = tokens
        }

        /** Whether the provider's rate-limit headers tighten the budget; true by default. */
        public fun learnFromHeaders(value: Boolean): Builder = apply { learnFromHeaders = value }

        /** The clock that refills the budget; the system's by default (tests pass their own). */
        public fun clock(value: Clock): Builder = apply { clock = value }

        /**
         * The limits.
         *
         * @throws IllegalStateException when no limit was added.
         */
        public fun build(): RateLimits {
            check(limits.isNotEmpty()) { "RateLimits needs at least one limit: requestsPerMinute(...), tokensPerMinute(...), ..." }
            return RateLimits(this)
        }
    }

    /** Defaults and the builder. */
    public companion object {
        /** How long a call waits for its turn unless [Builder.maxWait] says otherwise: one minute. */
        @JvmField
        public val DEFAULT_MAX_WAIT: Duration = Duration.ofMinutes(1)

        /** The output tokens reserved for a request without `maxTokens` unless [Builder.defaultOutputTokens] says otherwise. */
        public const val DEFAULT_OUTPUT_TOKENS: Int = 1024

        /** A builder with the defaults and no limit yet. */
        @JvmStatic
        public fun builder(): Builder = Builder()
    }
}

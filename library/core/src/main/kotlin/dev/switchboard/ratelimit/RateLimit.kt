package dev.switchboard.ratelimit

import java.time.Duration

/**
 * One client-side limit: at most [amount] requests, or tokens, per [period]. A value: two limits of the same kind,
 * amount and period are equal. Make one with [requests] or [tokens], or through [RateLimits.Builder].
 *
 * The budget refills smoothly (greedily): a limit of 60 requests per minute admits 60 at once when full, then one
 * more each second, as the token buckets of the providers do.
 */
public class RateLimit private constructor(
    /** What is counted: requests or tokens. */
    public val kind: Kind,
    /** How many requests or tokens fit in one [period]; positive. */
    public val amount: Long,
    /** The time the whole [amount] takes to refill; positive. */
    public val period: Duration,
) {
    /** What a [RateLimit] counts. */
    public enum class Kind {
        /** Calls: each `create`, and each collection of a stream, is one (a transport retry is one more). */
        REQUESTS,

        /** Tokens: the prompt and the output of each call, reserved before it and settled after it. */
        TOKENS,
    }

    /** A key naming this limit's kind and period, the same in every process: `requests-60s`. */
    internal val key: String get() = "${kind.name.lowercase()}-${period.toMillis()}ms"

    override fun equals(other: Any?): Boolean =
        this === other || other is RateLimit && kind == other.kind && amount == other.amount && period == other.period

    override fun hashCode(): Int = (kind.hashCode() * 31 + amount.hashCode()) * 31 + period.hashCode()

    /** As people say it: `60 requests per minute`, `1000000 tokens per day`, `10 requests per 500 ms`. */
    override fun toString(): String = "$amount ${kind.name.lowercase()} per ${describe(period)}"

    /** Factories of [RateLimit]. */
    public companion object {
        private val MINUTE = Duration.ofMinutes(1)
        private val HOUR = Duration.ofHours(1)
        private val DAY = Duration.ofDays(1)

        /**
         * At most [amount] requests per [period].
         *
         * @throws IllegalArgumentException when [amount] or [period] is not positive.
         */
        @JvmStatic
        public fun requests(amount: Long, period: Duration): RateLimit = of(Kind.REQUESTS, amount, period)

        /**
         * At most [amount] tokens (prompt and output together) per [period].
         *
         * @throws IllegalArgumentException when [amount] or [period] is not positive.
         */
        @JvmStatic
        public fun tokens(amount: Long, period: Duration): RateLimit = of(Kind.TOKENS, amount, period)

        private fun of(kind: Kind, amount: Long, period: Duration): RateLimit {
            require(amount > 0) { "A rate limit's amount must be positive (got $amount)" }
            require(!period.isNegative && !period.isZero) { "A rate limit's period must be positive (got $period)" }
            require(period.toNanos() / amount > 0) { "A rate limit of $amount per $period refills faster than one a nanosecond" }
            return RateLimit(kind, amount, period)
        }

        private fun describe(period: Duration): String = when (period) {
            MINUTE -> "minute"
            HOUR -> "hour"
            DAY -> "day"
            else -> if (period.toMillis() < 1000 || period.toMillis() % 1000 != 0L) "${period.toMillis()} ms" else "${period.seconds} s"
        }
    }
}

package dev.switchboard.router

import dev.switchboard.SwitchboardDsl
import java.time.Duration
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration
import kotlin.time.Duration as KotlinDuration

/**
 * How a [Router] retries, cools deployments down and queues calls; the same for every group. Immutable; build one
 * with [builder] (Java) or `settings { retries = 1 }` in [router] (Kotlin).
 *
 * - **Retries**: a call that a deployment fails with an error about the deployment goes to another deployment of the
 *   group, up to [retries] more times; at once when one not tried yet is available, after a backoff
 *   ([initialBackoff], doubled each time up to [maxBackoff]) when only tried ones are.
 * - **Cooldown**: [failureThreshold] such failures of one deployment within [failureWindow] take it out of every
 *   choice for [cooldown]; a 429 with `Retry-After` takes it out at once for that long (at most [maxRetryAfter]).
 *   When the cooldown ends it is chosen again, its failures forgotten.
 * - **Queue**: a call that finds no deployment available (all cooling down, at their limit or closed by their gate)
 *   waits, ordered by `CreateRequest.priority`, until one is; at most [maxQueued] calls wait per group and each at
 *   most [queueTimeout]. Past either, the call fails with a `RateLimitException` (provider `router`, status 0) and
 *   the group's fallbacks for errors apply.
 */
public class RouterSettings private constructor(b: Builder) {
    /** Further attempts on other deployments of the group after the first fails (default 2). */
    public val retries: Int = b.retries
    /** Wait before retrying on a deployment already tried by the call (default 100 ms), doubled each time. */
    public val initialBackoff: Duration = b.initial
    /** The longest wait between two attempts (default 5 s). */
    public val maxBackoff: Duration = b.max
    /** Failures within [failureWindow] that start a deployment's cooldown (default 3). */
    public val failureThreshold: Int = b.failureThreshold
    /** The window the failures are counted in (default 60 s). */
    public val failureWindow: Duration = b.window
    /** How long a deployment is left out after [failureThreshold] failures (default 30 s). */
    public val cooldown: Duration = b.cool
    /** The longest `Retry-After` of a 429 taken as the cooldown (default 5 min); zero to count a 429 as any failure. */
    public val maxRetryAfter: Duration = b.retryAfterCap
    /** The most calls that wait per group (default 1000); 0 fails a call at once when no deployment is available. */
    public val maxQueued: Int = b.maxQueued
    /** The longest a call waits in the queue (default 30 s). */
    public val queueTimeout: Duration = b.queue

    /** Reads the time of cooldowns, windows and the queue; the system's unless a test gives its own. */
    internal val clock: RouterClock = b.clock

    /** A builder holding these settings. */
    public fun newBuilder(): Builder = Builder().retries(retries).initialBackoff(initialBackoff).maxBackoff(maxBackoff)
        .failureThreshold(failureThreshold).failureWindow(failureWindow).cooldown(cooldown).maxRetryAfter(maxRetryAfter)
        .maxQueued(maxQueued).queueTimeout(queueTimeout).clock(clock)

    override fun toString(): String =
        "RouterSettings(retries=$retries, backoff=$initialBackoff..$maxBackoff, cooldown=$cooldown after $failureThreshold " +
            "failures in $failureWindow, maxRetryAfter=$maxRetryAfter, maxQueued=$maxQueued, queueTimeout=$queueTimeout)"

    /**
     * Builds [RouterSettings]. From Java, call the setters, which return the builder; from Kotlin, set the properties
     * (durations as [kotlin.time.Duration]s). Every setter checks its value.
     */
    @SwitchboardDsl
    public class Builder internal constructor() {
        internal var initial: Duration = Duration.ofMillis(100)
        internal var max: Duration = Duration.ofSeconds(5)
        internal var window: Duration = Duration.ofSeconds(60)
        internal var cool: Duration = Duration.ofSeconds(30)
        internal var retryAfterCap: Duration = Duration.ofMinutes(5)
        internal var queue: Duration = Duration.ofSeconds(30)
        internal var clock: RouterClock = RouterClock.SYSTEM

        /** Further attempts after the first (default 2; 0 to 100). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var retries: Int = 2
            set(value) {
                require(value in 0..100) { "retries must be between 0 and 100 (got $value)" }
                field = value
            }

        /** Failures in the window that start a cooldown (default 3; at least 1). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var failureThreshold: Int = 3
            set(value) {
                require(value >= 1) { "failureThreshold must be at least 1 (got $value)" }
                field = value
            }

        /** The most calls waiting per group (default 1000; 0 for no queue). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var maxQueued: Int = 1000
            set(value) {
                require(value >= 0) { "maxQueued must not be negative (got $value)" }
                field = value
            }

        /** The first backoff (default 100 ms); not negative. */
        public var initialBackoff: KotlinDuration
            @JvmSynthetic get() = initial.toKotlinDuration()
            @JvmSynthetic set(value) { initialBackoff(value.toJavaDuration()) }

        /** The longest backoff (default 5 s); not negative. */
        public var maxBackoff: KotlinDuration
            @JvmSynthetic get() = max.toKotlinDuration()
            @JvmSynthetic set(value) { maxBackoff(value.toJavaDuration()) }

        /** The window failures are counted in (default 60 s); positive. */
        public var failureWindow: KotlinDuration
            @JvmSynthetic get() = window.toKotlinDuration()
            @JvmSynthetic set(value) { failureWindow(value.toJavaDuration()) }

        /** The cooldown (default 30 s); positive. */
        public var cooldown: KotlinDuration
            @JvmSynthetic get() = cool.toKotlinDuration()
            @JvmSynthetic set(value) { cooldown(value.toJavaDuration()) }

        /** The longest `Retry-After` taken as the cooldown (default 5 min); zero to ignore it. */
        public var maxRetryAfter: KotlinDuration
            @JvmSynthetic get() = retryAfterCap.toKotlinDuration()
            @JvmSynthetic set(value) { maxRetryAfter(value.toJavaDuration()) }

        /** The longest wait in the queue (default 30 s); positive. */
        public var queueTimeout: KotlinDuration
            @JvmSynthetic get() = queue.toKotlinDuration()
            @JvmSynthetic set(value) { queueTimeout(value.toJavaDuration()) }

        /** Sets the further attempts after the first (default 2). */
        public fun retries(value: Int): Builder = apply { retries = value }
        /** Sets the first backoff (default 100 ms). */
        public fun initialBackoff(value: Duration): Builder = apply { initial = notNegative("initialBackoff", value) }
        /** Sets the longest backoff (default 5 s). */
        public fun maxBackoff(value: Duration): Builder = apply { max = notNegative("maxBackoff", value) }
        /** Sets the failures in the window that start a cooldown (default 3). */
        public fun failureThreshold(value: Int): Builder = apply { failureThreshold = value }
        /** Sets the window failures are counted in (default 60 s). */
        public fun failureWindow(value: Duration): Builder = apply { window = positive("failureWindow", value) }
        /** Sets the cooldown (default 30 s). */
        public fun cooldown(value: Duration): Builder = apply { cool = positive("cooldown", value) }
        /** Sets the longest `Retry-After` taken as the cooldown (default 5 min; zero to ignore it). */
        public fun maxRetryAfter(value: Duration): Builder = apply { retryAfterCap = notNegative("maxRetryAfter", value) }
        /** Sets the most calls waiting per group (default 1000; 0 for no queue). */
        public fun maxQueued(value: Int): Builder = apply { maxQueued = value }
        /** Sets the longest wait in the queue (default 30 s). */
        public fun queueTimeout(value: Duration): Builder = apply { queue = positive("queueTimeout", value) }

        /** Reads time from [value] instead of the system (tests in virtual time). */
        internal fun clock(value: RouterClock): Builder = apply { clock = value }

        /** The settings. */
        public fun build(): RouterSettings = RouterSettings(this)

        private fun notNegative(name: String, value: Duration): Duration {
            require(!value.isNegative) { "$name must not be negative (got $value)" }
            return if (value > LONGEST) LONGEST else value
        }

        private fun positive(name: String, value: Duration): Duration {
            require(!value.isNegative && !value.isZero) { "$name must be positive (got $value)" }
            return if (value > LONGEST) LONGEST else value
        }
    }

    /** Factories and constants of [RouterSettings]. */
    public companion object {
        /** Longer durations count as this (about 146 years), so that adding one to a clock reading cannot overflow. */
        private val LONGEST: Duration = Duration.ofNanos(Long.MAX_VALUE / 2)

        /** The defaults. */
        @JvmField public val DEFAULT: RouterSettings = Builder().build()

        /** A builder with the defaults. */
        @JvmStatic public fun builder(): Builder = Builder()
    }
}

/** A monotonic clock in nanoseconds, as [System.nanoTime]. */
internal fun interface RouterClock {
    fun nanos(): Long

    companion object {
        val SYSTEM: RouterClock = RouterClock { System.nanoTime() }
    }
}

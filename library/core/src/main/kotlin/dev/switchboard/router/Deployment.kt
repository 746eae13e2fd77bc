package dev.switchboard.router

import dev.switchboard.ChatCompletionClient
import dev.switchboard.CreateRequest
import dev.switchboard.RateLimitException
import dev.switchboard.RequestUsage
import java.time.Duration

/**
 * One deployment of a group and what the router keeps about it. Every mutable field is written under its group's lock
 * ([GroupState]); the fields strategies and [DeploymentStats] readers see are volatile, so a read outside the lock
 * sees a recent value.
 */
internal class Deployment(
    override val group: String,
    override val name: String,
    val client: ChatCompletionClient,
    override val weight: Int,
    override val maxInFlight: Int,
    val gate: DeploymentGate?,
    private val settings: RouterSettings,
) : DeploymentStats {
    private val clock = settings.clock

    /** `group/name`, as call events name it. */
    val label: String = "$group/$name"

    @Volatile override var inFlight: Int = 0
        private set

    /** The clock reading at which the cooldown ends; in the past when healthy. */
    @Volatile var coolingUntil: Long = clock.nanos() - 1
        private set

    /** Failure times in the window, oldest first. */
    private val recentFailures = ArrayDeque<Long>()

    @Volatile private var latencyNanos = -1.0
    @Volatile private var firstTokenNanos = -1.0
    @Volatile private var minute = Long.MIN_VALUE
    @Volatile private var minuteTokens = 0L
    @Volatile override var usage: RequestUsage = RequestUsage.ZERO
        private set
    /** The usage of answers that reached the provider (not a cache inside the client). */
    @Volatile var actualUsage: RequestUsage = RequestUsage.ZERO
        private set
    @Volatile override var calls: Long = 0
        private set
    @Volatile override var failures: Long = 0
        private set

    override val latency: Duration? get() = latencyNanos.let { if (it < 0) null else Duration.ofNanos(it.toLong()) }
    override val timeToFirstToken: Duration? get() = firstTokenNanos.let { if (it < 0) null else Duration.ofNanos(it.toLong()) }
    override val tokensThisMinute: Long get() = if (minute == minuteOf(clock.nanos())) minuteTokens else 0L
    override val coolingDownFor: Duration get() = (coolingUntil - clock.nanos()).let { if (it > 0) Duration.ofNanos(it) else Duration.ZERO }

    /** Why the deployment cannot take [request] at [now], or null when it can. Under the lock. */
    fun unavailable(now: Long, request: CreateRequest): String? = when {
        now < coolingUntil -> COOLING_DOWN
        maxInFlight in 1..inFlight -> AT_LIMIT
        gate != null && gate.availableIn(request).let { !it.isZero && !it.isNegative } -> GATE_CLOSED
        else -> null
    }

    /** How long from [now] until the deployment may become available without a call ending; under the lock. */
    fun nextChange(now: Long, request: CreateRequest): Long = when {
        now < coolingUntil -> coolingUntil - now
        gate != null -> gate.availableIn(request).let { if (it.isNegative || it.isZero) Long.MAX_VALUE else it.toNanosSaturated() }
        else -> Long.MAX_VALUE
    }

    fun acquired() {
        inFlight++
    }

    fun released() {
        inFlight--
    }

    /** A `create` answered after [elapsedNanos], or a stream completed; under the lock. */
    fun answered(elapsedNanos: Long, streamed: Boolean, result: dev.switchboard.CreateResult, now: Long) {
        if (!streamed) latencyNanos = average(latencyNanos, elapsedNanos)
        calls++
        val u = result.usage
        usage += u
        if (!result.cached) actualUsage += u
        val m = minuteOf(now)
        if (m != minute) {
            minute = m
            minuteTokens = 0
        }
        minuteTokens += u.totalTokens.toLong()
    }

    /** A stream's first event arrived [elapsedNanos] after the call started; under the lock. */
    fun firstEvent(elapsedNanos: Long) {
        firstTokenNanos = average(firstTokenNanos, elapsedNanos)
    }

    /**
     * The deployment failed a call with [error], an error about the deployment, at [now]: a 429 with `Retry-After`
     * cools it down at once; any other failure counts toward [RouterSettings.failureThreshold]. Under the lock.
     */
    fun failed(error: Throwable, now: Long) {
        failures++
        val retryAfter = (error as? RateLimitException)?.retryAfter
        val cap = settings.maxRetryAfter
        if (retryAfter != null && !cap.isZero && !retryAfter.isNegative) {
            val wait = (if (retryAfter > cap) cap else retryAfter).toNanosSaturated()
            coolDown(now, wait)
            return
        }
        val window = settings.failureWindow.toNanosSaturated()
        while (recentFailures.isNotEmpty() && now - recentFailures.first() >= window) recentFailures.removeFirst()
        recentFailures.addLast(now)
        if (recentFailures.size >= settings.failureThreshold) coolDown(now, settings.cooldown.toNanosSaturated())
    }

    private fun coolDown(now: Long, nanos: Long) {
        val until = now + nanos
        if (until - coolingUntil > 0) coolingUntil = until
        recentFailures.clear()
    }

    override fun toString(): String = "Deployment($label, inFlight=$inFlight, coolingDownFor=$coolingDownFor)"

    companion object {
        const val COOLING_DOWN = "cooling_down"
        const val AT_LIMIT = "at_limit"
        const val GATE_CLOSED = "gate_closed"
        private const val MINUTE = 60_000_000_000L
        /** The weight of the newest sample in the moving averages. */
        private const val ALPHA = 0.3

        fun minuteOf(nanos: Long): Long = Math.floorDiv(nanos, MINUTE)

        private fun average(current: Double, sample: Long): Double =
            if (current < 0) sample.toDouble() else current + ALPHA * (sample - current)

        fun Duration.toNanosSaturated(): Long = try {
            toNanos()
        } catch (_: ArithmeticException) {
            Long.MAX_VALUE / 2
        }
    }
}

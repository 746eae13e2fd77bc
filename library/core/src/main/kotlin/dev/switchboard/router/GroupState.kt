package dev.switchboard.router

import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.RateLimitException
import dev.switchboard.router.Deployment.Companion.toNanosSaturated
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.withTimeoutOrNull
import java.time.Duration
import java.util.PriorityQueue
import kotlin.time.Duration.Companion.nanoseconds

/**
 * A model group: its deployments, its strategy and its queue. Choosing a deployment and counting it in flight happen
 * together under one lock, so limits hold exactly; nothing suspends under it. The queue is strict: while calls
 * wait, only the first of them (highest priority, then oldest) may take a deployment, and it is woken whenever a call
 * of the group ends or the earliest cooldown or gate it waits for is over.
 */
internal class GroupState(
    val name: String,
    val deployments: List<Deployment>,
    private val strategy: RoutingStrategy,
    private val settings: RouterSettings,
) {
    private val lock = Any()
    private val clock = settings.clock
    private val queue = PriorityQueue<Waiter>()
    private var arrivals = 0L

    /** Calls waiting now. */
    val queued: Int get() = synchronized(lock) { queue.size }

    /**
     * A deployment for [request], counted in flight: at once when one is available and no call waits, else after
     * waiting in the queue. [tried] are preferred against; [skips] hears why deployments were left out. A call that
     * finds every deployment cooling down does not wait when [fallback] says it has a group to fall back to.
     *
     * @throws RateLimitException (provider `router`) when none is available and the call may not wait, the queue is
     *   full, or the wait exceeded [RouterSettings.queueTimeout].
     * @throws kotlinx.coroutines.CancellationException when the caller is cancelled while it waits (it leaves the queue).
     */
    suspend fun acquire(
        request: CreateRequest, streaming: Boolean, tried: List<Deployment>?, skips: Skips?, fallback: FallbackAhead,
    ): Deployment {
        val waiter: Waiter
        synchronized(lock) {
            if (queue.isEmpty()) pickLocked(request, streaming, tried, skips)?.let { return it }
            val allCooling = deployments.all { clock.nanos() < it.coolingUntil }
            if (settings.maxQueued == 0 || (allCooling && fallback.onError())) throw unavailable(request, "none is available")
            if (queue.size >= settings.maxQueued) throw unavailable(request, "its queue is full (${queue.size} calls wait)")
            waiter = Waiter(request.priority, arrivals++)
            queue.add(waiter)
        }
        return awaitTurn(waiter, request, streaming, tried, skips)
    }

    private suspend fun awaitTurn(
        waiter: Waiter, request: CreateRequest, streaming: Boolean, tried: List<Deployment>?, skips: Skips?,
    ): Deployment {
        val deadline = clock.nanos() + settings.queueTimeout.toNanosSaturated()
        var taken = false
        try {
            while (true) {
                var wait = Long.MAX_VALUE
                synchronized(lock) {
                    if (queue.peek() === waiter) {
                        val d = pickLocked(request, streaming, tried, skips)
                        if (d != null) {
                            queue.poll()
                            taken = true
                            queue.peek()?.wake()
                            return d
                        }
                        wait = nextChangeLocked(request)
                    }
                }
                val left = deadline - clock.nanos()
                if (left <= 0) throw unavailable(request, "none became available within ${settings.queueTimeout.toMillis()} ms")
                withTimeoutOrNull(maxOf(MIN_WAIT, minOf(wait, left)).nanoseconds) { waiter.signal.receive() }
            }
        } finally {
            if (!taken) {
                synchronized(lock) {
                    val first = queue.peek() === waiter
                    queue.remove(waiter)
                    if (first) queue.peek()?.wake()
                }
            }
        }
    }

    /**
     * The strategy's choice among the available deployments, counted in flight; null when none is available. What the
     * strategy or a gate throws fails the call as it is (in a [PassThrough]: no retry, no fallback).
     */
    private fun pickLocked(request: CreateRequest, streaming: Boolean, tried: List<Deployment>?, skips: Skips?): Deployment? =
        try {
            choose(request, streaming, tried, skips)
        } catch (e: PassThrough) {
            throw e
        } catch (e: Exception) {
            throw PassThrough(e)
        }

    private fun choose(request: CreateRequest, streaming: Boolean, tried: List<Deployment>?, skips: Skips?): Deployment? {
        val now = clock.nanos()
        val available = ArrayList<Deployment>(deployments.size)
        var untried = 0
        for (d in deployments) {
            val reason = d.unavailable(now, request)
            if (reason == null) {
                available += d
                skips?.available(d)
                if (tried == null || d !in tried) untried++
            } else {
                skips?.unavailable(d, reason)
            }
        }
        if (available.isEmpty()) return null
        val candidates = if (tried == null || untried == 0 || untried == available.size) available else available.filter { it !in tried }
        val chosen = if (candidates.size == 1) candidates[0] else strategy.choose(candidates, request, streaming)
        check(chosen is Deployment && candidates.any { it === chosen }) {
            "The routing strategy of group '$name' chose ${chosen.name}, which is not among the candidates ${candidates.map { it.name }}"
        }
        chosen.acquired()
        return chosen
    }

    /** How long until a deployment may become available without a call ending (a cooldown ends, a gate opens). */
    private fun nextChangeLocked(request: CreateRequest): Long = try {
        var wait = Long.MAX_VALUE
        for (d in deployments) wait = minOf(wait, d.nextChange(clock.nanos(), request))
        wait
    } catch (e: Exception) {
        throw PassThrough(e)
    }

    /** Whether a deployment that [tried] does not hold is available now: a retry then goes to it without a backoff. */
    fun untriedAvailable(request: CreateRequest, tried: List<Deployment>): Boolean = synchronized(lock) {
        val now = clock.nanos()
        try {
            deployments.any { it !in tried && it.unavailable(now, request) == null }
        } catch (e: Exception) {
            throw PassThrough(e)
        }
    }

    /** [d]'s call ended: it is no longer in flight, and the first waiting call may take it. */
    fun release(d: Deployment) {
        synchronized(lock) {
            d.released()
            queue.peek()?.wake()
        }
    }

    fun answered(d: Deployment, elapsedNanos: Long, streamed: Boolean, result: CreateResult) {
        synchronized(lock) { d.answered(elapsedNanos, streamed, result, clock.nanos()) }
    }

    fun firstEvent(d: Deployment, elapsedNanos: Long) {
        synchronized(lock) { d.firstEvent(elapsedNanos) }
    }

    fun failed(d: Deployment, error: Throwable) {
        synchronized(lock) { d.failed(error, clock.nanos()) }
    }

    /** The call-scoped error when no deployment can take [request], naming why each cannot. */
    private fun unavailable(request: CreateRequest, what: String): RateLimitException {
        val now = clock.nanos()
        val reasons = deployments.joinToString("; ") { d ->
            when (runCatching { d.unavailable(now, request) }.getOrNull()) {
                Deployment.COOLING_DOWN -> "${d.name}: cooling down for ${(d.coolingUntil - now) / 1_000_000} ms"
                Deployment.AT_LIMIT -> "${d.name}: at its limit of ${d.maxInFlight} calls"
                Deployment.GATE_CLOSED -> "${d.name}: closed by its gate"
                else -> "${d.name}: available"
            }
        }
        val soonest = deployments.minOf { if (now < it.coolingUntil) it.coolingUntil - now else Long.MAX_VALUE }
        return RateLimitException(
            "router: no deployment of group '$name' could take the call: $what ($reasons)", PROVIDER, 0,
            retryAfter = if (soonest == Long.MAX_VALUE) null else Duration.ofNanos(soonest),
        )
    }

    /** One call waiting: higher priority first, then the one that came first. */
    private class Waiter(val priority: Int, val arrival: Long) : Comparable<Waiter> {
        val signal = Channel<Unit>(Channel.CONFLATED)

        fun wake() {
            signal.trySend(Unit)
        }

        override fun compareTo(other: Waiter): Int =
            if (priority != other.priority) other.priority.compareTo(priority) else arrival.compareTo(other.arrival)
    }

    /** Whether the call has a group to fall back to on an error, asked only when no deployment is available. */
    fun interface FallbackAhead {
        fun onError(): Boolean
    }

    companion object {
        /** The provider errors of the router itself name. */
        const val PROVIDER = "router"
        /** The shortest timed wait, so that a gate answering a tiny wait does not spin the caller. */
        private const val MIN_WAIT = 1_000_000L
    }
}

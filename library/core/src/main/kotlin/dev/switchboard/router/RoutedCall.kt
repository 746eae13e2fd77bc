package dev.switchboard.router

import dev.switchboard.CreateRequest
import dev.switchboard.wrap.annotateCall
import kotlinx.coroutines.delay
import kotlin.coroutines.cancellation.CancellationException

/**
 * One routed call, `create` or stream: the attempts on the deployments of its group (retries with backoff), then on
 * the groups its fallbacks name, until one answers. It keeps what the `deployment` and `skipped` annotations say
 * ([skips] is null when no one listens, and then nothing is kept). Used by one call, in its coroutine.
 */
internal class RoutedCall(
    private val core: RouterCore,
    private val request: CreateRequest,
    private val streaming: Boolean,
    annotated: Boolean,
) : GroupState.FallbackAhead {
    private val settings = core.settings
    private val clock = settings.clock
    private val skips: Skips? = if (annotated) Skips() else null
    private var errors: ArrayList<Throwable>? = null
    private var answered: Deployment? = null
    private var annotatedOnce = false
    /** The group the call was sent to, the groups it went to so far and the one it is in, for [onError]. */
    private var origin: GroupState? = null
    private var visited: List<GroupState> = emptyList()
    private var current: GroupState? = null

    /**
     * Routes the call from [origin]: runs [attempt] on one deployment after another (it is given the deployment, in
     * flight, and the clock reading when it was chosen) until one returns what [refused] does not refuse, or the
     * groups to try run out.
     *
     * @throws Throwable the last failure (earlier ones added to it as suppressed), or a [PassThrough]'s error as it is.
     */
    suspend fun <T> run(origin: GroupState, refused: (T) -> Boolean, attempt: suspend (GroupState, Deployment, Long) -> T): T {
        val visited = ArrayList<GroupState>(2)
        visited += origin
        this.origin = origin
        this.visited = visited
        var group = origin
        var kept: T? = null
        var keptSet = false
        while (true) {
            var trigger: FallbackTrigger
            var error: Throwable? = null
            current = group
            try {
                val result = inGroup(group, attempt)
                if (!refused(result)) {
                    annotate()
                    return result
                }
                if (!keptSet) {
                    kept = result
                    keptSet = true
                }
                trigger = FallbackTrigger.CONTENT_FILTER
            } catch (e: PassThrough) {
                annotate()
                throw e.error
            } catch (e: Throwable) {
                if (e is CancellationException || e is Error) throw e
                remember(e)
                error = e
                trigger = FailureKind.of(e).trigger ?: run {
                    annotate()
                    throw finalError(e)
                }
            }
            val next = core.nextGroup(origin, trigger, visited, group, request)
            if (next == null) {
                annotate()
                @Suppress("UNCHECKED_CAST")
                if (keptSet) return kept as T
                throw finalError(error!!)
            }
            visited += next
            group = next
        }
    }

    /** The attempts in [group]: the first, then up to [RouterSettings.retries] on other deployments. */
    private suspend fun <T> inGroup(group: GroupState, attempt: suspend (GroupState, Deployment, Long) -> T): T {
        var tried: ArrayList<Deployment>? = null
        var last: Throwable? = null
        var waits = 0
        for (n in 0..settings.retries) {
            if (n > 0 && !group.untriedAvailable(request, tried!!)) delay(backoffMillis(++waits))
            val d = group.acquire(request, streaming, tried, skips, this)
            val started = clock.nanos()
            try {
                val result = attempt(group, d, started)
                answered = d
                return result
            } catch (e: Throwable) {
                if (e is CancellationException || e is PassThrough || e is Error) throw e
                remember(e)
                skips?.failed(d, e)
                if (FailureKind.of(e) != FailureKind.DEPLOYMENT) throw e
                group.failed(d, e)
                last = e
                (tried ?: ArrayList<Deployment>(2).also { tried = it }) += d
            } finally {
                group.release(d)
            }
        }
        throw last!!
    }

    /** Whether a group is left to fall back to should the current one fail with an error. */
    override fun onError(): Boolean {
        val from = origin ?: return false
        return core.nextGroup(from, FallbackTrigger.ERROR, visited, current ?: from, request) != null
    }

    /**
     * The stream is committed to [d]: its first event is about to reach the caller, so the call is answered by [d]
     * whatever happens next. The annotations are made now, before the caller sees any event.
     */
    suspend fun committed(d: Deployment) {
        answered = d
        annotate()
    }

    private suspend fun annotate() {
        val s = skips ?: return
        if (annotatedOnce) return
        annotatedOnce = true
        answered?.let { annotateCall(DEPLOYMENT, it.label) }
        annotateCall(SKIPPED, s.render(answered))
    }

    private fun remember(e: Throwable) {
        val list = errors ?: ArrayList<Throwable>(2).also { errors = it }
        if (list.none { it === e }) list += e
    }

    /** [e] with the call's earlier failures added as suppressed, for the whole story in one stack trace. */
    private fun finalError(e: Throwable): Throwable {
        errors?.forEach { if (it !== e && e.suppressed.none { s -> s === it }) e.addSuppressed(it) }
        return e
    }

    /** The [n]th wait of a call before a retry that must go to a deployment it already tried: doubled each time. */
    private fun backoffMillis(n: Int): Long {
        val max = settings.maxBackoff.toMillis()
        var wait = settings.initialBackoff.toMillis()
        repeat(n - 1) {
            if (wait >= max) return max
            wait *= 2
        }
        return minOf(wait, max)
    }

    private companion object {
        const val DEPLOYMENT = "deployment"
        const val SKIPPED = "skipped"
    }
}

package dev.switchboard.wrap

import dev.switchboard.CreateResult
import java.time.Duration
import kotlin.coroutines.cancellation.CancellationException

/**
 * What a wrapper sees of one call: its start, then exactly one terminal callback — [onCompleted], [onFailure] or
 * [onCancelled] — each with the time since the start. Every method does nothing by default. [StreamObserver] adds
 * the events of a stream; run a `create` under an observer with [observeCall].
 *
 * The callbacks run in the caller's coroutine, on its thread, one at a time; keep them short. What one of them throws
 * becomes the call's failure, but never replaces a failure or a cancellation already under way (it is then added to
 * it as suppressed); see [observeCall] and [observe].
 */
public interface CallObserver {
    /** The call begins: before anything is sent. */
    public fun onStart() {}

    /**
     * The call answered [result], [elapsed] after [onStart]. It suspends the caller until it returns, so it may store
     * the result first (a recording, a cache entry); what it throws, the caller gets instead of the result.
     *
     * @throws CancellationException when the caller is cancelled while it suspends.
     */
    public suspend fun onCompleted(result: CreateResult, elapsed: Duration) {}

    /** The call failed with [error] (never a [CancellationException]), [elapsed] after [onStart]. */
    public fun onFailure(error: Throwable, elapsed: Duration) {}

    /** The caller was cancelled, or stopped collecting a stream early, [elapsed] after [onStart]. */
    public fun onCancelled(elapsed: Duration) {}
}

/**
 * Runs [call] under [observer]: [CallObserver.onStart], then [call], then the one terminal callback for how it
 * ended, and returns what [call] returned. A wrapper's `create` is `observeCall(observer) { delegate.create(request) }`.
 *
 * Cancelling the caller cancels [call]; the [CancellationException] is rethrown as it is (never wrapped, never
 * reported as a failure).
 *
 * @throws CancellationException when the caller is cancelled ([CallObserver.onCancelled] was called).
 * @throws Throwable what [call] throws, unchanged ([CallObserver.onFailure] was called with it), or what the observer
 *   throws from [CallObserver.onStart] or [CallObserver.onCompleted] (then reported as a failure, or not, as for
 *   [call]'s own: [onCompleted][CallObserver.onCompleted] having been called, nothing more is).
 */
public suspend fun observeCall(observer: CallObserver, call: suspend () -> CreateResult): CreateResult {
    val started = System.nanoTime()
    var ended = false
    try {
        observer.onStart()
        val result = call()
        ended = true
        observer.onCompleted(result, since(started))
        return result
    } catch (e: Throwable) {
        if (!ended) reportEnd(observer, e, started)
        throw e
    }
}

/** The time elapsed since [started], a [System.nanoTime] reading. */
internal fun since(started: Long): Duration = Duration.ofNanos(System.nanoTime() - started)

/**
 * Tells [observer] that the call ended with [e]: a cancellation or a failure. What the observer throws is added to
 * [e] as suppressed: it must not replace the call's own outcome.
 */
internal fun reportEnd(observer: CallObserver, e: Throwable, started: Long) {
    try {
        if (e is CancellationException) observer.onCancelled(since(started)) else observer.onFailure(e, since(started))
    } catch (t: Throwable) {
        if (t !== e) e.addSuppressed(t)
    }
}

package dev.switchboard.wrap

import dev.switchboard.ChatStreamEvent
import dev.switchboard.StreamInterruptedException
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.flow
import java.time.Duration
import kotlin.coroutines.cancellation.CancellationException

/**
 * What a wrapper sees of one collection of a stream: [onStart], [onFirstEvent] once with the time to the first
 * event, [onEvent] for every event in order (the [ChatStreamEvent.Completed] one included), then exactly one
 * terminal callback of [CallObserver]: [onCompleted] when the `Completed` event arrives (before it is passed on),
 * [onFailure], or [onCancelled] — also when the collector stops early, as `take` or `first` do, before `Completed`.
 * Attach one with [observe]. Every method does nothing by default.
 */
public interface StreamObserver : CallObserver {
    /** The first event arrived, [elapsed] after [onStart]; called before [onEvent] gets it. */
    public fun onFirstEvent(elapsed: Duration) {}

    /** [event] arrived and is about to be passed on. Called for every event: keep it cheap. */
    public fun onEvent(event: ChatStreamEvent) {}
}

/**
 * This stream, watched by [observer] on each collection (the flow stays cold: every collection starts anew, with
 * [StreamObserver.onStart]). Use it when one observer serves every collection (metrics, logs); use the overload
 * taking a factory when an observer keeps state of its own collection.
 *
 * See the other [observe] for what is kept and how failures, cancellations and observer exceptions are handled.
 */
public fun Flow<ChatStreamEvent>.observe(provider: String, observer: StreamObserver): Flow<ChatStreamEvent> =
    observe(provider) { observer }

/**
 * This stream, watched by a new observer from [newObserver] on each collection (the flow stays cold: every
 * collection calls [newObserver] and starts anew).
 *
 * The stream's promises are kept: every event is passed on as it is and in order, none is added or dropped, so the
 * last event is still [ChatStreamEvent.Completed]; a failure reaches the collector unchanged; a
 * [CancellationException] (the collector's job cancelled, or the collector stopping early) passes through as it is
 * and is reported as [StreamObserver.onCancelled], never as a failure. A stream that ends without `Completed` (a
 * broken upstream: every client of this library throws instead) ends the same way for the collector, and the
 * observer gets [StreamObserver.onFailure] with a [StreamInterruptedException] naming [provider]: the observer
 * reports, it does not change the stream. Events that an upstream sends after `Completed` are passed on but not
 * reported: the observer's collection has ended.
 *
 * An observer that throws fails the stream with its exception (reported to [StreamObserver.onFailure] unless
 * [StreamObserver.onCompleted] was the one that threw), except while the stream already fails or is cancelled:
 * then its exception is added to that one as suppressed. Per event, observing costs one call of
 * [StreamObserver.onEvent] and no allocation.
 *
 * @throws Throwable (from the flow) what the stream throws, unchanged, or what the observer throws.
 */
public fun Flow<ChatStreamEvent>.observe(provider: String, newObserver: () -> StreamObserver): Flow<ChatStreamEvent> {
    val upstream = this
    return flow {
        val observing = Observing(newObserver(), this)
        observing.run(upstream, provider)
    }
}

/** One observed collection: forwards each event to [downstream] after telling [observer]. */
private class Observing(
    private val observer: StreamObserver,
    private val downstream: FlowCollector<ChatStreamEvent>,
) : FlowCollector<ChatStreamEvent> {
    private val started = System.nanoTime()
    private var first = true
    /** Whether the terminal callback was called (or is being called): nothing is reported after it. */
    private var ended = false

    suspend fun run(upstream: Flow<ChatStreamEvent>, provider: String) {
        try {
            observer.onStart()
            upstream.collect(this)
        } catch (e: Throwable) {
            if (!ended) {
                ended = true
                reportEnd(observer, e, started)
            }
            throw e
        }
        if (!ended) {
            ended = true
            observer.onFailure(
                StreamInterruptedException("The $provider stream ended without its Completed event", provider),
                since(started),
            )
        }
    }

    // Every suspending call below is a tail call, so an event costs no continuation of its own.
    override suspend fun emit(value: ChatStreamEvent) {
        if (!ended) {
            if (first) {
                first = false
                observer.onFirstEvent(since(started))
            }
            observer.onEvent(value)
            if (value is ChatStreamEvent.Completed) return completeAndEmit(value)
        }
        return downstream.emit(value)
    }

    /** Reports [completed] before passing it on, so that a collector that stops at it still has it reported. */
    private suspend fun completeAndEmit(completed: ChatStreamEvent.Completed) {
        ended = true
        observer.onCompleted(completed.result, since(started))
        downstream.emit(completed)
    }
}

package dev.switchboard.java.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.launch
import java.io.IOException
import java.io.UncheckedIOException
import java.util.NoSuchElementException
import java.util.concurrent.CompletionException
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.locks.LockSupport
import kotlin.coroutines.CoroutineContext

/**
 * A blocking stream of events, for the facade's Java code: [events] to read (on one thread), `close()` to stop and
 * close the connection, [abort] to end it with a cause.
 */
internal interface EventStream<T> : Abortable, AutoCloseable {
    /** The events, read on the calling thread; see [blockingEventStream]. */
    val events: Iterator<T>

    /** Stops the stream and closes its connection; idempotent, from any thread. */
    override fun close()
}

/**
 * [flow] as a blocking stream whose collection runs on the thread that reads it (see [BlockingEventStream]), as a
 * child of [parent]; [onEnd] runs once it ends or is closed.
 */
@JvmSynthetic
internal fun <T : Any> blockingEventStream(flow: Flow<T>, parent: Job, onEnd: Runnable): EventStream<T> =
    BlockingEventStream(flow, parent, onEnd)

/**
 * A blocking iterator over a flow whose collection runs on the thread that reads the iterator: `hasNext()` runs the
 * collecting coroutine's work (decoding the bytes the HTTP engine handed over) until it has the next event, and parks
 * the thread while there is nothing to do. One handoff between threads per read of the response body (the engine's
 * thread wakes the reader), instead of two for a subscriber fed from a pool thread, and no queue of events between
 * two threads.
 *
 * The flow is collected from the first `hasNext()`, on that thread, as a child of [parent]: cancelling [parent] (the
 * client closed) ends the stream with that `CancellationException`. [close] cancels the collection, which closes the
 * connection; from then on the coroutine's remaining work (its cancellation) runs on [Dispatchers.Default], so it
 * completes even if nobody reads again. Meant for one reading thread; [close] may be called from any.
 */
private class BlockingEventStream<T : Any>(
    private val flow: Flow<T>,
    private val parent: Job,
    private val onEnd: Runnable,
) : Iterator<T>, EventStream<T> {
    override val events: Iterator<T> get() = this

    private val loop = Loop()
    /** Events collected and not yet returned; written by the collector, read by the reader. */
    private val collected = ConcurrentLinkedQueue<T>()
    private var job: Job? = null
    private var next: T? = null

    @Volatile private var finished = false
    @Volatile private var failure: Throwable? = null
    @Volatile private var closed = false
    @Volatile private var aborted: Throwable? = null

    override fun hasNext(): Boolean {
        if (next != null) return true
        aborted?.let { throw rethrow(it) }
        check(!closed) { "This stream is closed" }
        if (job == null) start()
        while (true) {
            collected.poll()?.let { next = it; return true }
            if (finished) {
                collected.poll()?.let { next = it; return true }
                failure?.let { throw rethrow(it) }
                return false
            }
            if (!loop.runOne()) park()
        }
    }

    override fun next(): T {
        if (!hasNext()) throw NoSuchElementException("The stream has ended")
        val item = next!!
        next = null
        return item
    }

    /** Cancels the collection, which closes the connection; idempotent. */
    override fun close() {
        if (closed) return
        closed = true
        job?.cancel(CancellationException("This stream was closed"))
        loop.handOver()
        onEnd.run()
    }

    /** Ends the stream with [cause] (the client was closed): a reader gets it from `hasNext()`. */
    override fun abort(cause: Throwable) {
        if (aborted != null || finished) return
        aborted = cause
        job?.cancel(cause as? CancellationException ?: CancellationException(cause.message, cause))
        loop.handOver()
    }

    private fun start() {
        val scope = CoroutineScope(parent + loop + CoroutineName("switchboard-java-blocking-stream"))
        // Undispatched: the request is checked, encoded and sent from this thread before hasNext() first parks.
        job = scope.launch(start = CoroutineStart.UNDISPATCHED) {
            try {
                flow.collect { event ->
                    if (closed) throw CancellationException("This stream was closed")
                    collected.offer(event)
                }
            } catch (e: Throwable) {
                failure = e
            } finally {
                finished = true
                loop.wake()
                onEnd.run()
            }
        }
    }

    private fun park() {
        loop.reader = Thread.currentThread()
        if (!loop.hasWork() && !finished) LockSupport.park(this)
        loop.reader = null
        if (Thread.interrupted()) {
            close()
            Thread.currentThread().interrupt()
            throw CancellationException("Interrupted while waiting for the next stream event; the stream was cancelled")
                .apply { initCause(InterruptedException()) }
        }
    }

    private fun rethrow(error: Throwable): RuntimeException {
        when (error) {
            is RuntimeException -> throw error
            is Error -> throw error
            is IOException -> throw UncheckedIOException(error)
            else -> throw CompletionException(error)
        }
    }

    /**
     * The dispatcher of the collecting coroutine: its work waits in a queue for the reader, who runs it in
     * `hasNext()`. Once the stream is closed or its parent cancelled, work goes to [Dispatchers.Default] instead.
     */
    private inner class Loop : CoroutineDispatcher() {
        private val tasks = ConcurrentLinkedQueue<Runnable>()
        @Volatile var reader: Thread? = null

        override fun dispatch(context: CoroutineContext, block: Runnable) {
            if (handedOver()) {
                Dispatchers.Default.dispatch(context, block)
                return
            }
            tasks.offer(block)
            if (handedOver()) handOver() else wake()
        }

        private fun handedOver(): Boolean = closed || aborted != null || !parent.isActive

        fun hasWork(): Boolean = !tasks.isEmpty()

        /** Runs one waiting task; false when there was none. */
        fun runOne(): Boolean {
            val task = tasks.poll() ?: return false
            task.run()
            return true
        }

        fun wake() {
            reader?.let(LockSupport::unpark)
        }

        /** Moves the waiting work to [Dispatchers.Default], and wakes a reader blocked meanwhile. */
        fun handOver() {
            while (true) {
                val task = tasks.poll() ?: break
                Dispatchers.Default.dispatch(parent, task)
            }
            wake()
        }
    }
}

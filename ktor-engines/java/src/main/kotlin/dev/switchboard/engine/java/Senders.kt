package dev.switchboard.engine.java

import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger

/**
 * The threads that send requests with the JDK's blocking `send`, at most [max] of them.
 *
 * A request runs on a free sender thread; when all are busy it waits for one in a queue (each sender takes the next
 * waiting request when its own has its headers), and one that has waited [waitMillis] without a sender is given to
 * its [SendTask.async] instead, so that slow calls holding every sender do not hold up the others for long. Calls in
 * flight that end and start again (a server answering many users) so find a sender free a moment later rather than
 * go through `sendAsync`, which on one or two processors starts a new thread for every call.
 *
 * Waiting costs a request no more than its place in the queue: the requests submitted and not yet done are counted,
 * so that one that finds a sender free needs no timer, and one sweep runs every quarter of the wait while requests
 * wait, giving those that have waited long enough to their [SendTask.async].
 */
internal class Senders(private val max: Int, waitMillis: Long, private val virtual: ExecutorService? = VirtualThreads.executor) {
    private val waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis)
    private val sweepNanos = (waitNanos / 4).coerceAtLeast(1)

    /** [max] threads (started as needed, ended after a minute idle) and the queue of requests that wait for one. */
    private val pool = ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS, LinkedBlockingQueue()) { r ->
        Thread(r, "switchboard-jdk-send").apply { isDaemon = true }
    }.apply { allowCoreThreadTimeOut(true) }

    /** The [Send]s given to [pool] and not yet done, queued or running: above [max], the newest has to wait. */
    private val outstanding = AtomicInteger()

    /** The requests given to the senders and not yet done (for tests). */
    internal val outstandingNow: Int get() = outstanding.get()

    /** Whether a sweep of the queue is scheduled. */
    private val sweeping = AtomicBoolean(false)
    private val sweep = Runnable { sweep() }

    /**
     * Runs [task] on a sender thread, or after [waitMillis] in the queue through its [SendTask.async]. With [virtual]
     * threads, every task runs at once on a virtual thread of its own: a blocked send then holds no platform thread.
     */
    fun submit(task: SendTask) {
        if (virtual != null && !pool.isShutdown) {
            try {
                virtual.execute { if (task.claim()) task.runOn(Thread.currentThread()) }
                return
            } catch (e: RejectedExecutionException) {
                // shut down meanwhile: as a platform sender would be
            }
        }
        val queued = outstanding.incrementAndGet() > max
        try {
            pool.execute(Send(task, System.nanoTime()))
        } catch (e: RejectedExecutionException) {
            // shut down
            outstanding.decrementAndGet()
            if (task.claim()) task.async()
            return
        }
        if (queued && sweeping.compareAndSet(false, true)) TIMER.schedule(sweep, sweepNanos, TimeUnit.NANOSECONDS)
    }

    /** Gives the requests that have waited [waitNanos] to their [SendTask.async]; again later while some wait. */
    private fun sweep() {
        try {
            val now = System.nanoTime()
            // Oldest first: the first one that has not waited long enough ends the sweep. Each one given to its async
            // send leaves the queue (at its head, so at once), so that a burst of thousands leaves no entries behind
            // for every later sweep to walk and every sender to skip, and the count holds only those still waiting.
            for (r in pool.queue) {
                val send = r as Send
                if (now - send.queuedAt < waitNanos) break
                // false when a sender took it meanwhile: that one runs (or skips) it and counts it done
                if (!pool.remove(send)) continue
                outstanding.decrementAndGet()
                if (send.task.claim()) send.task.async()
            }
        } finally {
            // Even if an async send threw: the requests still waiting must not lose their sweep.
            sweeping.set(false)
            if (outstanding.get() > max && !pool.isShutdown && sweeping.compareAndSet(false, true)) {
                TIMER.schedule(sweep, sweepNanos, TimeUnit.NANOSECONDS)
            }
        }
    }

    /** Lets idle senders end; waiting tasks are given to their [SendTask.async]. */
    fun shutdown() {
        pool.shutdown()
        val left = ArrayList<Runnable>()
        pool.queue.drainTo(left)
        for (r in left) {
            val send = r as Send
            outstanding.decrementAndGet()
            if (send.task.claim()) send.task.async()
        }
    }

    /** One [task] for the pool, queued at [queuedAt] (a [System.nanoTime] reading); it is skipped once claimed. */
    private inner class Send(val task: SendTask, val queuedAt: Long) : Runnable {
        override fun run() {
            try {
                if (task.claim()) task.runOn(Thread.currentThread())
            } finally {
                outstanding.decrementAndGet()
            }
        }
    }

    private companion object {
        /** Sweeps the queues of waiting tasks: one daemon thread for the JVM, started on first use. */
        val TIMER: ScheduledExecutorService by lazy {
            Executors.newSingleThreadScheduledExecutor { r -> Thread(r, "switchboard-jdk-queue").apply { isDaemon = true } }
        }
    }
}

/**
 * One request for [Senders]: claimed exactly once, by a sender thread ([blocking]) or by the queue's timer ([async]),
 * or taken out by [cancel]. A cancelled blocking send is interrupted (which makes the JDK abort the exchange), and the
 * interrupt never reaches the thread once it has moved on to another task.
 */
internal abstract class SendTask {
    private val state = AtomicInteger(WAITING)

    @Volatile
    private var runner: Thread? = null

    /** The blocking send, on a sender thread. */
    protected abstract fun blocking()

    /** The asynchronous send, for a task no sender took in time. */
    abstract fun async()

    /** Takes the task for running; false when another claim or [cancel] came first. */
    fun claim(): Boolean = state.compareAndSet(WAITING, CLAIMED)

    /** Runs [blocking] on [thread], where [cancel] can interrupt it. */
    fun runOn(thread: Thread) {
        synchronized(this) {
            if (state.get() == CANCELLED) return
            runner = thread
        }
        try {
            blocking()
        } finally {
            synchronized(this) { runner = null }
            // An interrupt that arrived as send() returned must not reach the next task.
            Thread.interrupted()
        }
    }

    /** Cancels the task: a waiting one never runs, a running blocking send is interrupted. */
    fun cancel() {
        if (state.compareAndSet(WAITING, CANCELLED)) return
        synchronized(this) {
            if (state.get() == CLAIMED) state.set(CANCELLED)
            runner?.interrupt()
        }
    }

    private companion object {
        const val WAITING = 0
        const val CLAIMED = 1
        const val CANCELLED = 2
    }
}

package dev.switchboard.engine.java

import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.SynchronousQueue
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * The threads that send requests with the JDK's blocking `send`, at most [max] of them.
 *
 * A request runs on a free sender thread; when all are busy it waits for one in a queue (each sender takes the next
 * waiting request when its own has its headers), and one that has waited [waitMillis] without a sender is given to
 * its [SendTask.async] instead, so that slow calls holding every sender do not hold up the others for long. Calls in
 * flight that end and start again (a server answering many users) so find a sender free a moment later rather than
 * go through `sendAsync`, which on one or two processors starts a new thread for every call.
 */
internal class Senders(max: Int, private val waitMillis: Long, private val virtual: ExecutorService? = VirtualThreads.executor) {
    private val pool = ThreadPoolExecutor(0, max, 60, TimeUnit.SECONDS, SynchronousQueue()) { r ->
        Thread(r, "switchboard-jdk-send").apply { isDaemon = true }
    }
    private val waiting = ConcurrentLinkedQueue<SendTask>()

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
        try {
            pool.execute { drain(task) }
            return
        } catch (e: RejectedExecutionException) {
            if (pool.isShutdown) {
                if (task.claim()) task.async()
                return
            }
        }
        waiting.add(task)
        // A sender may have gone idle between the rejection and the add: it takes the task if so.
        try {
            pool.execute { drain(null) }
        } catch (e: RejectedExecutionException) {
            // every sender busy: one will take it when done, or the timer below will
        }
        TIMER.schedule({ if (task.claim()) task.async() }, waitMillis, TimeUnit.MILLISECONDS)
    }

    /** Runs [first] (when given) and then waiting tasks, until none is left. */
    private fun drain(first: SendTask?) {
        var task = first
        while (true) {
            if (task != null && task.claim()) task.runOn(Thread.currentThread())
            task = waiting.poll() ?: return
        }
    }

    /** Lets idle senders end; waiting tasks are given to their [SendTask.async]. */
    fun shutdown() {
        pool.shutdown()
        while (true) {
            val task = waiting.poll() ?: return
            if (task.claim()) task.async()
        }
    }

    private companion object {
        /** Gives tasks that waited too long to `sendAsync`: one daemon thread for the JVM, started on first use. */
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

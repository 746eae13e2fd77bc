package dev.switchboard.java.internal

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.Executor
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.locks.LockSupport

/** The executor that runs Java callers' code by default; see [ElasticExecutor]. */
internal object CallbackExecutors {
    @JvmField
    val DEFAULT: Executor = ElasticExecutor(
        name = "switchboard-callback",
        core = maxOf(2, Runtime.getRuntime().availableProcessors()),
        starvationNanos = TimeUnit.MILLISECONDS.toNanos(10),
        keepAliveNanos = TimeUnit.SECONDS.toNanos(60),
    )
}

/**
 * A pool of daemon threads for code that may block: the dependent actions of the facade's futures, stream
 * subscribers' `onNext`, stream listeners. As many threads as cores while tasks are short; when no task leaves the
 * queue for two [starvationNanos] intervals and every thread is blocked (waiting, sleeping or on a lock, as when
 * callbacks block), a watchdog adds a thread, and again after each two such intervals, so blocked callbacks delay the
 * others by about that much and never hold them up for good.
 *
 * A thread that is runnable is either computing or waiting for a processor: on a machine with more runnable threads
 * than cores (a burst of thousands of streams on two) no task may leave the queue for tens of milliseconds while
 * every worker is busy, and a thread added then only competes for the same processors. So while any worker is
 * runnable the watchdog waits [SLOW_INTERVALS] intervals instead of two. A callback blocked in a socket read also
 * reads as runnable, so it still gets a thread after that longer wait.
 * Threads idle for [keepAliveNanos] end.
 *
 * Measured against the alternatives (2 cores): `ForkJoinPool.commonPool()`, which `CompletableFuture` uses, has one
 * worker there, so one blocking callback stops every other and a callback reading a stream deadlocks on events the
 * same worker has to deliver; a cached pool (`Executors.newCachedThreadPool`) never waits either, but starts a thread
 * whenever none is idle at the instant a task arrives: 2,000 streams cancelled at once left 45 threads behind, where
 * this pool uses its core threads.
 */
internal class ElasticExecutor(
    private val name: String,
    private val core: Int,
    private val starvationNanos: Long,
    private val keepAliveNanos: Long,
) : Executor {
    private val tasks = LinkedBlockingQueue<Runnable>()
    private val workers = AtomicInteger()
    private val idle = AtomicInteger()
    /** Tasks taken from the queue so far: the watchdog's measure of progress. */
    private val taken = AtomicLong()
    private val threadNumber = AtomicInteger()
    /** The running workers, for the watchdog to tell blocked ones from runnable ones. */
    private val threads: MutableSet<Thread> = ConcurrentHashMap.newKeySet()

    @Volatile private var watchdog: Thread? = null

    override fun execute(task: Runnable) {
        tasks.offer(task)
        if (idle.get() > 0) return // an idle worker takes it (a worker that times out re-checks the queue)
        if (startWorker(limit = core)) return
        wakeWatchdog()
    }

    /** Starts a worker unless [limit] are running; true when it did. */
    private fun startWorker(limit: Int): Boolean {
        while (true) {
            val n = workers.get()
            if (n >= limit) return false
            if (workers.compareAndSet(n, n + 1)) break
        }
        Thread(::work, name + "-" + threadNumber.incrementAndGet()).apply { isDaemon = true }.start()
        return true
    }

    private fun work() {
        val self = Thread.currentThread()
        threads.add(self)
        try {
            serve()
        } finally {
            threads.remove(self)
        }
    }

    private fun serve() {
        while (true) {
            idle.incrementAndGet()
            val task = try {
                tasks.poll(keepAliveNanos, TimeUnit.NANOSECONDS)
            } catch (e: InterruptedException) {
                null
            } finally {
                idle.decrementAndGet()
            }
            if (task == null) {
                workers.decrementAndGet()
                // A task offered while this worker still counted as idle is taken by it after all.
                if (tasks.isEmpty()) return
                workers.incrementAndGet()
                continue
            }
            taken.incrementAndGet()
            try {
                task.run()
            } catch (t: Throwable) {
                val thread = Thread.currentThread()
                thread.uncaughtExceptionHandler.uncaughtException(thread, t)
            }
        }
    }

    private fun wakeWatchdog() {
        val current = watchdog
        if (current != null) {
            LockSupport.unpark(current)
            return
        }
        synchronized(this) {
            if (watchdog == null) {
                watchdog = Thread(::watch, "$name-watchdog").apply { isDaemon = true; start() }
            } else {
                LockSupport.unpark(watchdog)
            }
        }
    }

    /**
     * While tasks wait, adds a worker whenever none was taken for two starvation intervals in a row with every worker
     * blocked, or for [SLOW_INTERVALS] with one runnable: a pause of the whole JVM (a collection) or of its threads by
     * the OS stops the watchdog too, and after it the workers move again within the second interval, so such pauses
     * add no thread.
     */
    private fun watch() {
        var stalledIntervals = 0
        while (true) {
            if (tasks.isEmpty()) {
                stalledIntervals = 0
                LockSupport.park(this)
                continue
            }
            val before = taken.get()
            val deadline = System.nanoTime() + starvationNanos
            while (true) {
                val left = deadline - System.nanoTime()
                if (left <= 0) break
                LockSupport.parkNanos(this, left) // an execute() may wake it early
            }
            // Only when nothing moved: busy workers that keep taking tasks are slow, not stuck, and more threads than
            // cores would not make them faster.
            stalledIntervals = if (taken.get() == before && !tasks.isEmpty() && idle.get() == 0) stalledIntervals + 1 else 0
            if (stalledIntervals >= 2 && (stalledIntervals >= SLOW_INTERVALS || threads.none(::isRunnable))) {
                startWorker(limit = Int.MAX_VALUE)
                stalledIntervals = 0
            }
        }
    }

    private fun isRunnable(thread: Thread): Boolean = thread.state == Thread.State.RUNNABLE

    private companion object {
        /** Stalled intervals before a thread is added while a worker is runnable (computing, or waiting for a core). */
        const val SLOW_INTERVALS = 20
    }
}

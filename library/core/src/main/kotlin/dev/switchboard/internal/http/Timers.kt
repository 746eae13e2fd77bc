package dev.switchboard.internal.http

import java.util.concurrent.ScheduledFuture
import java.util.concurrent.ScheduledThreadPoolExecutor
import java.util.concurrent.TimeUnit

/**
 * One daemon thread that runs the transport's timeouts. A scheduled task is cancelled without an
 * exception (unlike a coroutine timer), so a call that finishes in time throws and catches nothing.
 * Tasks only read a clock and cancel a job, so one thread serves every client.
 */
internal object Timers {
    private val executor = ScheduledThreadPoolExecutor(1) { r ->
        Thread(r, "switchboard-timeouts").apply { isDaemon = true }
    }.apply {
        removeOnCancelPolicy = true
        setExecuteExistingDelayedTasksAfterShutdownPolicy(false)
    }

    /** Runs [task] after [delayNanos]. */
    fun schedule(delayNanos: Long, task: Runnable): ScheduledFuture<*> =
        executor.schedule(task, delayNanos.coerceAtLeast(0), TimeUnit.NANOSECONDS)
}

package dev.switchboard.java.internal

import java.util.concurrent.Executor
import java.util.concurrent.SynchronousQueue
import java.util.concurrent.ThreadFactory
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * The executor that runs Java callers' code by default: the dependent actions of the facade's futures, stream
 * subscribers' `onNext`, stream listeners. A cached pool of daemon threads, one JVM-wide: a callback that blocks
 * keeps only its own thread, and the next callback gets another (a new thread if none is idle), so no callback
 * waits for another and none holds up the library, whose own work runs on the HTTP engine's threads and the
 * coroutine schedulers. Idle threads end after 60 s.
 *
 * `ForkJoinPool.commonPool()`, which `CompletableFuture` itself uses, was the other candidate: on 1 or 2 cores it
 * has one worker, so one callback blocking in `thenApply` holds up every other user of the pool, and a callback
 * reading a stream (`createAsync(..).thenApply(x -> readAll(createStreamBlocking(..)))`) would wait for events that
 * the same worker has to deliver.
 */
internal object CallbackExecutors {
    private val threads = AtomicInteger()

    @JvmField
    val DEFAULT: Executor = ThreadPoolExecutor(
        0, Int.MAX_VALUE, 60L, TimeUnit.SECONDS, SynchronousQueue(),
        ThreadFactory { task ->
            Thread(task, "switchboard-callback-" + threads.incrementAndGet()).apply { isDaemon = true }
        },
    )
}

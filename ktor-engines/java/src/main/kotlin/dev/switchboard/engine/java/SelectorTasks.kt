package dev.switchboard.engine.java

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asExecutor
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicInteger

/**
 * The executor of one JDK client. The JDK hands its executor only the tasks of its selector thread (it runs the
 * others where they arise); this runs them right there, on the selector thread, while the client has at most
 * [INLINE_UP_TO] exchanges under way ([active]), and passes them to a pool of as many threads as there are processors
 * beyond that, so that one thread does not cap what a client with thousands of connections can do. TLS handshake
 * work, slow enough to hold up every other connection, always goes to [Dispatchers.IO].
 *
 * That pool is a view of [Dispatchers.IO] of its own ([kotlinx.coroutines.CoroutineDispatcher.limitedParallelism]),
 * not [Dispatchers.Default]: user code blocks Default's few threads (a caller without a dispatcher of its own runs
 * there, see the transport), and with every Default thread blocked the client's I/O would stop for every caller. A
 * view of IO gets threads of its own when others are blocked, and no user code runs on it.
 *
 * Running them in place saves a handoff between threads per task: measured on the benchmarks (2 cores), about a
 * quarter less CPU per call and a sixth less per streamed chunk than handing each to a pool.
 */
internal class SelectorTasks(private val active: AtomicInteger) : Executor {
    override fun execute(task: Runnable) {
        when {
            task.javaClass.name.startsWith(TLS_TASKS) -> Pools.IO.execute(task)
            active.get() > INLINE_UP_TO -> Pools.POOL.execute(task)
            else -> task.run()
        }
    }

    /** The dispatchers, loaded when a task first needs one (not while the JVM's first client is being built). */
    private object Pools {
        val IO: Executor = Dispatchers.IO.asExecutor()
        val POOL: Executor = Dispatchers.IO.limitedParallelism(Runtime.getRuntime().availableProcessors().coerceAtLeast(2)).asExecutor()
    }

    private companion object {
        const val INLINE_UP_TO = 256
        const val TLS_TASKS = "jdk.internal.net.http.common.SSLFlowDelegate"
    }
}

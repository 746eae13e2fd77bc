package dev.switchboard.engine.java

import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.ThreadFactory

/**
 * Virtual threads where the JVM has them (JDK 21 and later), found at run time so that the module still runs on
 * JDK 17: an executor that starts a virtual thread named `switchboard-jdk-send` for every task. The system property
 * `switchboard.jdk.virtualThreads=false` turns them off (the bounded platform senders are used, as on JDK 17).
 */
internal object VirtualThreads {
    /** The system property that turns virtual senders off when `false`. */
    const val PROPERTY: String = "switchboard.jdk.virtualThreads"

    /** A virtual-thread-per-task executor, or null on a JVM without virtual threads or when turned off. */
    val executor: ExecutorService? by lazy { if (System.getProperty(PROPERTY) == "false") null else create() }

    private fun create(): ExecutorService? = try {
        val builder = Thread::class.java.getMethod("ofVirtual").invoke(null)
        val ofVirtual = Class.forName("java.lang.Thread\$Builder\$OfVirtual")
        val named = ofVirtual.getMethod("name", String::class.java, Long::class.javaPrimitiveType).invoke(builder, "switchboard-jdk-send-", 0L)
        val factory = Class.forName("java.lang.Thread\$Builder").getMethod("factory").invoke(named) as ThreadFactory
        Executors::class.java.getMethod("newThreadPerTaskExecutor", ThreadFactory::class.java).invoke(null, factory) as ExecutorService
    } catch (e: ReflectiveOperationException) {
        null // JDK 17 to 20: no virtual threads (or, on 19 and 20, only as a preview)
    } catch (e: UnsupportedOperationException) {
        null
    }
}

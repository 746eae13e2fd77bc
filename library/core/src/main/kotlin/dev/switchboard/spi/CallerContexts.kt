package dev.switchboard.spi

import java.util.ServiceConfigurationError
import java.util.ServiceLoader
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext

/**
 * Captures what the calling thread carries for the calls it starts (a tracing context, a logging context), as a
 * coroutine context to run them in: the seam through which a library such as `switchboard-opentelemetry` reaches
 * into the calls that the Java facade runs on other threads, without the facade depending on it.
 *
 * Found with [java.util.ServiceLoader]: a module registers its implementation in
 * `META-INF/services/dev.switchboard.spi.CallerContextCapture`. Naming or implementing one needs the [SwitchboardSpi]
 * opt-in.
 */
@SwitchboardSpi
public interface CallerContextCapture {
    /**
     * The calling thread's context as elements to add to the coroutine of a call it starts (for OpenTelemetry, its
     * current `Context` as a thread-context element), or [EmptyCoroutineContext] when it has nothing to carry.
     *
     * Called on the caller's thread at the moment it starts an asynchronous call, so it must be quick and must not
     * block. It must not add a [kotlin.coroutines.ContinuationInterceptor] or a `Job`: the call keeps its own.
     */
    public fun capture(): CoroutineContext
}

/**
 * The [CallerContextCapture]s on the classpath, found once per class loader of this library, and what they capture
 * together. A bridge that runs a call on another thread than its caller's (the Java facade's futures and publishers)
 * adds [capture], taken on the caller's thread when the call is made, to the call's coroutine.
 */
@SwitchboardSpi
public object CallerContexts {
    private val captures: List<CallerContextCapture> by lazy { discover() }

    /**
     * What every [CallerContextCapture] captures on the calling thread, combined; [EmptyCoroutineContext] (and no
     * allocation) when there is none. A capture that throws is left out: carrying a context must never fail a call.
     */
    @JvmStatic
    public fun capture(): CoroutineContext {
        val all = captures
        if (all.isEmpty()) return EmptyCoroutineContext
        var context: CoroutineContext = EmptyCoroutineContext
        for (capture in all) {
            try {
                context += capture.capture()
            } catch (_: Exception) {
                // Left out, as documented.
            }
        }
        return context
    }

    private fun discover(): List<CallerContextCapture> {
        val own = load(CallerContextCapture::class.java.classLoader)
        return own.ifEmpty { Thread.currentThread().contextClassLoader?.let(::load) ?: emptyList() }
    }

    private fun load(loader: ClassLoader?): List<CallerContextCapture> {
        val out = ArrayList<CallerContextCapture>()
        val iterator = ServiceLoader.load(CallerContextCapture::class.java, loader).iterator()
        while (true) {
            try {
                if (!iterator.hasNext()) break
                out += iterator.next()
            } catch (_: ServiceConfigurationError) {
                // A provider that cannot load (its dependencies missing) carries nothing.
            } catch (_: LinkageError) {
                // Likewise.
            }
        }
        return out
    }
}

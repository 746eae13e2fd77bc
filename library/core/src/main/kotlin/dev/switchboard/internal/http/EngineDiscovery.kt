package dev.switchboard.internal.http

import dev.switchboard.spi.EngineProvider
import java.util.ServiceConfigurationError
import java.util.ServiceLoader

/** Finds the Ktor engine binding to use when the options name none: the highest priority wins. */
internal object EngineDiscovery {
    internal const val NO_ENGINE: String =
        "No HTTP engine for Switchboard was found on the classpath. Add one of the engine artifacts: " +
            "dev.switchboard:switchboard-engine-java (recommended: JDK HttpClient, pooled connections), " +
            "switchboard-engine-okhttp, switchboard-engine-apache5 or switchboard-engine-cio; " +
            "or pass HttpOptions.builder().engine(...) or .httpClient(...)."

    private val discovered: Result<EngineProvider> by lazy { runCatching { discover() } }

    /** The engine binding found with [ServiceLoader]; the search happens once per class loader of this library. */
    fun default(): EngineProvider = discovered.getOrThrow()

    /** The provider of highest priority among [providers] (ties go to the first name in alphabetical order), or null. */
    fun select(providers: Iterable<EngineProvider>): EngineProvider? =
        providers.maxWithOrNull(compareBy<EngineProvider> { it.priority }.thenByDescending { it.name })

    private fun discover(): EngineProvider {
        val problems = ArrayList<String>()
        val own = load(EngineProvider::class.java.classLoader, problems)
        val found = own.ifEmpty {
            Thread.currentThread().contextClassLoader?.let { load(it, problems) } ?: emptyList()
        }
        return select(found) ?: throw IllegalStateException(
            if (problems.isEmpty()) NO_ENGINE else "$NO_ENGINE Engines that failed to load: ${problems.joinToString("; ")}",
        )
    }

    private fun load(loader: ClassLoader?, problems: MutableList<String>): List<EngineProvider> {
        val out = ArrayList<EngineProvider>()
        val iterator = ServiceLoader.load(EngineProvider::class.java, loader).iterator()
        while (true) {
            try {
                if (!iterator.hasNext()) break
                out += iterator.next()
            } catch (e: ServiceConfigurationError) {
                problems += e.message ?: e.toString()
            } catch (e: LinkageError) {
                problems += e.toString()
            }
        }
        return out
    }
}

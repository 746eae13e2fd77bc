package dev.switchboard.engine.apache5

import dev.switchboard.HttpOptions
import dev.switchboard.spi.EngineProvider
import dev.switchboard.spi.FailureKind
import dev.switchboard.spi.HttpExchanger
import dev.switchboard.spi.KtorExchanger
import io.ktor.client.engine.apache5.Apache5

/**
 * The Ktor `Apache5` engine, through the [KtorExchanger], over Apache HttpClient 5 (async): a pooled connection manager that keeps
 * connections alive for every method.
 *
 * Its socket timeout (10 seconds by default, which would cut a model that thinks before it answers)
 * is switched off: the transport enforces the request and stream-idle timeouts itself.
 *
 * Discovered with [java.util.ServiceLoader]; pass it to [HttpOptions.Builder.engine] to choose it explicitly.
 */
public object Apache5EngineProvider : EngineProvider {
    override val name: String = "apache5"
    override val priority: Int = 200

    override fun create(options: HttpOptions): HttpExchanger = KtorExchanger.over(engine(options), name) { failure ->
        // Apache's own connect timeout is a SocketTimeoutException whose message does not say "connect".
        if (failure is org.apache.hc.client5.http.ConnectTimeoutException) FailureKind.CONNECT_TIMEOUT else null
    }

    private fun engine(options: HttpOptions) = Apache5.create {
        connectTimeout = options.connectTimeout.toMillis()
        socketTimeout = 0
        followRedirects = false
        // Each model stream holds a connection for its whole length: with Ktor's pool of 1,000, further calls waited
        // for a connection until they failed (seen with 10,000 slow streams in the benchmarks).
        configureConnectionManager {
            setMaxConnTotal(MAX_CONNECTIONS)
            setMaxConnPerRoute(MAX_CONNECTIONS)
        }
    }

    private const val MAX_CONNECTIONS = 65_536
}

/** The [java.util.ServiceLoader] entry for [Apache5EngineProvider] (a loader needs a class with a no-argument constructor). */
internal class Apache5EngineService : EngineProvider by Apache5EngineProvider

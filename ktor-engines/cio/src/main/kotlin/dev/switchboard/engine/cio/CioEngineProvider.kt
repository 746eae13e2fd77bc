package dev.switchboard.engine.cio

import dev.switchboard.HttpOptions
import dev.switchboard.spi.EngineProvider
import dev.switchboard.spi.HttpExchanger
import dev.switchboard.spi.KtorExchanger
import io.ktor.client.engine.cio.CIO

/**
 * The Ktor `CIO` engine, through the [KtorExchanger]: pure Kotlin coroutines, no other dependency. It has the lowest priority
 * because it sends every POST on a dedicated connection that it closes afterwards (no keep-alive for
 * model calls, so each pays a new TCP and TLS handshake); prefer `switchboard-engine-java`.
 *
 * CIO's own 15-second request timeout is switched off (it would cut long streams): the transport
 * enforces the request and stream-idle timeouts itself.
 *
 * Discovered with [java.util.ServiceLoader]; pass it to [HttpOptions.Builder.engine] to choose it explicitly.
 */
public object CioEngineProvider : EngineProvider {
    override val name: String = "cio"
    override val priority: Int = 100

    override fun create(options: HttpOptions): HttpExchanger = KtorExchanger.over(engine(options), name)

    private fun engine(options: HttpOptions) = CIO.create {
        requestTimeout = 0
        maxConnectionsCount = MAX_CONNECTIONS
        endpoint.connectTimeout = options.connectTimeout.toMillis()
        endpoint.maxConnectionsPerRoute = MAX_CONNECTIONS
        endpoint.connectAttempts = 1
    }

    /**
     * Each model stream holds a connection for its whole length: with Ktor's limit of 1,000, further calls waited
     * for a connection until they failed with a connect timeout (seen with 10,000 slow streams in the benchmarks).
     */
    private const val MAX_CONNECTIONS = 65_536
}

/** The [java.util.ServiceLoader] entry for [CioEngineProvider] (a loader needs a class with a no-argument constructor). */
internal class CioEngineService : EngineProvider by CioEngineProvider

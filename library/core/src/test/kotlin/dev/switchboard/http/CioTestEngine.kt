package dev.switchboard.http

import dev.switchboard.HttpOptions
import dev.switchboard.spi.EngineProvider
import io.ktor.client.engine.HttpClientEngine
import io.ktor.client.engine.cio.CIO

/** The CIO engine for core's own transport tests (the engine modules test themselves with [EngineContractSuite]). */
internal object CioTestEngine : EngineProvider {
    override val name: String = "cio-test"
    override val priority: Int = 0
    override fun create(options: HttpOptions): HttpClientEngine = CIO.create {
        requestTimeout = 0
        endpoint.connectTimeout = options.connectTimeout.toMillis()
    }
}

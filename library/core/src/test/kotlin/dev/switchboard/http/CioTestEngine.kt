package dev.switchboard.http

import dev.switchboard.HttpOptions
import dev.switchboard.spi.EngineProvider
import dev.switchboard.spi.HttpExchanger
import dev.switchboard.spi.KtorExchanger
import io.ktor.client.engine.HttpClientEngine
import io.ktor.client.engine.cio.CIO

/**
 * The CIO engine, through the Ktor adapter, for core's own transport tests (the engine modules test themselves with
 * [EngineContractSuite]).
 */
internal object CioTestEngine : EngineProvider {
    override val name: String = "cio-test"
    override val priority: Int = 0
    override fun create(options: HttpOptions): HttpExchanger = KtorExchanger.over(ktorEngine(options), name)

    /** The Ktor engine itself, for tests that build a Ktor client of their own. */
    fun ktorEngine(options: HttpOptions): HttpClientEngine = CIO.create {
        requestTimeout = 0
        endpoint.connectTimeout = options.connectTimeout.toMillis()
    }
}

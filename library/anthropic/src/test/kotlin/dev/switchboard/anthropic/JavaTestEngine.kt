package dev.switchboard.anthropic

import dev.switchboard.HttpOptions
import dev.switchboard.spi.EngineProvider
import io.ktor.client.engine.HttpClientEngine
import io.ktor.client.engine.java.Java

/** Ktor's Java engine, chosen explicitly so that these tests do not depend on engine discovery. */
internal object JavaTestEngine : EngineProvider {
    override val name: String = "java-test"
    override val priority: Int = 0
    override fun create(options: HttpOptions): HttpClientEngine = Java.create()
}

package dev.switchboard.engine.cio

import dev.switchboard.HttpOptions
import dev.switchboard.http.EngineContractSuite
import dev.switchboard.spi.HttpTransport
import io.kotest.matchers.shouldBe

class CioEngineTest : EngineContractSuite(CioEngineProvider, reusesConnections = false) {
    init {
        test("ServiceLoader finds this engine when it is the only one on the classpath") {
            HttpTransport("p", HttpOptions.DEFAULT).use { it.engineName shouldBe "cio" }
        }
    }
}

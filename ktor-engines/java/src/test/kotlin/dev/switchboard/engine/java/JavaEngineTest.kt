package dev.switchboard.engine.java

import dev.switchboard.HttpOptions
import dev.switchboard.http.EngineContractSuite
import dev.switchboard.spi.HttpTransport
import io.kotest.matchers.shouldBe

class JavaEngineTest : EngineContractSuite(JavaEngineProvider, reusesConnections = true) {
    init {
        test("ServiceLoader finds this engine when it is the only one on the classpath") {
            HttpTransport("p", HttpOptions.DEFAULT).use { it.engineName shouldBe "java" }
        }
    }
}

package dev.switchboard.engine.apache5

import dev.switchboard.HttpOptions
import dev.switchboard.http.EngineContractSuite
import dev.switchboard.spi.HttpTransport
import io.kotest.matchers.shouldBe

/**
 * The engine contract, but for one point: cancelling an exchange does not always close Apache5's connection. On this
 * project's 2-core machines the server saw no close in 5 of 11 runs of the two cancellation tests (2 in CI, one with a
 * 30 s wait; cause not found: the Ktor Apache5 engine cancels Apache's future, which sometimes leaves the connection
 * open). The README
 * says so where it describes the engines; the default JDK engine and OkHttp close every time.
 */
class Apache5EngineTest : EngineContractSuite(Apache5EngineProvider, reusesConnections = true, closesOnCancel = false) {
    init {
        test("ServiceLoader finds this engine when it is the only one on the classpath") {
            HttpTransport("p", HttpOptions.DEFAULT).use { it.engineName shouldBe "apache5" }
        }
    }
}

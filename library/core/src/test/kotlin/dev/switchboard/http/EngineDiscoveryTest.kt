package dev.switchboard.http

import dev.switchboard.HttpOptions
import dev.switchboard.internal.http.EngineDiscovery
import dev.switchboard.spi.EngineProvider
import dev.switchboard.spi.HttpTransport
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import dev.switchboard.spi.HttpExchanger

class EngineDiscoveryTest : FunSpec({
    fun provider(name: String, priority: Int) = object : EngineProvider {
        override val name = name
        override val priority = priority
        override fun create(options: HttpOptions): HttpExchanger = error("not used")
    }

    test("the highest priority wins, ties go to the first name") {
        EngineDiscovery.select(listOf(provider("cio", 0), provider("java", 100), provider("okhttp", 50)))!!.name shouldBe "java"
        EngineDiscovery.select(listOf(provider("b", 1), provider("a", 1)))!!.name shouldBe "a"
        EngineDiscovery.select(emptyList()) shouldBe null
    }

    test("without an engine module on the classpath the error names the artifacts to add") {
        // core's own test classpath has no switchboard-engine-* module.
        val e = shouldThrow<IllegalStateException> { HttpTransport("p", HttpOptions.DEFAULT) }
        e.message!! shouldContain "switchboard-engine-java"
        e.message!! shouldContain "switchboard-engine-okhttp"
        e.message!! shouldContain "switchboard-engine-apache5"
        e.message!! shouldContain "switchboard-engine-cio"
        e.message!! shouldContain "HttpOptions.builder().engine"
    }

    test("an explicit engine needs no discovery") {
        HttpTransport("p", HttpOptions.builder().engine(CioTestEngine).build()).use { it.engineName shouldBe "cio-test" }
    }
})

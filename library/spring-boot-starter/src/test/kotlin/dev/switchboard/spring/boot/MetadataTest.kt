package dev.switchboard.spring.boot

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

/** The IDE-completion metadata parses and names every property the starter reads; the auto-configuration is registered. */
class MetadataTest : FunSpec({
    fun resource(name: String): String =
        javaClass.classLoader.getResourceAsStream(name)!!.readBytes().toString(Charsets.UTF_8)

    test("additional-spring-configuration-metadata.json names the client and telemetry properties") {
        val root = Json.parseToJsonElement(resource("META-INF/additional-spring-configuration-metadata.json")).jsonObject
        val names = root["properties"]!!.jsonArray.map { it.jsonObject["name"]!!.jsonPrimitive.content }
        names shouldContainAll listOf("switchboard.clients.*.provider", "switchboard.clients.*.config", "switchboard.clients.*.primary", "switchboard.telemetry.enabled")
    }

    test("the auto-configuration and the failure analyzer are registered") {
        resource("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports").trim() shouldBe
            SwitchboardAutoConfiguration::class.java.name
        resource("META-INF/spring.factories").trim() shouldBe
            "org.springframework.boot.diagnostics.FailureAnalyzer=dev.switchboard.spring.boot.internal.ConfigFailureAnalyzer"
    }
})

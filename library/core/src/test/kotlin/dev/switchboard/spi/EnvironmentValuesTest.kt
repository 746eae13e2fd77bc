package dev.switchboard.spi

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class EnvironmentValuesTest : FunSpec({
    test("first takes the first variable set to a non-blank value, trimmed") {
        val env = mapOf("A" to "  ", "B" to " value-b ", "C" to "value-c")
        EnvironmentValues.first(env::get, "A", "B", "C") shouldBe "value-b"
        EnvironmentValues.first(env::get, "C", "B") shouldBe "value-c"
        EnvironmentValues.first(env::get, "A", "MISSING") shouldBe null
        EnvironmentValues.first(env::get) shouldBe null
    }
})

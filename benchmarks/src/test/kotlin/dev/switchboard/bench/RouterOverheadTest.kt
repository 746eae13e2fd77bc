package dev.switchboard.bench

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.shouldBe

/** Keeps the router's overhead measurement runnable at a tiny size; the figures themselves are measured by its main. */
class RouterOverheadTest : FunSpec({
    test("the overhead measurement runs bare and routed creates and streams") {
        val figures = RouterOverhead.measure(200)
        figures.keys shouldBe setOf("create, bare", "create, routed", "stream, bare", "stream, routed")
        figures.getValue("create, routed").cpuNs shouldBeGreaterThan 0.0
    }
})

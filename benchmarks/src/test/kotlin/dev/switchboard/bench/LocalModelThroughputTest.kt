package dev.switchboard.bench

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThan

/** Keeps the local-model throughput measurement runnable at a tiny size; the figures are measured by its main. */
class LocalModelThroughputTest : FunSpec({
    test("both sides generate exactly the asked tokens and a rate is measured for each") {
        val f = LocalModelThroughput.measure(tokens = 32, reps = 2, threads = 1)
        f.libraryTokensPerSecond shouldBeGreaterThan 0.0
        f.libraryCreateTokensPerSecond shouldBeGreaterThan 0.0
        f.directTokensPerSecond shouldBeGreaterThan 0.0
    }
})

package dev.switchboard

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class RequestUsageTest : FunSpec({
    test("plus adds every field") {
        val a = RequestUsage(100, 20, cachedTokens = 30, reasoningTokens = 5, cacheWriteTokens = 7)
        val b = RequestUsage(1, 2, cachedTokens = 3, reasoningTokens = 4, cacheWriteTokens = 5)
        a + b shouldBe RequestUsage(101, 22, cachedTokens = 33, reasoningTokens = 9, cacheWriteTokens = 12)
        b + a shouldBe a + b
    }

    test("ZERO is the identity and totalTokens is prompt plus completion") {
        val a = RequestUsage.of(12, 8)
        a + RequestUsage.ZERO shouldBe a
        RequestUsage.ZERO + a shouldBe a
        a.totalTokens shouldBe 20
        RequestUsage(5, 5, reasoningTokens = 3, cachedTokens = 2).totalTokens shouldBe 10
    }

    test("a running total that outgrows Int stays at Int.MAX_VALUE instead of turning negative") {
        var total = RequestUsage.ZERO
        val big = RequestUsage(1_500_000_000, 1_500_000_000, 1_500_000_000, 1_500_000_000, 1_500_000_000)
        repeat(3) { total += big }
        total shouldBe RequestUsage(Int.MAX_VALUE, Int.MAX_VALUE, Int.MAX_VALUE, Int.MAX_VALUE, Int.MAX_VALUE)
        RequestUsage(Int.MAX_VALUE, 1).totalTokens shouldBe Int.MAX_VALUE
    }
})

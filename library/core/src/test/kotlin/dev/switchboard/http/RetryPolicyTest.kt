package dev.switchboard.http

import dev.switchboard.internal.http.RetryAfter
import dev.switchboard.internal.http.RetryPolicy
import dev.switchboard.ResponseHeaders
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeInRange
import io.kotest.matchers.shouldBe
import java.time.Duration
import java.time.Instant

class RetryPolicyTest : FunSpec({
    test("full jitter: a uniform delay below min(max, initial × 2^n)") {
        val top = RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(1000)) { 0.9999 }
        (0..6).map { top.delayMillis(it, null) } shouldBe listOf(99L, 199L, 399L, 799L, 999L, 999L, 999L)
        val bottom = RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(1000)) { 0.0 }
        bottom.delayMillis(3, null) shouldBe 0L
        val real = RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(1000))
        repeat(200) { real.delayMillis(2, null) shouldBeInRange 0L..400L }
        val spread = (1..200).map { real.delayMillis(3, null) }.toSet()
        (spread.size > 50) shouldBe true
    }

    test("a large retry number does not overflow") {
        RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30)) { 0.5 }.delayMillis(1000, null) shouldBe 15_000L
    }

    test("a server's delay replaces the computed one, capped at max") {
        val p = RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(10)) { 0.5 }
        p.delayMillis(0, Duration.ofSeconds(3)) shouldBe 3000L
        p.delayMillis(0, Duration.ofSeconds(60)) shouldBe 10_000L
        p.delayMillis(5, Duration.ZERO) shouldBe 0L
        p.delayMillis(0, Duration.ofSeconds(Long.MAX_VALUE)) shouldBe 10_000L
        p.delayMillis(0, Duration.ofSeconds(-5)) shouldBe 0L
    }

    test("Retry-After: delta seconds, fractional seconds, HTTP-dates in three formats, garbage") {
        val now = Instant.parse("2025-01-01T00:00:00Z")
        RetryAfter.parseValue("120", now) shouldBe Duration.ofSeconds(120)
        RetryAfter.parseValue(" 1.5 ", now) shouldBe Duration.ofMillis(1500)
        RetryAfter.parseValue("Wed, 01 Jan 2025 00:00:30 GMT", now) shouldBe Duration.ofSeconds(30)
        RetryAfter.parseValue("Wednesday, 01-Jan-25 00:00:30 GMT", now) shouldBe Duration.ofSeconds(30)
        RetryAfter.parseValue("Wed Jan  1 00:00:30 2025", now) shouldBe Duration.ofSeconds(30)
        RetryAfter.parseValue("Tue, 31 Dec 2024 23:00:00 GMT", now) shouldBe Duration.ZERO
        RetryAfter.parseValue("-5", now) shouldBe null
        RetryAfter.parseValue("soon", now) shouldBe null
        RetryAfter.parseValue("", now) shouldBe null
    }

    test("retry-after-ms wins over Retry-After; a bad retry-after-ms falls back") {
        fun h(vararg p: Pair<String, String>) = ResponseHeaders { n -> p.firstOrNull { it.first.equals(n, true) }?.second }
        RetryAfter.parse(h("retry-after-ms" to "250", "Retry-After" to "9")) shouldBe Duration.ofMillis(250)
        RetryAfter.parse(h("retry-after-ms" to "12.5")) shouldBe Duration.ofNanos(12_500_000)
        RetryAfter.parse(h("retry-after-ms" to "x", "Retry-After" to "9")) shouldBe Duration.ofSeconds(9)
        RetryAfter.parse(h()) shouldBe null
    }
})

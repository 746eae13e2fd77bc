package dev.switchboard.redis

import dev.switchboard.redis.internal.pxMillis
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.time.Duration

/** How a TTL becomes the milliseconds of `SET ... PX`: rounded up, at least 1, none for no TTL or one Redis cannot take. */
class PxMillisTest : FunSpec({
    test("no TTL: no PX") {
        pxMillis(null) shouldBe null
    }

    test("whole milliseconds are sent as they are") {
        pxMillis(Duration.ofMillis(1)) shouldBe 1L
        pxMillis(Duration.ofSeconds(60)) shouldBe 60_000L
    }

    test("a part of a millisecond is rounded up, so an entry never lives shorter than asked") {
        pxMillis(Duration.ofNanos(1)) shouldBe 1L
        pxMillis(Duration.ofNanos(1_500_000)) shouldBe 2L
        pxMillis(Duration.ofMillis(1).plusNanos(1)) shouldBe 2L
    }

    test("a TTL of zero or less is 1 ms (Redis refuses PX 0): the entry expires at once") {
        pxMillis(Duration.ZERO) shouldBe 1L
        pxMillis(Duration.ofSeconds(-5)) shouldBe 1L
    }

    test("a TTL longer than 10,000 years is no expiry, as Redis could not take it") {
        pxMillis(Duration.ofDays(365L * 10_000)) shouldBe 365L * 10_000 * 86_400_000
        pxMillis(Duration.ofDays(365L * 10_000 + 1)) shouldBe null
        pxMillis(Duration.ofSeconds(Long.MAX_VALUE)) shouldBe null
    }
})

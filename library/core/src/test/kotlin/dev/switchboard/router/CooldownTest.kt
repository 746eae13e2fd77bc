package dev.switchboard.router

import dev.switchboard.BadRequestException
import dev.switchboard.RateLimitException
import dev.switchboard.ServerException
import dev.switchboard.faults.FaultServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.delay
import kotlinx.coroutines.test.runTest
import java.time.Duration
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/** The first candidate always: the tests decide which deployment a call tries first. */
private val FIRST = RoutingStrategy { candidates, _, _ -> candidates.first() }

class CooldownTest : FunSpec({
    test("a deployment that fails the threshold within the window cools down, is skipped meanwhile, and is chosen again after") {
        runTest {
            val a = FakeClient("a").failing { ServerException("a is down", "fake", 503) }
            val b = FakeClient("b")
            val r = router {
                group("g") { strategy = FIRST; deployment("a", a); deployment("b", b) }
                settings(virtualSettings { failureThreshold = 3; failureWindow = 60.seconds; cooldown = 30.seconds; retries = 1 })
            }
            repeat(3) { r.create(ask()).content shouldBe "b" }
            a.calls.get() shouldBe 3
            r.deployment("g", "a").coolingDownFor shouldBe Duration.ofSeconds(30)
            r.deployment("g", "a").failures shouldBe 3L

            a.healthy()
            testScheduler.advanceTimeBy(29.seconds)
            r.create(ask()).content shouldBe "b"
            a.calls.get() shouldBe 3 // skipped while it cools down

            testScheduler.advanceTimeBy(1.seconds)
            r.deployment("g", "a").coolingDownFor shouldBe Duration.ZERO
            r.create(ask()).content shouldBe "a"
            // its failures were forgotten: one more failure does not cool it down again
            a.failing { ServerException("a again", "fake", 500) }
            r.create(ask()).content shouldBe "b"
            r.deployment("g", "a").coolingDownFor shouldBe Duration.ZERO
        }
    }

    test("failures further apart than the window never reach the threshold") {
        runTest {
            val a = FakeClient("a").failing { ServerException("flaky", "fake", 502) }
            val b = FakeClient("b")
            val r = router {
                group("g") { strategy = FIRST; deployment("a", a); deployment("b", b) }
                settings(virtualSettings { failureThreshold = 3; failureWindow = 60.seconds; retries = 1 })
            }
            repeat(5) {
                r.create(ask()).content shouldBe "b"
                testScheduler.advanceTimeBy(31.seconds)
            }
            a.calls.get() shouldBe 5
            r.deployment("g", "a").coolingDownFor shouldBe Duration.ZERO
        }
    }

    test("an error about the request is neither retried nor counted against the deployment") {
        runTest {
            val a = FakeClient("a").failing { BadRequestException("bad temperature", "fake") }
            val b = FakeClient("b")
            val r = router {
                group("g") { strategy = FIRST; deployment("a", a); deployment("b", b) }
                settings(virtualSettings { failureThreshold = 1 })
            }
            repeat(3) { shouldThrow<BadRequestException> { r.create(ask()) } }
            b.calls.get() shouldBe 0
            r.deployment("g", "a").failures shouldBe 0L
            r.deployment("g", "a").coolingDownFor shouldBe Duration.ZERO
        }
    }

    test("a 429's Retry-After cools the deployment down for that long at once, at most maxRetryAfter") {
        runTest {
            val a = FakeClient("a").failing { RateLimitException("slow down", "fake", retryAfter = Duration.ofMinutes(10)) }
            val b = FakeClient("b")
            val r = router {
                group("g") { strategy = FIRST; deployment("a", a); deployment("b", b) }
                settings(virtualSettings { failureThreshold = 5; maxRetryAfter = 2.minutes })
            }
            r.create(ask()).content shouldBe "b"
            r.deployment("g", "a").coolingDownFor shouldBe Duration.ofMinutes(2)
            a.failing { RateLimitException("slow down", "fake") } // no advice: an ordinary failure
            testScheduler.advanceTimeBy(2.minutes)
            r.create(ask()).content shouldBe "b"
            r.deployment("g", "a").coolingDownFor shouldBe Duration.ZERO
        }
    }

    test("over HTTP: a 429 with retry-after-ms sends the calls to the other deployment until it is over, then back") {
        FaultServer().use { busy ->
            FaultServer().use { spare ->
                busy.answer("429 once") { if (attempt == 1) respond(429, "application/json", """{"error":{"message":"busy"}}""", "retry-after-ms: 400") else answerText("busy") }
                spare.answer("spare") { answerText("spare") }
                val r = router {
                    group("g") { strategy = FIRST; deployment("busy", loopClient(busy, "m")); deployment("spare", loopClient(spare, "m")) }
                    settings { failureThreshold = 3; initialBackoff = kotlin.time.Duration.ZERO }
                }
                r.use {
                    r.create(ask()).content shouldBe "spare"
                    val cooling = r.deployment("g", "busy").coolingDownFor.toMillis()
                    cooling shouldBeGreaterThan 200L
                    cooling shouldBeLessThanOrEqual 400L
                    r.create(ask()).content shouldBe "spare"
                    busy.attempts shouldBe 1
                    delay(450)
                    r.create(ask()).content shouldBe "busy"
                    busy.attempts shouldBe 2
                }
            }
        }
    }
})

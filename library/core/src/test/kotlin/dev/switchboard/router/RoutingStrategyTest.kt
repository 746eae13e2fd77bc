package dev.switchboard.router

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.runTest
import kotlin.math.abs
import kotlin.time.Duration.Companion.seconds

/** Each strategy spreads the calls as it says, within a tolerance of about six standard deviations where it is random. */
class RoutingStrategyTest : FunSpec({
    test("simple shuffle spreads calls evenly over the deployments, weights ignored") {
        runTest {
            val clients = listOf(FakeClient("a"), FakeClient("b"), FakeClient("c"))
            val r = router {
                group("g") {
                    strategy = RoutingStrategies.SIMPLE_SHUFFLE
                    clients.forEachIndexed { i, c -> deployment(c.name, c, weight = 1 + 5 * i) }
                }
                settings(virtualSettings())
            }
            repeat(3000) { r.create(ask()) }
            for (c in clients) withClue(c.name) { c.calls.get() shouldBeInRange 850..1150 }
        }
    }

    test("weighted spreads calls in proportion to the weights") {
        runTest {
            val heavy = FakeClient("heavy")
            val light = FakeClient("light")
            val r = router {
                group("g") {
                    strategy = RoutingStrategies.WEIGHTED
                    deployment("heavy", heavy, weight = 3)
                    deployment("light", light, weight = 1)
                }
                settings(virtualSettings())
            }
            repeat(2000) { r.create(ask()) }
            heavy.calls.get() shouldBeInRange 1385..1615
            light.calls.get() shouldBe 2000 - heavy.calls.get()
        }
    }

    test("least busy sends each call to the deployment with the fewest calls in flight") {
        runTest {
            val a = FakeClient("a", delayMs = 1_000)
            val b = FakeClient("b", delayMs = 1_000)
            val r = router {
                group("g") {
                    strategy = RoutingStrategies.LEAST_BUSY
                    deployment("a", a)
                    deployment("b", b)
                }
                settings(virtualSettings())
            }
            (1..100).map { async { r.create(ask()) } }.awaitAll()
            abs(a.calls.get() - b.calls.get()) shouldBeLessThanOrEqual 1
            a.mostInFlight.get() shouldBeInRange 49..51
            // one deployment still busy with long calls: the next ones go to the other
            a.delayMs = 60_000
            b.delayMs = 10
            val longOnes = (1..4).map { async { r.create(ask()) } }
            testScheduler.advanceTimeBy(100)
            val busyA = a.inFlight.get()
            repeat(20) { r.create(ask()) }
            a.inFlight.get() shouldBe busyA
            longOnes.awaitAll()
        }
    }

    test("lowest latency prefers the deployment with the lowest moving average, and time to first token for streams") {
        runTest {
            val slow = FakeClient("slow", delayMs = 50)
            val fast = FakeClient("fast", delayMs = 5)
            val r = router {
                group("g") {
                    strategy = RoutingStrategies.LOWEST_LATENCY
                    deployment("slow", slow)
                    deployment("fast", fast)
                }
                settings(virtualSettings())
            }
            repeat(200) { r.create(ask()) }
            slow.calls.get() shouldBeLessThanOrEqual 2
            r.deployment("g", "fast").latency!!.toMillis() shouldBe 5
            r.deployment("g", "slow").latency!!.toMillis() shouldBe 50
            // streams: the slow one answers creates slowly but starts streams fastest
            slow.delayMs = 0
            fast.delayMs = 0
            slow.streamScript = { _, _ -> for (e in slow.answer().toStreamEvents()) emit(e) }
            fast.streamScript = { _, _ -> kotlinx.coroutines.delay(30); for (e in fast.answer().toStreamEvents()) emit(e) }
            val before = slow.calls.get()
            repeat(50) { r.createStream(ask()).toList() }
            (slow.calls.get() - before) shouldBeGreaterThanOrEqual 48
            r.deployment("g", "slow").timeToFirstToken!!.toMillis() shouldBe 0
        }
    }

    test("usage based sends each call to the deployment with the fewest tokens this minute") {
        runTest {
            val big = FakeClient("big")
            val small = FakeClient("small")
            big.onCall = { _, _ -> big.answer(tokens = 100) }
            small.onCall = { _, _ -> small.answer(tokens = 10) }
            val r = router {
                group("g") {
                    strategy = RoutingStrategies.USAGE_BASED
                    deployment("big", big)
                    deployment("small", small)
                }
                settings(virtualSettings())
            }
            repeat(110) { r.create(ask()) }
            val bigTokens = r.deployment("g", "big").tokensThisMinute
            val smallTokens = r.deployment("g", "small").tokensThisMinute
            abs(bigTokens - smallTokens) shouldBeLessThanOrEqual 100L
            big.calls.get() shouldBeInRange 9..11
            testScheduler.advanceTimeBy(61.seconds)
            r.deployment("g", "big").tokensThisMinute shouldBe 0L
            r.deployment("g", "small").tokensThisMinute shouldBe 0L
        }
    }

    test("a strategy of your own chooses among the available deployments, and one that answers a stranger fails the call") {
        runTest {
            val a = FakeClient("a")
            val b = FakeClient("b")
            val seen = ArrayList<List<String>>()
            val r = router {
                group("g") {
                    strategy = RoutingStrategy { candidates, request, streaming ->
                        seen += candidates.map { it.name }
                        if (request.priority > 5 && !streaming) candidates.last() else candidates.first()
                    }
                    deployment("a", a)
                    deployment("b", b)
                }
                settings(virtualSettings())
            }
            r.create(ask()).content shouldBe "a"
            r.create(ask(priority = 9)).content shouldBe "b"
            seen shouldBe listOf(listOf("a", "b"), listOf("a", "b"))

            val stranger = FakeClient("x")
            val other = router { group("o") { deployment("x", stranger) } }.deployment("o", "x")
            val broken = router {
                group("g") {
                    strategy = RoutingStrategy { _, _, _ -> other }
                    deployment("a", a)
                    deployment("b", b)
                }
                settings(virtualSettings())
            }
            shouldThrow<IllegalStateException> { broken.create(ask()) }.message!! shouldContain "not among the candidates"
        }
    }

    test("what a strategy or a gate throws reaches the caller as it is, without a retry or a fallback") {
        runTest {
            val a = FakeClient("a")
            val backup = FakeClient("backup")
            val bug = UnsupportedOperationException("strategy bug")
            val r = router {
                group("g") {
                    strategy = RoutingStrategy { _, _, _ -> throw bug }
                    deployment("a", a)
                    deployment("b", FakeClient("b"))
                }
                group("gated") { deployment("a", a, gate = { throw IllegalStateException("gate bug") }) }
                group("backup") { deployment("backup", backup) }
                fallback("g", to = "backup")
                fallback("gated", to = "backup")
                settings(virtualSettings())
            }
            shouldThrow<UnsupportedOperationException> { r.create(ask()) } shouldBe bug
            shouldThrow<IllegalStateException> { r.group("gated").create(ask()) }.message shouldBe "gate bug"
            backup.calls.get() shouldBe 0
            a.calls.get() shouldBe 0
        }
    }

    test("every built-in strategy is known by its name") {
        RoutingStrategies.NAMES.map { RoutingStrategies.named(it) } shouldBe listOf(
            RoutingStrategies.SIMPLE_SHUFFLE, RoutingStrategies.WEIGHTED, RoutingStrategies.LEAST_BUSY,
            RoutingStrategies.LOWEST_LATENCY, RoutingStrategies.USAGE_BASED,
        )
        shouldThrow<IllegalArgumentException> { RoutingStrategies.named("round-robin") }.message!! shouldContain "simple-shuffle"
    }
})

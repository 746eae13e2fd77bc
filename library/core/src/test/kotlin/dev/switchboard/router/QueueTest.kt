package dev.switchboard.router

import dev.switchboard.RateLimitException
import dev.switchboard.ServerException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import java.time.Duration
import java.util.Collections
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** The text of the last user message of the request, the name a test gives each call. */
private fun dev.switchboard.CreateRequest.label() = (messages.last() as dev.switchboard.UserMessage).text

class QueueTest : FunSpec({
    test("when every deployment is at its limit, calls wait and are served by priority, then in arrival order") {
        runTest {
            val order = Collections.synchronizedList(ArrayList<String>())
            val a = FakeClient("a", delayMs = 100)
            a.onCall = { _, request -> order += request.label(); null }
            val r = router {
                group("g") { deployment("a", a, maxInFlight = 1) }
                settings(virtualSettings())
            }
            val first = async { r.create(ask("first")) }
            runCurrent()
            val waiting = listOf("low" to 0, "urgent" to 5, "medium" to 1, "urgent-too" to 5, "background" to -1).map { (name, p) ->
                async(start = CoroutineStart.UNDISPATCHED) { r.create(ask(name, priority = p)) }
            }
            r.queued("g") shouldBe 5
            (waiting + first).awaitAll()
            order shouldBe listOf("first", "urgent", "urgent-too", "medium", "low", "background")
            a.mostInFlight.get() shouldBe 1
            r.queued("g") shouldBe 0
        }
    }

    test("the queue is bounded: past maxQueued a call fails at once with the router's RateLimitException") {
        runTest {
            val a = FakeClient("a", delayMs = 1_000)
            val r = router {
                group("g") { deployment("a", a, maxInFlight = 1) }
                settings(virtualSettings { maxQueued = 2 })
            }
            val running = (1..3).map { async(start = CoroutineStart.UNDISPATCHED) { r.create(ask()) } }
            r.queued("g") shouldBe 2
            val e = shouldThrow<RateLimitException> { r.create(ask()) }
            e.provider shouldBe "router"
            e.statusCode shouldBe 0
            e.message!! shouldContain "queue is full"
            e.message!! shouldContain "a: at its limit of 1 calls"
            testScheduler.currentTime shouldBe 0L
            running.awaitAll()
        }
    }

    test("a call waits at most queueTimeout, then fails and leaves the queue") {
        runTest {
            val a = FakeClient("a", delayMs = 10_000)
            val r = router {
                group("g") { deployment("a", a, maxInFlight = 1) }
                settings(virtualSettings { queueTimeout = 1.seconds })
            }
            val busy = async(start = CoroutineStart.UNDISPATCHED) { r.create(ask()) }
            val e = shouldThrow<RateLimitException> { r.create(ask()) }
            e.message!! shouldContain "within 1000 ms"
            testScheduler.currentTime shouldBe 1_000L
            r.queued("g") shouldBe 0
            busy.await()
        }
    }

    test("a cancelled call leaves the queue, and the next one takes its turn") {
        runTest {
            val a = FakeClient("a", delayMs = 100)
            val r = router {
                group("g") { deployment("a", a, maxInFlight = 1) }
                settings(virtualSettings())
            }
            val busy = async(start = CoroutineStart.UNDISPATCHED) { r.create(ask()) }
            val cancelled = launch(start = CoroutineStart.UNDISPATCHED) { r.create(ask(priority = 9)) }
            val next = async(start = CoroutineStart.UNDISPATCHED) { r.create(ask()) }
            r.queued("g") shouldBe 2
            cancelled.cancel()
            runCurrent()
            r.queued("g") shouldBe 1
            listOf(busy, next).awaitAll()
            a.calls.get() shouldBe 2
            testScheduler.currentTime shouldBe 200L
        }
    }

    test("with every deployment cooling down and no fallback, a call waits for the first cooldown to end") {
        runTest {
            val a = FakeClient("a").failing { ServerException("down", "fake", 503) }
            val b = FakeClient("b").failing { ServerException("down", "fake", 503) }
            val r = router {
                group("g") { deployment("a", a); deployment("b", b) }
                settings(virtualSettings { retries = 1; failureThreshold = 1; cooldown = 5.seconds })
            }
            shouldThrow<ServerException> { r.create(ask()) }
            a.healthy()
            b.healthy()
            r.create(ask()).content.let { it == "a" || it == "b" } shouldBe true
            testScheduler.currentTime shouldBe 5_000L
        }
    }

    test("a deployment whose gate is closed is skipped; with every gate closed, calls wait until one opens") {
        runTest {
            val opensAt = 2_000L
            val gate = DeploymentGate { if (testScheduler.currentTime >= opensAt) Duration.ZERO else Duration.ofMillis(opensAt - testScheduler.currentTime) }
            val a = FakeClient("a")
            val b = FakeClient("b")
            val r = router {
                group("g") { deployment("a", a, gate = gate); deployment("b", b) }
                group("both") { deployment("a", a, gate = gate); deployment("b", b, gate = gate) }
                settings(virtualSettings())
            }
            repeat(10) { r.create(ask()).content shouldBe "b" }
            a.calls.get() shouldBe 0
            r.group("both").create(ask())
            testScheduler.currentTime shouldBe opensAt
        }
    }

    test("with no queue (maxQueued 0) a call that finds no deployment available fails at once") {
        runTest {
            val a = FakeClient("a", delayMs = 50)
            val r = router {
                group("g") { deployment("a", a, maxInFlight = 1) }
                settings(virtualSettings { maxQueued = 0 })
            }
            val busy = async(start = CoroutineStart.UNDISPATCHED) { r.create(ask()) }
            shouldThrow<RateLimitException> { r.create(ask()) }.message!! shouldContain "none is available"
            busy.await()
            testScheduler.advanceTimeBy(10.milliseconds)
            r.create(ask()).content shouldBe "a"
        }
    }
})

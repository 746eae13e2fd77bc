package dev.switchboard.router

import dev.switchboard.ChatStreamEvent
import dev.switchboard.ContentFilterException
import dev.switchboard.ServerException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.faults.FaultServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext

private val FIRST = RoutingStrategy { candidates, _, _ -> candidates.first() }

/** The text of [events]. */
private fun text(events: List<ChatStreamEvent>) = events.filterIsInstance<ChatStreamEvent.TextDelta>().joinToString(" ") { it.text }

class RoutedStreamTest : FunSpec({
    timeout = 60_000L

    test("a stream that fails before its first event is retried on another deployment; the caller sees only that one") {
        FaultServer().use { down ->
            FaultServer().use { up ->
                down.answer("503") { respond(503, "application/json", """{"error":{"message":"overloaded"}}""") }
                up.answer("stream") { answerText("from up") }
                router {
                    group("g") { strategy = FIRST; deployment("down", loopClient(down, "m")); deployment("up", loopClient(up, "m")) }
                }.use { r ->
                    val events = r.createStream(ask()).toList()
                    text(events) shouldBe "from up"
                    (events.last() as ChatStreamEvent.Completed).result.content shouldBe "fromup"
                    down.attempts shouldBe 1
                    r.deployment("g", "down").failures shouldBe 1L
                    r.deployment("g", "up").timeToFirstToken.shouldNotBeNull()
                }
                withContext(Dispatchers.IO) { down.awaitNoneInFlight(3_000) + up.awaitNoneInFlight(3_000) } shouldBe 0
            }
        }
    }

    test("a stream cut after its first event reaches the caller as the error: no retry, no fallback, content never sent twice") {
        FaultServer().use { cut ->
            FaultServer().use { spare ->
                cut.answer("cut") {
                    beginChunks(200, "text/event-stream")
                    chunk("data: partial\n\n")
                    delay(50)
                    reset()
                }
                spare.answer("spare") { answerText("spare answer") }
                router {
                    group("g") { strategy = FIRST; deployment("cut", loopClient(cut, "m")) }
                    group("other") { deployment("spare", loopClient(spare, "m")) }
                    fallback("g", to = "other")
                    settings { initialBackoff = kotlin.time.Duration.ZERO }
                }.use { r ->
                    val seen = ArrayList<ChatStreamEvent>()
                    val e = shouldThrow<SwitchboardException> { r.createStream(ask()).collect { seen += it } }
                    withClue(e.toString()) { (e is StreamInterruptedException || e is dev.switchboard.ConnectionException) shouldBe true }
                    text(seen) shouldBe "partial"
                    spare.attempts shouldBe 0
                    cut.attempts shouldBe 1
                    r.deployment("g", "cut").failures shouldBe 1L
                    r.deployment("g", "cut").inFlight shouldBe 0
                }
                withContext(Dispatchers.IO) { cut.awaitNoneInFlight(3_000) } shouldBe 0
            }
        }
    }

    test("a stream whose group fails before the first event falls back, for errors and for the content filter") {
        runTest {
            val down = FakeClient("down").failing { ServerException("down", "fake", 503) }
            val strict = FakeClient("strict").failing { ContentFilterException("refused", "fake") }
            val other = FakeClient("other")
            val r = router {
                group("a") { deployment("down", down) }
                group("b") { deployment("strict", strict) }
                group("c") { deployment("other", other) }
                fallback("a", to = "c")
                fallback("b", to = "c", on = FallbackTrigger.CONTENT_FILTER)
                settings(virtualSettings { retries = 0 })
            }
            text(r.createStream(ask()).toList()) shouldBe "other"
            text(r.group("b").createStream(ask()).toList()) shouldBe "other"
            val off = router {
                group("b") { deployment("strict", strict) }
                group("c") { deployment("other", other) }
                fallback("b", to = "c") // errors only
                settings(virtualSettings())
            }
            shouldThrow<ContentFilterException> { off.createStream(ask()).toList() }
        }
    }

    test("the collector's own exception reaches it as it is and counts against no deployment") {
        runTest {
            val a = FakeClient("a")
            val b = FakeClient("b")
            val r = router {
                group("g") { strategy = FIRST; deployment("a", a); deployment("b", b) }
                settings(virtualSettings { failureThreshold = 1 })
            }
            val mine = IllegalStateException("the collector's own")
            val e = shouldThrow<IllegalStateException> { r.createStream(ask()).collect { throw mine } }
            e shouldBeSameInstanceAs mine
            b.calls.get() shouldBe 0
            r.deployment("g", "a").failures shouldBe 0L
            r.deployment("g", "a").inFlight shouldBe 0
        }
    }

    test("a stream that ends without its Completed event fails: before any event it is retried, after one the caller gets it") {
        runTest {
            val empty = FakeClient("empty")
            empty.streamScript = { _, _ -> }
            val truncated = FakeClient("truncated")
            truncated.streamScript = { _, _ -> emit(ChatStreamEvent.TextDelta("half")) }
            val good = FakeClient("good")
            val r = router {
                group("g") { strategy = FIRST; deployment("empty", empty); deployment("good", good) }
                group("t") { strategy = FIRST; deployment("truncated", truncated); deployment("good", good) }
                settings(virtualSettings())
            }
            text(r.createStream(ask()).toList()) shouldBe "good"
            shouldThrow<StreamInterruptedException> { r.group("t").createStream(ask()).collect() }
        }
    }

    test("a collector that stops early or is cancelled frees the deployment and closes the connection") {
        FaultServer().use { server ->
            server.answer("endless") {
                beginChunks(200, "text/event-stream")
                while (true) {
                    chunk("data: tick\n\n")
                    delay(5)
                }
            }
            router { group("g") { deployment("s", loopClient(server, "m"), maxInFlight = 1) } }.use { r ->
                r.createStream(ask()).take(3).toList().size shouldBe 3
                r.deployment("g", "s").inFlight shouldBe 0
                coroutineScope {
                    val job = async { r.createStream(ask()).collect() }
                    delay(100)
                    job.cancel()
                }
                r.deployment("g", "s").inFlight shouldBe 0
                withContext(Dispatchers.IO) { server.awaitNoneInFlight(3_000) } shouldBe 0
            }
        }
    }

    test("many calls and streams with failures on cue leave no coroutine and no connection behind") {
        FaultServer().use { flaky ->
            FaultServer().use { steady ->
                flaky.answer("every other fails") { if (attempt % 2 == 0) respond(500, "application/json", "{}") else answerText("flaky") }
                steady.answer("steady") { answerText("steady") }
                val r = router {
                    group("g") { deployment("flaky", loopClient(flaky, "m")); deployment("steady", loopClient(steady, "m")) }
                    settings { failureThreshold = 1000; initialBackoff = kotlin.time.Duration.ZERO }
                }
                r.use {
                    val parent = Job()
                    withContext(parent) {
                        (1..60).map { i ->
                            async {
                                if (i % 2 == 0) r.create(ask()).content else text(r.createStream(ask()).toList())
                            }
                        }.awaitAll().toSet() shouldBe setOf("flaky", "steady")
                    }
                    parent.children.toList().shouldBeEmpty()
                    parent.complete()
                    r.deployments.sumOf { it.inFlight } shouldBe 0
                }
                withContext(Dispatchers.IO) { flaky.awaitNoneInFlight(3_000) + steady.awaitNoneInFlight(3_000) } shouldBe 0
            }
        }
    }

    test("a router stream is cold: nothing is chosen or sent until it is collected") {
        runTest {
            val a = FakeClient("a")
            val r = router { group("g") { deployment("a", a) }; settings(virtualSettings()) }
            val flow = r.createStream(ask())
            a.calls.get() shouldBe 0
            flow.toList().last().shouldBeInstanceOf<ChatStreamEvent.Completed>()
            flow.toList()
            a.calls.get() shouldBe 2
        }
    }
})

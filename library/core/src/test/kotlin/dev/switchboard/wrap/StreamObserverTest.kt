package dev.switchboard.wrap

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.RateLimitException
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger

/** Writes down every callback, in order, as a short word. */
private class Log : StreamObserver {
    val seen = ArrayList<String>()
    var firstEventAfter: Duration? = null
    var failure: Throwable? = null

    override fun onStart() {
        seen += "start"
    }

    override fun onFirstEvent(elapsed: Duration) {
        firstEventAfter = elapsed
        seen += "first"
    }

    override fun onEvent(event: ChatStreamEvent) {
        seen += if (event is ChatStreamEvent.TextDelta) "event:${event.text}" else "event:${event.javaClass.simpleName}"
    }

    override suspend fun onCompleted(result: CreateResult, elapsed: Duration) {
        seen += "completed:${result.content}"
    }

    override fun onFailure(error: Throwable, elapsed: Duration) {
        failure = error
        seen += "failure:${error.javaClass.simpleName}"
    }

    override fun onCancelled(elapsed: Duration) {
        seen += "cancelled"
    }
}

class StreamObserverTest : FunSpec({
    val result = CreateResult.ofText("Hello", FinishReason.STOP, RequestUsage.of(3, 2))
    val events = listOf(ChatStreamEvent.TextDelta("Hel"), ChatStreamEvent.TextDelta("lo"), ChatStreamEvent.Completed(result))
    fun stream(): Flow<ChatStreamEvent> = flow { events.forEach { emit(it) } }

    test("a complete stream passes every event on, Completed last, and reports each, then completed, once") {
        val log = Log()
        stream().observe("test", log).toList() shouldBe events
        log.seen shouldContainExactly listOf("start", "first", "event:Hel", "event:lo", "event:Completed", "completed:Hello")
    }

    test("the time to the first event is measured from the start of the collection") {
        val log = Log()
        flow { delay(150); emit(events[0]); emit(events[2]) }.observe("test", log).toList()
        (log.firstEventAfter!! >= Duration.ofMillis(150)) shouldBe true
    }

    test("a stream that fails mid-way passes the failure on unchanged and reports it once") {
        val failure = StreamInterruptedException("reset after 1 chunk", "test")
        val log = Log()
        val seen = ArrayList<ChatStreamEvent>()
        val thrown = shouldThrow<StreamInterruptedException> {
            flow { emit(events[0]); throw failure }.observe("test", log).collect { seen += it }
        }
        thrown shouldBeSameInstanceAs failure
        seen shouldBe listOf(events[0])
        log.seen shouldContainExactly listOf("start", "first", "event:Hel", "failure:StreamInterruptedException")
        log.failure shouldBeSameInstanceAs failure
    }

    test("a collector that stops early with take(1) is reported as cancelled, and its CancellationException passes on") {
        val log = Log()
        stream().observe("test", log).take(1).toList() shouldBe listOf(events[0])
        log.seen shouldContainExactly listOf("start", "first", "event:Hel", "cancelled")
    }

    test("a collector that stops at Completed has the stream completed, not cancelled") {
        val log = Log()
        stream().observe("test", log).first { it is ChatStreamEvent.Completed } shouldBe events[2]
        log.seen shouldContainExactly listOf("start", "first", "event:Hel", "event:lo", "event:Completed", "completed:Hello")
    }

    test("cancelling the collector's job is reported as cancelled, and the CancellationException is never wrapped") {
        val log = Log()
        val firstArrived = CompletableDeferred<Unit>()
        var caught: Throwable? = null
        coroutineScope {
            val job = launch {
                try {
                    flow { emit(events[0]); awaitCancellation() }.observe("test", log).collect { firstArrived.complete(Unit) }
                } catch (e: Throwable) {
                    caught = e
                    throw e
                }
            }
            firstArrived.await()
            job.cancelAndJoin()
        }
        // The job's own cancellation, not wrapped into another type (stack-trace recovery may copy it, so not compared by identity).
        caught.shouldBeInstanceOf<CancellationException>()
        caught!!.javaClass.simpleName shouldBe "JobCancellationException"
        log.seen shouldContainExactly listOf("start", "first", "event:Hel", "cancelled")
        log.failure shouldBe null
    }

    test("a CancellationException thrown by the stream passes on as the same instance and is no failure") {
        val cancellation = CancellationException("upstream gave up")
        val log = Log()
        val thrown = shouldThrow<CancellationException> { flow<ChatStreamEvent> { throw cancellation }.observe("test", log).toList() }
        thrown shouldBeSameInstanceAs cancellation
        log.seen shouldContainExactly listOf("start", "cancelled")
    }

    test("a stream that ends without Completed ends the same way for the collector and is reported as interrupted") {
        val log = Log()
        flowOf<ChatStreamEvent>(ChatStreamEvent.TextDelta("partial")).observe("acme", log).toList() shouldBe
            listOf(ChatStreamEvent.TextDelta("partial"))
        log.seen shouldContainExactly listOf("start", "first", "event:partial", "failure:StreamInterruptedException")
        val failure = log.failure.shouldBeInstanceOf<StreamInterruptedException>()
        failure.provider shouldBe "acme"
    }

    test("the flow stays cold: each collection runs the stream again and is observed anew") {
        val runs = AtomicInteger()
        val log = Log()
        val observed = flow { runs.incrementAndGet(); events.forEach { emit(it) } }.observe("test", log)
        runs.get() shouldBe 0
        log.seen shouldBe emptyList()
        observed.toList() shouldBe events
        observed.toList() shouldBe events
        runs.get() shouldBe 2
        log.seen.count { it == "start" } shouldBe 2
        log.seen.count { it == "completed:Hello" } shouldBe 2
    }

    test("the factory form gives each collection an observer of its own") {
        val made = ArrayList<Log>()
        val observed = stream().observe("test") { Log().also { made += it } }
        observed.toList()
        observed.take(1).toList()
        made.size shouldBe 2
        made[0].seen.last() shouldBe "completed:Hello"
        made[1].seen.last() shouldBe "cancelled"
    }

    test("an observer that throws on an event fails the stream with its exception, reported once") {
        val boom = IllegalStateException("observer bug")
        val log = object : StreamObserver {
            val failures = ArrayList<Throwable>()
            override fun onEvent(event: ChatStreamEvent) {
                if (event is ChatStreamEvent.TextDelta && event.text == "lo") throw boom
            }
            override fun onFailure(error: Throwable, elapsed: Duration) {
                failures += error
            }
        }
        val seen = ArrayList<ChatStreamEvent>()
        shouldThrow<IllegalStateException> { stream().observe("test", log).collect { seen += it } } shouldBeSameInstanceAs boom
        seen shouldBe listOf(events[0])
        log.failures shouldBe listOf(boom)
    }

    test("an observer whose onCompleted throws fails the stream before Completed is passed on, with no second report") {
        val boom = IllegalStateException("could not store")
        var reports = 0
        val observer = object : StreamObserver {
            override suspend fun onCompleted(result: CreateResult, elapsed: Duration) {
                reports++
                throw boom
            }
            override fun onFailure(error: Throwable, elapsed: Duration) {
                reports++
            }
        }
        val seen = ArrayList<ChatStreamEvent>()
        shouldThrow<IllegalStateException> { stream().observe("test", observer).collect { seen += it } } shouldBeSameInstanceAs boom
        seen shouldBe events.dropLast(1)
        reports shouldBe 1
    }

    test("an observer that throws while the stream fails or is cancelled does not replace the stream's own exception") {
        val failure = RateLimitException("slow down", "test")
        val bug = IllegalStateException("observer bug")
        val observer = object : StreamObserver {
            override fun onFailure(error: Throwable, elapsed: Duration) = throw bug
            override fun onCancelled(elapsed: Duration) = throw bug
        }
        val thrown = shouldThrow<RateLimitException> { flow<ChatStreamEvent> { throw failure }.observe("test", observer).toList() }
        thrown shouldBeSameInstanceAs failure
        thrown.suppressed.toList() shouldBe listOf(bug)
        stream().observe("test", observer).take(1).toList() shouldBe listOf(events[0])
    }

    test("observeCall reports a result, a failure and a cancellation, and returns or rethrows what the call did") {
        val log = Log()
        observeCall(log) { result } shouldBeSameInstanceAs result
        log.seen shouldContainExactly listOf("start", "completed:Hello")

        val failing = Log()
        val failure = RateLimitException("slow down", "test")
        shouldThrow<RateLimitException> { observeCall(failing) { throw failure } } shouldBeSameInstanceAs failure
        failing.seen shouldContainExactly listOf("start", "failure:RateLimitException")

        val cancelled = Log()
        val started = CompletableDeferred<Unit>()
        coroutineScope {
            val job = launch { observeCall(cancelled) { started.complete(Unit); awaitCancellation() } }
            started.await()
            job.cancelAndJoin()
        }
        cancelled.seen shouldContainExactly listOf("start", "cancelled")
    }

    test("observeCall fails the call with what onCompleted throws") {
        val boom = IllegalStateException("could not store")
        val observer = object : CallObserver {
            override suspend fun onCompleted(result: CreateResult, elapsed: Duration) = throw boom
        }
        shouldThrow<IllegalStateException> { observeCall(observer) { result } } shouldBeSameInstanceAs boom
    }
})

package dev.switchboard.engine.java

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

class SendersTest : FunSpec({
    /** A task that records how it ran; its blocking send waits on [gate] (interruptibly). */
    class Probe(val name: String, val log: ConcurrentLinkedQueue<String>, val gate: CountDownLatch = CountDownLatch(0)) : SendTask() {
        val started = CountDownLatch(1)
        val done = CountDownLatch(1)
        @Volatile var interruptedAtStart = false

        override fun blocking() {
            interruptedAtStart = Thread.currentThread().isInterrupted
            started.countDown()
            try {
                gate.await()
                log += "$name blocking"
            } catch (e: InterruptedException) {
                log += "$name interrupted"
            } finally {
                done.countDown()
            }
        }

        override fun async() {
            log += "$name async"
            started.countDown()
            done.countDown()
        }
    }

    test("a task runs on a sender thread while one is free") {
        val log = ConcurrentLinkedQueue<String>()
        val senders = Senders(2, 10_000)
        val task = Probe("a", log)
        senders.submit(task)
        task.done.await(5, TimeUnit.SECONDS) shouldBe true
        log.toList() shouldBe listOf("a blocking")
        senders.shutdown()
    }

    test("with every sender busy a task waits and runs on the first sender that frees up") {
        val log = ConcurrentLinkedQueue<String>()
        val senders = Senders(1, 10_000)
        val gate = CountDownLatch(1)
        val first = Probe("first", log, gate)
        val second = Probe("second", log)
        senders.submit(first)
        first.started.await(5, TimeUnit.SECONDS) shouldBe true
        senders.submit(second)
        Thread.sleep(100)
        log.toList() shouldBe emptyList()
        gate.countDown()
        second.done.await(5, TimeUnit.SECONDS) shouldBe true
        log.toList() shouldBe listOf("first blocking", "second blocking")
        senders.shutdown()
    }

    test("a task that no sender takes within the wait goes through async") {
        val log = ConcurrentLinkedQueue<String>()
        val senders = Senders(1, 50)
        val gate = CountDownLatch(1)
        val first = Probe("first", log, gate)
        val second = Probe("second", log)
        senders.submit(first)
        first.started.await(5, TimeUnit.SECONDS) shouldBe true
        senders.submit(second)
        second.done.await(5, TimeUnit.SECONDS) shouldBe true
        log.toList() shouldBe listOf("second async")
        gate.countDown()
        first.done.await(5, TimeUnit.SECONDS) shouldBe true
        log.toList() shouldBe listOf("second async", "first blocking")
        senders.shutdown()
    }

    test("a cancelled waiting task never runs") {
        val log = ConcurrentLinkedQueue<String>()
        val senders = Senders(1, 100)
        val gate = CountDownLatch(1)
        val first = Probe("first", log, gate)
        val second = Probe("second", log)
        senders.submit(first)
        first.started.await(5, TimeUnit.SECONDS) shouldBe true
        senders.submit(second)
        second.cancel()
        Thread.sleep(300) // past the wait: the timer finds it cancelled
        gate.countDown()
        first.done.await(5, TimeUnit.SECONDS) shouldBe true
        Thread.sleep(100)
        log.toList() shouldBe listOf("first blocking")
        senders.shutdown()
    }

    test("cancelling a running send interrupts it, and the interrupt does not reach the sender's next task") {
        val log = ConcurrentLinkedQueue<String>()
        val senders = Senders(1, 10_000)
        val first = Probe("first", log, CountDownLatch(1))
        val second = Probe("second", log)
        senders.submit(first)
        first.started.await(5, TimeUnit.SECONDS) shouldBe true
        senders.submit(second) // waits for the only sender
        first.cancel()
        first.done.await(5, TimeUnit.SECONDS) shouldBe true
        second.done.await(5, TimeUnit.SECONDS) shouldBe true
        log.toList() shouldBe listOf("first interrupted", "second blocking")
        second.interruptedAtStart shouldBe false
        senders.shutdown()
    }

    test("after shutdown, waiting and new tasks go through async") {
        val log = ConcurrentLinkedQueue<String>()
        val senders = Senders(1, 10_000)
        val gate = CountDownLatch(1)
        val first = Probe("first", log, gate)
        val waiting = Probe("waiting", log)
        senders.submit(first)
        first.started.await(5, TimeUnit.SECONDS) shouldBe true
        senders.submit(waiting)
        senders.shutdown()
        waiting.done.await(5, TimeUnit.SECONDS) shouldBe true
        val late = Probe("late", log)
        senders.submit(late)
        late.done.await(5, TimeUnit.SECONDS) shouldBe true
        gate.countDown()
        first.done.await(5, TimeUnit.SECONDS) shouldBe true
        log.toList() shouldBe listOf("waiting async", "late async", "first blocking")
    }
})

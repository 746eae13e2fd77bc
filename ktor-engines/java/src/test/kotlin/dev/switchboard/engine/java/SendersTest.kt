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
        @Volatile var thread: Thread? = null

        override fun blocking() {
            thread = Thread.currentThread()
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

    /** [count] tasks that each hold a sender of [senders] until [gate] opens, once all have started. */
    fun occupy(senders: Senders, count: Int, log: ConcurrentLinkedQueue<String>, gate: CountDownLatch): List<Probe> =
        List(count) { Probe("busy$it", log, gate) }.onEach { senders.submit(it); it.started.await(5, TimeUnit.SECONDS) shouldBe true }

    test("a task runs on a sender thread while one is free") {
        val log = ConcurrentLinkedQueue<String>()
        val senders = Senders(2, 10_000, virtual = null)
        val task = Probe("a", log)
        senders.submit(task)
        task.done.await(5, TimeUnit.SECONDS) shouldBe true
        log.toList() shouldBe listOf("a blocking")
        senders.shutdown()
    }

    test("with every sender busy a task waits and runs on the first sender that frees up") {
        val log = ConcurrentLinkedQueue<String>()
        val senders = Senders(1, 10_000, virtual = null)
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
        val senders = Senders(1, 50, virtual = null)
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

    test("tasks queued behind busy senders go through async in their order, and a sender freed afterwards takes the next task") {
        val log = ConcurrentLinkedQueue<String>()
        val senders = Senders(2, 50, virtual = null)
        val gate = CountDownLatch(1)
        val busy = occupy(senders, 2, log, gate)
        val queued = List(10) { Probe("q$it", log) }
        queued.forEach(senders::submit)
        queued.all { it.done.await(5, TimeUnit.SECONDS) } shouldBe true
        log.toList() shouldBe List(10) { "q$it async" }
        gate.countDown()
        busy.all { it.done.await(5, TimeUnit.SECONDS) } shouldBe true
        val next = Probe("next", log)
        senders.submit(next)
        next.done.await(5, TimeUnit.SECONDS) shouldBe true
        log.last() shouldBe "next blocking"
        senders.shutdown()
    }

    test("tasks given to async leave the queue at once: the senders then count only what they run") {
        val log = ConcurrentLinkedQueue<String>()
        val senders = Senders(2, 20, virtual = null)
        val gate = CountDownLatch(1)
        val busy = occupy(senders, 2, log, gate)
        val queued = List(1_000) { Probe("q$it", log) }
        queued.forEach(senders::submit)
        queued.all { it.done.await(5, TimeUnit.SECONDS) } shouldBe true
        // the two busy senders are all that is left, with the senders still blocked
        senders.outstandingNow shouldBe 2
        gate.countDown()
        busy.all { it.done.await(5, TimeUnit.SECONDS) } shouldBe true
        senders.shutdown()
    }

    test("an async send that throws does not keep the tasks queued after it from going through async") {
        val log = ConcurrentLinkedQueue<String>()
        val senders = Senders(1, 30, virtual = null)
        val gate = CountDownLatch(1)
        val busy = occupy(senders, 1, log, gate).single()
        val failing = object : SendTask() {
            override fun blocking() = Unit
            override fun async() {
                log += "failing async"
                throw IllegalStateException("the async send failed")
            }
        }
        val next = Probe("next", log)
        senders.submit(failing)
        senders.submit(next)
        next.done.await(5, TimeUnit.SECONDS) shouldBe true
        log.toList() shouldBe listOf("failing async", "next async")
        gate.countDown()
        busy.done.await(5, TimeUnit.SECONDS) shouldBe true
        senders.shutdown()
    }

    test("a task that finds a sender free never goes through async, whatever the wait") {
        val log = ConcurrentLinkedQueue<String>()
        val senders = Senders(1, 0, virtual = null)
        repeat(200) { i ->
            val task = Probe("t$i", log)
            senders.submit(task)
            task.done.await(5, TimeUnit.SECONDS) shouldBe true
            // The sender leaves the task a moment after it is done: wait for that (a loaded machine may take long).
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5)
            while (senders.outstandingNow != 0 && System.nanoTime() < deadline) Thread.sleep(1)
            senders.outstandingNow shouldBe 0
        }
        log.none { it.endsWith("async") } shouldBe true
        log.size shouldBe 200
        senders.shutdown()
    }

    test("a cancelled waiting task never runs") {
        val log = ConcurrentLinkedQueue<String>()
        val senders = Senders(1, 100, virtual = null)
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
        val senders = Senders(1, 10_000, virtual = null)
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
        val senders = Senders(1, 10_000, virtual = null)
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

    val virtualThreads = VirtualThreads.executor
    val isVirtual = { t: Thread -> Thread::class.java.getMethod("isVirtual").invoke(t) as Boolean }

    test("on JDK 17 to 20 there are no virtual senders; from JDK 21 there are, unless the property turns them off")
        .config(enabled = System.getProperty(VirtualThreads.PROPERTY) == null) {
            val feature = Runtime.version().feature()
            (virtualThreads != null) shouldBe (feature >= 21)
        }

    test("with virtual threads (JDK 21+), 500 blocked sends all run at once, each on a virtual thread, whatever the bound")
        .config(enabled = virtualThreads != null) {
            val log = ConcurrentLinkedQueue<String>()
            val senders = Senders(1, 10_000, virtualThreads)
            val gate = CountDownLatch(1)
            val tasks = List(500) { Probe("t$it", log, gate) }
            tasks.forEach(senders::submit)
            tasks.all { it.started.await(10, TimeUnit.SECONDS) } shouldBe true
            tasks.all { isVirtual(it.thread!!) } shouldBe true
            tasks.first().thread!!.name.startsWith("switchboard-jdk-send-") shouldBe true
            gate.countDown()
            tasks.all { it.done.await(10, TimeUnit.SECONDS) } shouldBe true
            log.size shouldBe 500
            log.none { it.endsWith("async") } shouldBe true
            senders.shutdown()
        }

    test("with virtual threads, cancelling a running send interrupts it; after shutdown tasks go through async")
        .config(enabled = virtualThreads != null) {
            val log = ConcurrentLinkedQueue<String>()
            val senders = Senders(1, 10_000, virtualThreads)
            val first = Probe("first", log, CountDownLatch(1))
            senders.submit(first)
            first.started.await(5, TimeUnit.SECONDS) shouldBe true
            first.cancel()
            first.done.await(5, TimeUnit.SECONDS) shouldBe true
            senders.shutdown()
            val late = Probe("late", log)
            senders.submit(late)
            late.done.await(5, TimeUnit.SECONDS) shouldBe true
            log.toList() shouldBe listOf("first interrupted", "late async")
        }
})

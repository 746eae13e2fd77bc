package dev.switchboard.engine.java

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asExecutor
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference

class SelectorTasksTest : FunSpec({
    test("a task runs in place on the calling (selector) thread while few exchanges are under way") {
        val ranOn = AtomicReference<Thread>()
        SelectorTasks(AtomicInteger(1)).execute { ranOn.set(Thread.currentThread()) }
        ranOn.get() shouldBe Thread.currentThread()
    }

    test("beyond 256 exchanges a task runs on the pool even while user code blocks every thread of Dispatchers.Default") {
        // As many blocking tasks as Default has threads: nothing else can run on Default until they are released.
        val threads = Runtime.getRuntime().availableProcessors().coerceAtLeast(2)
        val blocked = CountDownLatch(threads)
        val release = CountDownLatch(1)
        val default = Dispatchers.Default.asExecutor()
        repeat(threads) {
            default.execute {
                blocked.countDown()
                release.await(30, TimeUnit.SECONDS)
            }
        }
        try {
            blocked.await(10, TimeUnit.SECONDS) shouldBe true
            val ran = CountDownLatch(1)
            val ranOn = AtomicReference<String>()
            SelectorTasks(AtomicInteger(1_000)).execute {
                ranOn.set(Thread.currentThread().name)
                ran.countDown()
            }
            ran.await(5, TimeUnit.SECONDS) shouldBe true
            ranOn.get() shouldNotBe Thread.currentThread().name
        } finally {
            release.countDown()
        }
    }
})

package dev.switchboard.engine.java

import dev.switchboard.spi.ExchangeRequest
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.ktor.utils.io.readRemaining
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout
import kotlinx.io.readByteArray
import java.io.IOException
import java.io.UncheckedIOException
import java.net.URI
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicReference

/**
 * The first exchanger of a JVM builds its JDK client on a thread of its own (the JDK initialises its TLS stack then):
 * creating it does not wait for the build, exchanges wait for it without blocking a thread and then run as usual, a
 * failed build fails each exchange with the JDK's error, and a caller waiting for the build can be cancelled.
 */
class JdkClientStartTest : FunSpec({
    timeout = 30_000L

    val answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello".toByteArray()

    test("exchanges sent while the client is still being built wait for it, then complete") {
        val release = CountDownLatch(1)
        val builtOn = AtomicReference<String>()
        RawServer { out -> out.write(answer); out.flush() }.use { server ->
            val started = System.nanoTime()
            val ex = JdkExchanger(Duration.ofSeconds(5), inBackground = true) { builder ->
                builtOn.set(Thread.currentThread().name)
                release.await(10, TimeUnit.SECONDS)
                builder.build()
            }
            ex.use {
                // Creating the exchanger did not wait for the build (which waits up to 10 s for the latch).
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) shouldBeLessThan 5_000L
                coroutineScope {
                    val calls = List(3) { async { ex.exchange(server.request()) { r -> String(r.body().readRemaining().readByteArray()) } } }
                    delay(200)
                    calls.count { it.isCompleted } shouldBe 0
                    release.countDown()
                    calls.map { it.await() } shouldBe List(3) { "hello" }
                }
                builtOn.get() shouldBe "switchboard-jdk-start"
                // Once built, the client is used at once.
                ex.exchange(server.request()) { r -> r.status } shouldBe 200
            }
        }
    }

    test("a failed build fails every exchange with the JDK's error") {
        JdkExchanger(Duration.ofSeconds(5), inBackground = true) { throw UncheckedIOException(IOException("no TLS here")) }.use { ex ->
            repeat(2) {
                val e = shouldThrow<UncheckedIOException> {
                    ex.exchange(ExchangeRequest("GET", URI("http://127.0.0.1:9/"), arrayOf(), null)) { 0 }
                }
                e.cause!!.message shouldBe "no TLS here"
            }
        }
    }

    test("a caller waiting for the build can be cancelled") {
        val release = CountDownLatch(1)
        try {
            JdkExchanger(Duration.ofSeconds(5), inBackground = true) { builder -> release.await(10, TimeUnit.SECONDS); builder.build() }.use { ex ->
                val t0 = System.nanoTime()
                shouldThrow<TimeoutCancellationException> {
                    withTimeout(100) { ex.exchange(ExchangeRequest("GET", URI("http://127.0.0.1:9/"), arrayOf(), null)) { 0 } }
                }
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) shouldBeLessThan 5_000L
            }
        } finally {
            release.countDown()
        }
    }

    test("an exchanger not first in the JVM builds its client at once, on the caller's thread") {
        val builtOn = AtomicReference<String>()
        JdkExchanger(Duration.ofSeconds(5), inBackground = false) { builder -> builtOn.set(Thread.currentThread().name); builder.build() }.use {
            builtOn.get() shouldBe Thread.currentThread().name
        }
    }
})

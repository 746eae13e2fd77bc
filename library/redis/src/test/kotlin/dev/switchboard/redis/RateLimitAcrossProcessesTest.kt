package dev.switchboard.redis

import dev.switchboard.ratelimit.MeteredClient
import dev.switchboard.ratelimit.RateLimiter
import dev.switchboard.ratelimit.rateLimited
import io.kotest.assertions.fail
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeInRange
import io.kotest.matchers.shouldBe
import java.io.File
import java.util.UUID
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/**
 * Two JVMs on one Redis-backed limit stay within it together: this test's JVM and a second one it starts
 * ([RateLimitedCaller], on this JVM's own `java` and class path) each build a [RedisRateLimitStore] of their own on
 * one Redis and a shared limiter of one name over it (20 requests per minute, failing fast), and, once both are warm
 * and have reached Redis, each makes 30 calls from one wall-clock instant, two at a time every 20 ms ([together]), so
 * that the two processes' calls interleave (each process admits some) and meet in Redis.
 *
 * Why exactly 20 are admitted: the budget starts full (20) when the first call makes it, a refused call takes nothing,
 * and every admitted one keeps its request; so 20 calls are admitted, and no more until a request refills, one every
 * 3 s. The 60 calls take about 300 ms, so the test expects exactly 20, and allows one more per 3 s the round took,
 * should a slow machine stretch it.
 */
class RateLimitAcrossProcessesTest : FunSpec({
    timeout = 180_000L

    test("two JVMs calling through clients limited by one Redis-backed limit of 20 a minute admit 20 of their 60 calls together") {
        RedisServerProcess.start().use { redis ->
            val name = "two-jvms-${UUID.randomUUID()}"
            val errors = File.createTempFile("rate-limited-caller", ".log")
            val java = File(System.getProperty("java.home"), "bin/java").path
            val other = ProcessBuilder(
                java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                RateLimitedCaller::class.java.name, "${redis.port}", name, "30",
            ).redirectError(errors).start()
            try {
                val lines = LinkedBlockingQueue<String>()
                thread(isDaemon = true, name = "rate-limited-caller-stdout") {
                    other.inputStream.bufferedReader().forEachLine { lines.put(it) }
                }
                RedisRateLimitStore.builder(redis.uri).build().use { store ->
                    val limiter = RateLimiter.shared(name, acrossProcesses, store)
                    val client = MeteredClient().rateLimited(limiter)
                    warmUp(store, name, limiter)
                    awaitLine(lines, "READY", other, errors)

                    val started = System.nanoTime()
                    val startAt = System.currentTimeMillis() + 500
                    other.outputStream.apply { write("GO $startAt\n".toByteArray()); flush() }
                    val admittedHere = together(client, 30, startAt)
                    val result = awaitLine(lines, "RESULT ", other, errors)
                    val elapsedMillis = (System.nanoTime() - started) / 1_000_000

                    withClue("the other JVM's exit status; its standard error:\n${errors.readText()}") {
                        other.waitFor(60, TimeUnit.SECONDS) shouldBe true
                        other.exitValue() shouldBe 0
                    }
                    val (admittedThere, refusedThere) = Regex("admitted=(\\d+) refused=(\\d+)").find(result)!!.destructured
                    refusedThere.toInt() shouldBe 30 - admittedThere.toInt()
                    withClue("admitted here $admittedHere, there $admittedThere, in $elapsedMillis ms") {
                        val total = (admittedHere + admittedThere.toInt()).toLong()
                        total shouldBeInRange 20L..20L + elapsedMillis / 3_000
                        // Both spent the budget: each process's view of it included the other's calls.
                        admittedHere shouldBeGreaterThan 0
                        admittedThere.toInt() shouldBeGreaterThan 0
                    }
                    rawRedis(redis.uri) { it.exists("switchboard:ratelimit:$name:requests-60000ms") } shouldBe 1L
                }
            } finally {
                other.destroyForcibly()
                errors.delete()
            }
        }
    }
})

/**
 * The first line from [process]'s standard output that starts with [prefix], waiting up to 60 s; other lines (logging)
 * are skipped. Fails, with what the process wrote to standard error, when it exits or the time is up first.
 */
private fun awaitLine(lines: LinkedBlockingQueue<String>, prefix: String, process: Process, errors: File): String {
    val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
    while (System.nanoTime() < deadline) {
        val line = lines.poll(100, TimeUnit.MILLISECONDS)
        if (line != null && line.startsWith(prefix)) return line
        if (line == null && !process.isAlive && lines.isEmpty()) {
            fail("The other JVM exited with ${process.exitValue()} before printing $prefix:\n${errors.readText()}")
        }
    }
    fail("The other JVM printed no $prefix within 60 s:\n${errors.readText()}")
}

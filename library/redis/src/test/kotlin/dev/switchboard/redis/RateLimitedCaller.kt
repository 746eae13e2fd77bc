package dev.switchboard.redis

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ClientRateLimitException
import dev.switchboard.ratelimit.MeteredClient
import dev.switchboard.ratelimit.RateLimiter
import dev.switchboard.ratelimit.RateLimits
import dev.switchboard.ratelimit.rateLimited
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlin.system.exitProcess

/**
 * The other process of [RateLimitAcrossProcessesTest]: a JVM of its own calling through a client limited by the
 * Redis-backed limit [acrossProcesses] under the name it is given.
 *
 * Arguments: the Redis port on 127.0.0.1, the limiter's name, the number of calls. It warms up (two calls through a
 * limiter of another name, so that its first real call is not slowed by loading classes), prints `READY` on standard
 * output, waits for a line `GO <epoch millis>` on standard input, makes its calls [together] from that instant, prints
 * `RESULT admitted=<n> refused=<m>` and exits with 0. Anything else that fails: the stack trace on standard error,
 * exit status 1.
 */
object RateLimitedCaller {
    @JvmStatic
    fun main(args: Array<String>) {
        try {
            val (port, name, calls) = Triple(args[0].toInt(), args[1], args[2].toInt())
            RedisRateLimitStore.builder("redis://127.0.0.1:$port").build().use { store ->
                val limiter = RateLimiter.shared(name, acrossProcesses, store)
                val client = MeteredClient().rateLimited(limiter)
                runBlocking { warmUp(store, name, limiter) }
                println("READY")
                val go = readlnOrNull().orEmpty()
                check(go.startsWith("GO ")) { "expected GO <epoch millis> on standard input, got $go" }
                val admitted = runBlocking { together(client, calls, go.removePrefix("GO ").toLong()) }
                println("RESULT admitted=$admitted refused=${calls - admitted}")
            }
        } catch (e: Throwable) {
            e.printStackTrace()
            exitProcess(1)
        }
        exitProcess(0)
    }
}

/** The limit both processes spend: 20 requests per minute, failing fast. */
val acrossProcesses: RateLimits = RateLimits.builder().requestsPerMinute(20).failFast().build()

/**
 * Loads and runs the code of a call through a shared limiter on [store] (two calls through a limiter named after
 * [name] but not it, so the budget under test is not touched), and reaches [limiter]'s own buckets in Redis.
 */
suspend fun warmUp(store: RedisRateLimitStore, name: String, limiter: RateLimiter) {
    val warmUp = MeteredClient().rateLimited(RateLimiter.shared("$name-warm-up", acrossProcesses, store))
    repeat(2) { warmUp.create(MeteredClient.hi) }
    limiter.availableNow()
}

/**
 * Makes [calls] calls through [client] from the wall-clock instant [startAt] (epoch milliseconds, so that two
 * processes on one machine start together): two at a time, a pair every 20 ms, each pair not waiting for the ones
 * before (on the default dispatcher). Returns how many were admitted; a refusal is a [ClientRateLimitException], any
 * other failure is thrown.
 */
suspend fun together(client: ChatCompletionClient, calls: Int, startAt: Long): Int = withContext(Dispatchers.Default) {
    coroutineScope {
        (0 until calls).map { i ->
            async {
                delay((startAt + i / 2 * 20L - System.currentTimeMillis()).coerceAtLeast(0))
                try {
                    client.create(MeteredClient.hi)
                    1
                } catch (e: ClientRateLimitException) {
                    0
                }
            }
        }.awaitAll().sum()
    }
}

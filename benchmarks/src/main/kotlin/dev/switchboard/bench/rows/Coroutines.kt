package dev.switchboard.bench.rows

import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/**
 * Makes [count] calls of [call], at most [inFlight] at a time (one coroutine per slot, each taking the next call when
 * its last one is done), in `runBlocking` on the calling thread, and returns the sum of what they returned.
 */
internal fun callsInFlight(count: Int, inFlight: Int, call: suspend () -> Long): Long = runBlocking {
    val next = AtomicInteger()
    val total = AtomicLong()
    coroutineScope {
        repeat(inFlight) {
            launch {
                while (next.getAndIncrement() < count) total.addAndGet(call())
            }
        }
    }
    total.get()
}

package dev.switchboard.redis

import kotlinx.coroutines.delay
import kotlin.coroutines.cancellation.CancellationException

/**
 * Runs [block] until it returns without throwing, every 100 ms, for up to [seconds]; then rethrows its last failure.
 * For what becomes true by itself a little later, such as a store reconnecting to a Redis that is back.
 */
suspend fun <T> untilItPasses(seconds: Int = 15, block: suspend () -> T): T {
    val deadline = System.nanoTime() + seconds * 1_000_000_000L
    while (true) {
        try {
            return block()
        } catch (e: Throwable) {
            if (e is CancellationException) throw e
            if (System.nanoTime() > deadline) throw e
        }
        delay(100)
    }
}

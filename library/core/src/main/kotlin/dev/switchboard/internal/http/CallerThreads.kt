package dev.switchboard.internal.http

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.CoroutineContext

/**
 * Where the transport runs a call so that the caller's code never runs on a thread the library's I/O needs.
 *
 * A coroutine is resumed by whichever thread completes what it waits for: with a dispatcher, that thread only hands
 * it to the dispatcher; without one it runs the coroutine's code right there. An engine resumes the transport from its
 * own I/O threads (the JDK client's selector thread, which runs every exchange of the client), so a caller without a
 * dispatcher would continue on that thread, and code that blocks there stalls every other call of the client (a
 * `runBlocking` call of the same client made from there waits forever for the thread it occupies).
 *
 * Such a caller (no [ContinuationInterceptor] at all, as in `suspend fun main` or a coroutine started with
 * `startCoroutine`, or a dispatcher that does not dispatch where the call starts, as [Dispatchers.Unconfined]; an
 * immediate dispatcher already on its own thread counts too, and gets the caller back through a dispatch) has its call run on
 * [Dispatchers.Default], as kotlinx.coroutines' own builders run a coroutine that names no dispatcher, and continues
 * there. A caller with a dispatcher of its own is resumed on it by that dispatcher and pays nothing for this check
 * beyond one context lookup.
 */
internal object CallerThreads {
    /** Where a call of a caller without a dispatcher of its own runs. */
    val dispatcher: CoroutineDispatcher get() = Dispatchers.Default

    /** Whether a coroutine with [context] would run its code on whichever thread resumes it. */
    fun runsInPlace(context: CoroutineContext): Boolean {
        val interceptor = context[ContinuationInterceptor] ?: return true
        return interceptor is CoroutineDispatcher && !interceptor.isDispatchNeeded(context)
    }
}

package dev.switchboard.wrap

import dev.switchboard.HttpEventListener
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.withContext
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext

/**
 * The [HttpEventListener]s of the calls made in a coroutine: what lets a wrapper hear the attempts, retries, status
 * codes, request ids and first frames of the one call it wraps, which [dev.switchboard.HttpOptions.eventListener]
 * (one listener for every call of a client) cannot tell apart. Put one in place with [withHttpEvents]; the transport
 * of every client of this library reads it when a call starts and tells each listener in it, after the client's own.
 *
 * Listeners nest: a wrapper inside another adds its listener to those already in place, so every wrapper of a stack
 * hears the call. Clients that do not use this library's transport (replay, a custom client) send nothing.
 * What the listener is told and how its exceptions are handled is as for [dev.switchboard.HttpOptions.eventListener].
 */
public class CallHttpEvents private constructor(
    /** The listeners, outermost first. */
    public val listeners: List<HttpEventListener>,
) : AbstractCoroutineContextElement(Key) {
    /** This element and [listener] after its listeners. */
    internal fun plusListener(listener: HttpEventListener): CallHttpEvents = CallHttpEvents(listeners + listener)

    override fun toString(): String = "CallHttpEvents(${listeners.size} listeners)"

    /** The key of [CallHttpEvents] in a coroutine context. */
    public companion object Key : CoroutineContext.Key<CallHttpEvents> {
        /** The element of [context] with [listener] added to those it holds. */
        internal fun adding(context: CoroutineContext, listener: HttpEventListener): CallHttpEvents =
            context[Key]?.plusListener(listener) ?: CallHttpEvents(listOf(listener))
    }
}

/**
 * Runs [block] with [listener] hearing the HTTP events of every call it makes (see [CallHttpEvents]); a wrapper's
 * `create` is `withHttpEvents(listener) { delegate.create(request) }`.
 *
 * Cancelling the caller cancels [block].
 */
public suspend fun <T> withHttpEvents(listener: HttpEventListener, block: suspend () -> T): T =
    withContext(CallHttpEvents.adding(currentCoroutineContext(), listener)) { block() }

/**
 * This stream with [listener] hearing the HTTP events of each collection (see [CallHttpEvents]). The flow stays cold
 * and runs in its collector's coroutine: no buffer, no other thread, every event and failure passed on as it is.
 */
public fun <T> Flow<T>.withHttpEvents(listener: HttpEventListener): Flow<T> {
    val upstream = this
    return flow { emitAll(upstream.flowOn(CallHttpEvents.adding(currentCoroutineContext(), listener))) }
}

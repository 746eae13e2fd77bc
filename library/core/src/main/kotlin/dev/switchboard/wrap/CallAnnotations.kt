package dev.switchboard.wrap

import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.withContext
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext

/**
 * Hears what the wrappers inside it say about one call: a named value (the router's `deployment` that answered, the
 * `skipped` ones and why). An outer wrapper (the call events logger) installs one with [withCallAnnotations] and
 * reports what it heard with the call; an inner one calls [annotateCall].
 *
 * Called in the call's coroutine, from the inner wrapper's code; keep it short. A later value of the same name
 * replaces the earlier one.
 */
public fun interface CallAnnotationListener {
    /** The wrapper inside says [value] of the call under [name] (a short `snake_case` word such as `deployment`). */
    public fun annotate(name: String, value: Any?)
}

/**
 * The [CallAnnotationListener]s of the calls made in a coroutine: the way an inner wrapper (a router) tells an outer
 * one (a logger) about the call they both see, which neither the result nor the error carries. Put one in place with
 * [withCallAnnotations]; inner wrappers call [annotateCall], which tells every listener in place, outermost first.
 *
 * Listeners nest, as those of [CallHttpEvents] do. A call with no listener in place pays one context lookup per
 * annotation and nothing else; a wrapper that builds its value at a cost checks [isAnnotated] first.
 */
public class CallAnnotations private constructor(
    /** The listeners, outermost first. */
    public val listeners: List<CallAnnotationListener>,
) : AbstractCoroutineContextElement(Key) {
    /**
     * Tells every listener [value] under [name]. What a listener throws (other than an [Error]) is dropped: an
     * annotation must never fail the call it describes.
     */
    public fun annotate(name: String, value: Any?) {
        for (listener in listeners) {
            try {
                listener.annotate(name, value)
            } catch (e: Exception) {
                // diagnostics only
            }
        }
    }

    override fun toString(): String = "CallAnnotations(${listeners.size} listeners)"

    /** The key of [CallAnnotations] in a coroutine context. */
    public companion object Key : CoroutineContext.Key<CallAnnotations> {
        /** The element of [context] with [listener] added after the listeners it holds. */
        internal fun adding(context: CoroutineContext, listener: CallAnnotationListener): CallAnnotations =
            CallAnnotations((context[Key]?.listeners ?: emptyList()) + listener)
    }
}

/**
 * Runs [block] with [listener] hearing the annotations of every call it makes (see [CallAnnotations]).
 *
 * Cancelling the caller cancels [block].
 */
public suspend fun <T> withCallAnnotations(listener: CallAnnotationListener, block: suspend () -> T): T =
    withContext(CallAnnotations.adding(currentCoroutineContext(), listener)) { block() }

/**
 * This stream with [listener] hearing the annotations of each collection (see [CallAnnotations]). The flow stays
 * cold and runs in its collector's coroutine: no buffer, no other thread, every event and failure passed on as it is.
 */
public fun <T> Flow<T>.withCallAnnotations(listener: CallAnnotationListener): Flow<T> {
    val upstream = this
    return flow { emitAll(upstream.flowOn(CallAnnotations.adding(currentCoroutineContext(), listener))) }
}

/** Tells the listeners of the calling coroutine's call (if any) [value] under [name]; see [CallAnnotations]. */
public suspend fun annotateCall(name: String, value: Any?) {
    currentCoroutineContext()[CallAnnotations]?.annotate(name, value)
}

/** Whether a listener hears the annotations of the calling coroutine's call: check it before building a costly value. */
public suspend fun isAnnotated(): Boolean = currentCoroutineContext()[CallAnnotations] != null

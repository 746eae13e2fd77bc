package dev.switchboard.opentelemetry

import dev.switchboard.spi.CallerContextCapture
import dev.switchboard.spi.SwitchboardSpi
import io.opentelemetry.context.Context
import io.opentelemetry.extension.kotlin.asContextElement
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext

/**
 * Carries the calling thread's OpenTelemetry [Context] into the coroutine of a call started through the Java facade
 * (found with [java.util.ServiceLoader]; see [CallerContextCapture]): a Java caller's current span becomes the parent
 * of the call's `chat` span, though the call runs on other threads. Nothing is carried when no context is current.
 *
 * Not API: `internal` to Kotlin, and public in bytecode only for [java.util.ServiceLoader], which instantiates it.
 */
@OptIn(SwitchboardSpi::class)
internal class OpenTelemetryCallerContext : CallerContextCapture {
    /** The current [Context] as a coroutine context element, or nothing when it is the root context. */
    override fun capture(): CoroutineContext {
        val current = Context.current()
        return if (current === Context.root()) EmptyCoroutineContext else current.asContextElement()
    }

    override fun toString(): String = "OpenTelemetryCallerContext"
}

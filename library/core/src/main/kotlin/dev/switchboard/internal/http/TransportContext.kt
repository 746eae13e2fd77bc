package dev.switchboard.internal.http

import dev.switchboard.HttpOptions
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.HttpExchanger
import dev.switchboard.spi.HttpRequestSpec
import java.util.concurrent.atomic.AtomicBoolean

/** What the parts of one transport share: its provider name, options, exchanger and event listener. */
internal class TransportContext(
    /** The provider name used in errors. */
    val provider: String,
    val options: HttpOptions,
    val exchanger: HttpExchanger,
    /** The [HttpOptions.eventListener], guarded; null when there is none, so that nothing is computed for it. */
    val events: HttpEvents?,
) {
    private val closed = AtomicBoolean(false)
    val requestTimeoutNanos: Long = options.requestTimeout.toNanos()
    val idleTimeoutNanos: Long = options.streamIdleTimeout.toNanos()

    /** Marks the transport closed; true the first time only. */
    fun close(): Boolean = closed.compareAndSet(false, true)

    fun checkOpen() {
        check(!closed.get()) { "This $provider HTTP transport is closed" }
    }

    /** [spec]'s URL as errors quote it: without query or fragment, redacted. */
    fun where(spec: HttpRequestSpec): String = HttpErrors.redact(spec.url.substringBefore('?').substringBefore('#'))
}

package dev.switchboard.internal.http

import dev.switchboard.RequestTimeoutException
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.Secrets
import dev.switchboard.spi.SwitchboardSpi
import java.time.Duration
import java.util.concurrent.ScheduledFuture

/** What happened in one attempt (streaming or not), for its timers and for mapping its failure. */
@OptIn(SwitchboardSpi::class)
internal open class Exchange(
    private val spec: HttpRequestSpec,
    private val auth: Map<String, String>,
    val attempt: Int,
    /** The HTTP events of the call this attempt belongs to; null when nobody listens. */
    val events: HttpEvents?,
) {
    /**
     * The credentials this attempt sends (credential headers, the token of `Bearer <token>`, URL secrets), to take out
     * of error bodies that quote them: no codec sees an HTML page or a redirect, nor knows every header. Made when first
     * asked for (only an error body needs them) and kept in a plain field, not a `lazy`, whose holder and closure a held
     * stream would keep for its whole length; two threads asking at once make equal ones.
     */
    val secrets: Secrets
        get() = madeSecrets ?: Secrets.of(null, spec.headers + auth, spec.url).also { madeSecrets = it }
    private var madeSecrets: Secrets? = null
    @Volatile var headersArrived: Boolean = false
    var status: Int = 0
    var requestId: String? = null
    /** The timeout that cancelled the attempt, if one did. */
    @Volatile var fired: RequestTimeoutException.Kind? = null
}

/** One streaming attempt: an [Exchange] with what the frame pump and the idle watch share. */
@OptIn(SwitchboardSpi::class)
internal class StreamExchange(spec: HttpRequestSpec, auth: Map<String, String>, attempt: Int, events: HttpEvents?) :
    Exchange(spec, auth, attempt, events) {
    /** When the attempt began, a [System.nanoTime] reading. */
    val started: Long = System.nanoTime()
    /** Whether a frame reached the collector: from then on nothing is retried. */
    @Volatile var emitted: Boolean = false
    /** When the reader began waiting for bytes ([NOT_WAITING] while it is not). */
    @Volatile var waitingSince: Long = NOT_WAITING
    /** Whether the collector or `onOpen` threw: their exceptions pass through unchanged. */
    var passThrough: Boolean = false
    /** The request timer until the stream starts (or the attempt ends); null once stopped, so nothing keeps it. */
    var requestTimer: ScheduledFuture<*>? = null

    /** Cancels the request timer, if it still runs, and drops it. */
    fun stopRequestTimer() {
        requestTimer?.cancel(false)
        requestTimer = null
    }

    companion object {
        const val NOT_WAITING: Long = Long.MIN_VALUE
    }
}

/** A failed attempt: the error to throw if it is not retried. Never escapes the transport. */
internal class AttemptFailure(
    val error: SwitchboardException,
    val retryable: Boolean,
    val retryAfter: Duration? = null,
) : Exception(error.message, null, false, false)

package dev.switchboard.spi

import dev.switchboard.SwitchboardException

/** Turns a failed response (status ≥ 400) into the typed error. */
public fun interface ErrorDecoder {
    /** The error for [status] with [headers] and the (possibly truncated) [body]. */
    public fun decode(status: Int, headers: ResponseHeaders, body: String): SwitchboardException
}

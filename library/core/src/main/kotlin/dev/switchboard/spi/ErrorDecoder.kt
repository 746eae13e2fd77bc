package dev.switchboard.spi

import dev.switchboard.ResponseHeaders

import dev.switchboard.SwitchboardException

/** Turns a failed response (status ≥ 400) into the typed error. */
@SwitchboardSpi
public fun interface ErrorDecoder {
    /**
     * The error for [status] with [headers] and the (possibly truncated) [body].
     *
     * It returns the error rather than throwing it; if it throws anyway, [HttpTransport] uses
     * [HttpErrors.map] for the status instead and keeps the decoder's failure as a suppressed exception.
     */
    public fun decode(status: Int, headers: ResponseHeaders, body: String): SwitchboardException
}

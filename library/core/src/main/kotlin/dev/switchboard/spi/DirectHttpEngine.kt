package dev.switchboard.spi

import dev.switchboard.ResponseHeaders

import io.ktor.utils.io.ByteReadChannel
import java.net.URI

/**
 * A Ktor engine that can also carry [HttpTransport]'s exchanges itself, without a Ktor `HttpClient` in between.
 *
 * A Ktor client runs every call through its request, send and response pipelines (with their plugins and a
 * coroutine of the call's own), and when a call ends it cancels the body channel with a freshly created
 * `IOException`, stack trace included, even after the body was read to its end. For a model call over loopback that
 * was the larger part of what the library added to the HTTP exchange itself. When the engine a transport creates
 * implements this interface, the transport sends through [exchange] and does itself the little those plugins did for
 * it (it follows no redirects, validates no status and decodes no content coding through Ktor anyway); other engines,
 * and a caller's own `HttpClient`, are used through Ktor as before.
 *
 * For engine modules; `switchboard-engine-java` implements it.
 */
@SwitchboardSpi
public interface DirectHttpEngine {
    /**
     * Sends [request] and returns once the response status and headers have arrived; the body then arrives in
     * [DirectResponse.body].
     *
     * Cancelling the caller aborts the exchange and closes its connection. Failures are the engine's own
     * exceptions (the transport types them, as it does for a Ktor client's).
     */
    public suspend fun exchange(request: DirectRequest): DirectResponse
}

/**
 * One request for a [DirectHttpEngine]: already checked by the transport (an absolute `http` or `https` [uri],
 * header names and values that HTTP can carry).
 */
@SwitchboardSpi
public class DirectRequest(
    /** The method, such as `POST`. */
    public val method: String,
    /** The absolute URI. */
    public val uri: URI,
    /** The header names and values, alternating: name, value, name, value; `Content-Type` included. */
    private val headers: Array<String>,
    /** The body, or null for none. */
    public val body: ByteArray?,
) {
    /** Calls [action] with each header name and value, in order. */
    public inline fun forEachHeader(action: (name: String, value: String) -> Unit) {
        val h = headerArray()
        var i = 0
        while (i < h.size) {
            action(h[i], h[i + 1])
            i += 2
        }
    }

    /** The headers as [forEachHeader] sees them. */
    @PublishedApi
    internal fun headerArray(): Array<String> = headers

    /** The method and the URI without its query (which may carry a key), and the header names only. */
    override fun toString(): String {
        val names = ArrayList<String>(headers.size / 2)
        forEachHeader { name, _ -> names += name }
        return "DirectRequest($method ${HttpErrors.redact(uri.toString().substringBefore('?'))}, headers=$names, ${body?.size ?: 0} bytes)"
    }
}

/** The response to a [DirectRequest]: status and headers, and the body as it arrives. */
@SwitchboardSpi
public interface DirectResponse {
    /** The status code. */
    public val status: Int

    /** The response headers. */
    public val headers: ResponseHeaders

    /** The body as it arrives; it fails with the engine's exception when the connection breaks. */
    public val body: ByteReadChannel

    /**
     * Ends the exchange. After the body was read to its end the connection stays open for the next request;
     * before that, the rest of the body is dropped and the connection closed. Idempotent; called exactly once by
     * the transport for every response it got, however the call ended.
     */
    public fun release()
}

package dev.switchboard.spi

import dev.switchboard.ResponseHeaders
import io.ktor.utils.io.ByteReadChannel
import java.net.URI

/**
 * Carries HTTP exchanges for the transport: the one shape every engine has.
 *
 * `switchboard-engine-java` implements it directly over the JDK's `HttpClient` (the fastest path); one adapter,
 * [KtorExchanger], implements it over any Ktor `HttpClient` or engine (`switchboard-engine-okhttp`, `-apache5`, `-cio`,
 * or a client of the caller's own with its plugins). So the transport has one code path, and the fault suites run the
 * same way on every engine.
 *
 * An exchanger can be shared by many clients, which then share its connections (as clients built with
 * `OkHttpClient.newBuilder()` share a pool): create one with [dev.switchboard.HttpOptions.newExchanger], give it to each
 * client with [dev.switchboard.HttpOptions.Builder.exchanger], and close it after the last of them; a client never
 * closes an exchanger it was given. An exchanger a client created from its options is the client's own and closed with it.
 *
 * Naming one needs no opt-in; implementing one, or calling [exchange], is [SwitchboardSpi] (for engine modules).
 * Implementations are safe to share between coroutines and threads.
 */
@SubclassOptInRequired(SwitchboardSpi::class)
public interface HttpExchanger : AutoCloseable {
    /** A short name of the engine, such as `java` or `okhttp`; `custom` for a caller's own Ktor client. */
    public val name: String

    /**
     * Sends [request], waits for the response status and headers, and returns what [handle] returns when given the
     * response; the body arrives through [ExchangeResponse.body] while [handle] runs. When [handle] returns or throws, the
     * exchange ends: its connection is kept for the next request if the body was read to its end, closed otherwise.
     *
     * Cancelling the caller aborts the exchange and closes its connection.
     *
     * @throws Throwable the engine's own exceptions for failures (the transport types them with [classify]); what
     *   [handle] throws, unchanged.
     */
    @SwitchboardSpi
    public suspend fun <T> exchange(request: ExchangeRequest, handle: suspend (ExchangeResponse) -> T): T

    /**
     * What kind of failure [failure] (thrown by [exchange] or by reading a body) is, for the transport to type it: the
     * engine knows its own exception classes. By default [FailureKind.classify], which knows the JDK's.
     */
    @SwitchboardSpi
    public fun classify(failure: Throwable): FailureKind = FailureKind.classify(failure)

    /** Releases the engine's connections and threads. Idempotent. */
    override fun close()
}

/** What kind of failure an engine's exception is ([HttpExchanger.classify]). */
@SwitchboardSpi
public enum class FailureKind {
    /** The connection could not be opened in time: a [dev.switchboard.RequestTimeoutException] of kind `CONNECT`. */
    CONNECT_TIMEOUT,

    /** Another timeout of the engine's own (a read or request timeout a caller configured on their client). */
    TIMEOUT,

    /** An I/O failure: a refused, reset or dropped connection, an unresolved host, a truncated body. Retryable. */
    IO,

    /** Anything else (a bug, a refused request): not retried. */
    OTHER;

    /** Classification of the exceptions of the JDK (`java.net`, `java.nio`, `java.io`), shared by every engine. */
    public companion object {
        private const val MAX_DEPTH = 16

        /**
         * The kind of [failure] by its JDK types, looking through its causes: a [java.net.SocketTimeoutException]
         * whose message says `connect` is a connect timeout, another one a timeout, an [java.io.IOException],
         * unresolved address or closed channel an I/O failure.
         */
        @JvmStatic
        public fun classify(failure: Throwable): FailureKind {
            var timeout = false
            var io = false
            var c: Throwable? = failure
            var depth = 0
            while (c != null && depth++ < MAX_DEPTH) {
                if (c is java.net.SocketTimeoutException) {
                    if (c.message?.contains("connect", ignoreCase = true) == true) return CONNECT_TIMEOUT
                    timeout = true
                }
                if (c is java.io.IOException || c is java.nio.channels.UnresolvedAddressException ||
                    c is java.nio.channels.ClosedChannelException
                ) {
                    io = true
                }
                c = c.cause?.takeIf { it !== c }
            }
            return if (timeout) TIMEOUT else if (io) IO else OTHER
        }

        /**
         * The kind [test] (an engine's test of its own exception classes) gives for [failure] or the first of its
         * causes it knows, or, when it knows none of them (it answers null), the kind of [failure] by its JDK types.
         */
        @JvmStatic
        public inline fun classify(failure: Throwable, test: (Throwable) -> FailureKind?): FailureKind {
            var c: Throwable? = failure
            var depth = 0
            while (c != null && depth++ < 16) {
                test(c)?.let { return it }
                c = c.cause?.takeIf { it !== c }
            }
            return classify(failure)
        }
    }
}

/**
 * One request for an [HttpExchanger]: already checked by the transport (an absolute `http` or `https` [uri], header
 * names and values that HTTP can carry, the `Content-Type` of a body among the headers).
 */
@SwitchboardSpi
public class ExchangeRequest(
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
        return "ExchangeRequest($method ${HttpErrors.redact(uri.toString().substringBefore('?'))}, headers=$names, ${body?.size ?: 0} bytes)"
    }
}

/** The response to an [ExchangeRequest]: status and headers, and the body as it arrives. */
@SwitchboardSpi
public interface ExchangeResponse {
    /** The status code. */
    public val status: Int

    /** The response headers. */
    public val headers: ResponseHeaders

    /** The body as it arrives; it fails with the engine's exception when the connection breaks. */
    public suspend fun body(): ByteReadChannel

    /**
     * The body as it arrives, read into the reader's arrays: what the transport reads every body through. By default
     * [body] read through [BodySource.of]; an engine with the body in buffers of its own overrides this to hand them
     * over without a channel. A response's body is read through one of the two, [body] or this, not both.
     */
    public suspend fun bodySource(): BodySource = BodySource.of(body())
}

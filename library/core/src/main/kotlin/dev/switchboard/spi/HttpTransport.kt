package dev.switchboard.spi

import dev.switchboard.HttpOptions
import kotlinx.coroutines.flow.Flow

/**
 * The shared HTTP machinery every provider uses: one Ktor client, timeouts, retries with backoff
 * honouring `Retry-After`, SSE and NDJSON framing, cancellation. Codecs never touch HTTP themselves.
 */
public class HttpTransport(
    /** The provider name used in errors. */
    public val provider: String,
    /** The options. */
    public val options: HttpOptions,
) : AutoCloseable {
    /**
     * Sends [spec] and returns the body of a successful response, retrying retryable failures.
     *
     * @throws dev.switchboard.SwitchboardException the typed error ([errors] decodes error statuses).
     */
    public suspend fun execute(spec: HttpRequestSpec, errors: ErrorDecoder): HttpResponseBody = TODO()

    /**
     * A cold flow of the frames of a streamed response to [spec]. [onOpen] is called with the
     * response headers once the status is known to be successful. Retries happen only before the first
     * frame is emitted. The flow completes when the body ends; it fails with a typed error when the
     * connection breaks, goes idle for longer than [HttpOptions.streamIdleTimeout], or sends bytes that
     * are not valid framing. Cancelling the collector closes the connection.
     */
    public fun stream(
        spec: HttpRequestSpec,
        framing: StreamFraming,
        errors: ErrorDecoder,
        onOpen: (ResponseHeaders) -> Unit,
    ): Flow<StreamFrame> = TODO()

    /** Closes the Ktor client if this transport created it. */
    override fun close(): Unit = TODO()
}

/** A successful response body with the provider's request id. */
public class HttpResponseBody(
    /** The body bytes. */
    public val bytes: ByteArray,
    /** The response headers. */
    public val headers: ResponseHeaders,
)

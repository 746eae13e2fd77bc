package dev.switchboard.spi

import dev.switchboard.ResponseHeaders

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.SwitchboardException

/**
 * A provider's wire format: a mostly pure translation between the neutral model and the provider's
 * JSON. The transport does everything else (HTTP, framing, retries, timeouts, cancellation).
 *
 * Codecs are tested without HTTP, on recorded traffic.
 */
@SwitchboardSpi
public interface ChatCodec {
    /** The provider's name for errors and logs, such as `openai`. */
    public val provider: String

    /** The response header carrying the provider's request id. */
    public val requestIdHeader: String get() = "x-request-id"

    /** How this provider frames streams. */
    public val streamFraming: StreamFraming

    /**
     * The HTTP request for [request] to [model].
     *
     * @throws dev.switchboard.BadRequestException when the provider cannot take one of the request's options.
     */
    public fun encode(model: String, request: CreateRequest, stream: Boolean): HttpRequestSpec

    /**
     * The result in a successful non-streaming response body.
     *
     * @throws dev.switchboard.ProtocolException when the body cannot be read (any other exception thrown here
     *   reaches the caller of [CodecChatCompletionClient] as a [dev.switchboard.ProtocolException]).
     */
    public fun decodeResponse(body: ByteArray, requestId: String?): CreateResult

    /**
     * The result in a successful non-streaming response body to [request]. [CodecChatCompletionClient] calls
     * this one; a codec whose reading depends on what it asked for (a structured answer it requested as a
     * forced tool call, say) overrides it. By default it is [decodeResponse] without the request.
     *
     * @throws dev.switchboard.ProtocolException as [decodeResponse] does.
     */
    public fun decodeResponse(body: ByteArray, requestId: String?, request: CreateRequest): CreateResult =
        decodeResponse(body, requestId)

    /** A new decoder for one streamed response. */
    public fun newStreamDecoder(requestId: String?): StreamDecoder

    /**
     * A new decoder for one streamed response to [request]. [CodecChatCompletionClient] calls this one; by
     * default it is [newStreamDecoder] without the request (see the request-aware [decodeResponse]).
     */
    public fun newStreamDecoder(requestId: String?, request: CreateRequest): StreamDecoder = newStreamDecoder(requestId)

    /** The typed error for a failed response (status ≥ 400); [HttpErrors.map] is the usual fallback. */
    public fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException
}

/**
 * Decodes the frames of one streamed response into [ChatStreamEvent]s. Not thread-safe: one
 * instance per stream.
 */
@SwitchboardSpi
public interface StreamDecoder {
    /**
     * Decodes [frame] and adds the events it produces to [out].
     *
     * @return true when [frame] is the stream's terminator; later frames are ignored.
     * @throws SwitchboardException ([dev.switchboard.ProtocolException] for unreadable frames,
     *   [dev.switchboard.StreamInterruptedException] for error events); any other exception reaches the
     *   collector of [CodecChatCompletionClient.createStream] as a [dev.switchboard.ProtocolException].
     */
    public fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean

    /**
     * The complete result once the body ended. [terminated] tells whether [decode] saw the terminator.
     *
     * @throws dev.switchboard.StreamInterruptedException when the stream ended before it was complete.
     */
    public fun finish(terminated: Boolean): CreateResult
}

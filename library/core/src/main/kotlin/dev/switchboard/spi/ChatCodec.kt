package dev.switchboard.spi

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.GuidedDecoding
import dev.switchboard.ResponseHeaders
import dev.switchboard.SwitchboardException

/**
 * A provider's wire format: a mostly pure translation between the neutral model and the provider's JSON. For each
 * call it [prepare]s a [PreparedCall] (the request, its framing and its decoders); the transport does everything
 * else (HTTP, retries, timeouts, cancellation), and [CodecClients] makes the client of it.
 *
 * Codecs are tested without HTTP, on recorded traffic.
 */
@SwitchboardSpi
public interface ChatCodec {
    /** The provider's name for errors and logs, such as `openai`. */
    public val provider: String

    /**
     * The URL this codec's calls go to, as [Urls.endpoint] gives it (no credentials, no query), or null when it has
     * none; the client's [endpoint][dev.switchboard.ChatCompletionClient.endpoint].
     */
    public val endpoint: String? get() = null

    /**
     * The kinds of [dev.switchboard.GuidedDecoding] the server takes; none by default. The client refuses a request
     * whose guided decoding is of another kind with a [dev.switchboard.CapabilityMissingException] before [prepare]
     * is called, so a codec only writes the kinds it lists.
     */
    public val guidedDecoding: Set<GuidedDecoding.Kind> get() = emptySet()

    /**
     * One call of [request] to [model], streamed when [stream] is true: everything the codec derives from the
     * request (a forced answer tool, say) is derived here, once, and kept by the call's decoders.
     *
     * @throws dev.switchboard.BadRequestException when the provider cannot take one of the request's options.
     */
    public fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall

    /** The typed error for a failed response (status ≥ 400); [HttpErrors.map] is the usual fallback. */
    public fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException
}

/**
 * One call a [ChatCodec] prepared: the HTTP request, how a streamed body is split into frames, and how the response
 * is read. Made per call, so it may hold what the codec derived from the request.
 */
@SwitchboardSpi
public interface PreparedCall {
    /**
     * The HTTP request. A streamed call's `Accept` comes from [framing] unless the spec sets one of its own.
     */
    public val spec: HttpRequestSpec

    /** How a streamed response body is split into frames (not used by a call that is not streamed). */
    public val framing: StreamFraming

    /** The provider's request id in the response [headers], or null; by default the `x-request-id` header. */
    public fun requestId(headers: ResponseHeaders): String? = headers["x-request-id"]

    /**
     * The result in a successful non-streaming response body.
     *
     * @throws dev.switchboard.ProtocolException when the body cannot be read (any other exception thrown here
     *   reaches the caller as a [dev.switchboard.ProtocolException]).
     */
    public fun decodeResponse(body: ByteArray, requestId: String?): CreateResult

    /** A new decoder for the streamed response of this call. */
    public fun newStreamDecoder(requestId: String?): StreamDecoder
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
     *   collector of the client's stream as a [dev.switchboard.ProtocolException].
     */
    public fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean

    /**
     * The complete result once the body ended. [terminated] tells whether [decode] saw the terminator.
     *
     * @throws dev.switchboard.StreamInterruptedException when the stream ended before it was complete.
     */
    public fun finish(terminated: Boolean): CreateResult
}

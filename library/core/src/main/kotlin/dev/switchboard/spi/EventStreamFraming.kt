package dev.switchboard.spi

import dev.switchboard.internal.http.EventStreamDecoder

/**
 * AWS's binary event stream (`application/vnd.amazon.eventstream`), as Amazon Bedrock's `ConverseStream` and
 * `InvokeModelWithResponseStream` send it: one [StreamFrame.binary] per message, its payload as the frame's
 * [bytes][StreamFrame.bytes], its headers as the frame's [headers][StreamFrame.headers] in text (booleans as
 * `true`/`false`, numbers and timestamps (epoch milliseconds) in decimal, byte arrays in base64, UUIDs in their
 * canonical form), and as the frame's [event][StreamFrame.event] the `:event-type` of an event, the
 * `:exception-type` of an exception (such as `throttlingException`) or the `:error-code` of an error; the
 * `:message-type` header tells which. What an exception means is the codec's business.
 *
 * Both checksums of every message (the prelude's and the message's CRC32) are verified; a mismatch, a header that
 * runs past its message, a message larger than the guard or a body that ends inside a message is a
 * [dev.switchboard.ProtocolException].
 */
@SwitchboardSpi
public object EventStreamFraming : StreamFraming {
    /** The largest message buffered: 16 MiB, as for SSE events and NDJSON lines. */
    public const val MAX_MESSAGE_BYTES: Int = EventStreamDecoder.DEFAULT_MAX_BYTES

    override val accept: String get() = "application/vnd.amazon.eventstream"

    override fun newDecoder(provider: String): FrameDecoder = EventStreamDecoder(provider)

    /** A decoder for one stream of [provider] that buffers messages of at most [maxBytes] (at least 16). */
    public fun newDecoder(provider: String, maxBytes: Int): FrameDecoder {
        require(maxBytes >= 16) { "An event-stream message takes at least 16 bytes (got maxBytes $maxBytes)" }
        return EventStreamDecoder(provider, maxBytes)
    }

    override fun toString(): String = "EventStream"
}

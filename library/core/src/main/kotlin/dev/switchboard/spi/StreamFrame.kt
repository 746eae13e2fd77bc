package dev.switchboard.spi

import dev.switchboard.internal.http.NdjsonDecoder
import dev.switchboard.internal.http.SseDecoder

/**
 * One frame of a streamed response: an SSE event ([event] name and [data], multi-line data joined with `\n`), one
 * NDJSON line (as [data], with no event name), or a message of a binary framing ([binary]: a payload with headers of
 * its own, such as an AWS event-stream message).
 *
 * [data] and [bytes] are the same content as text (UTF-8) and as bytes: each is computed from the other on first use.
 * Not thread-safe: a frame belongs to the stream decoder that reads it.
 */
@SwitchboardSpi
public class StreamFrame private constructor(
    /** The SSE event name, or the event type a binary framing carries; null when there is none. */
    public val event: String?,
    private var text: String?,
    /** The SSE id, or null. */
    public val id: String?,
    private var payload: ByteArray?,
    /** The frame's own headers (a binary framing's; empty for SSE and NDJSON). */
    public val headers: Map<String, String>,
    /** Whether this is a binary framing's message (else its payload is text: an SSE event or an NDJSON line). */
    private val binary: Boolean,
) {
    /** A text frame: [data] with the SSE [event] name and [id] (null when there are none). */
    @JvmOverloads
    public constructor(event: String?, data: String, id: String? = null) : this(event, data, id, null, emptyMap(), false)

    /** The data: the SSE data field, the NDJSON line, or a binary frame's payload decoded as UTF-8. */
    public val data: String
        get() = text ?: String(payload!!, Charsets.UTF_8).also { text = it }

    /** The payload: a binary frame's bytes, or a text frame's data encoded as UTF-8. */
    public val bytes: ByteArray
        get() = payload ?: text!!.encodeToByteArray().also { payload = it }

    override fun toString(): String =
        if (binary) "StreamFrame(event=$event, ${payload!!.size} bytes, headers=${headers.keys})" else "StreamFrame(event=$event, data=${data.take(200)})"

    /** Factories. */
    public companion object {
        /** A frame of a binary framing: [payload] with the message's [headers] and its [event] type (null when none). */
        @JvmStatic
        @JvmOverloads
        public fun binary(event: String?, payload: ByteArray, headers: Map<String, String> = emptyMap()): StreamFrame =
            StreamFrame(event, null, null, payload, headers, true)

        /**
         * A text frame given as the UTF-8 bytes of its data (decoded only if [data] is read): the built-in decoders
         * make these, so that a codec that reads bytes never pays for a `String`.
         */
        internal fun utf8(event: String?, payload: ByteArray, id: String?): StreamFrame = StreamFrame(event, null, id, payload, emptyMap(), false)
    }
}

/**
 * How a streamed response body is split into [StreamFrame]s: the `Accept` value a streaming request sends (unless the
 * request names one itself) and a new [FrameDecoder] per stream. [SSE] and [NDJSON] are built in; a provider with a
 * framing of its own (such as AWS's binary event stream) implements this in its own module.
 */
@SwitchboardSpi
public interface StreamFraming {
    /** The media type a streaming request accepts, such as `text/event-stream`. */
    public val accept: String

    /** A new decoder for one streamed body of [provider] (the name its errors give). */
    public fun newDecoder(provider: String): FrameDecoder

    /** The built-in framings. */
    public companion object {
        /** `text/event-stream`, as the WHATWG HTML standard interprets it. */
        @JvmField
        public val SSE: StreamFraming = Builtin("text/event-stream", "SSE") { SseDecoder(it) }

        /** Newline-delimited JSON (`application/x-ndjson`): one frame per non-blank line. */
        @JvmField
        public val NDJSON: StreamFraming = Builtin("application/x-ndjson", "NDJSON") { NdjsonDecoder(it) }
    }

    private class Builtin(override val accept: String, private val name: String, private val create: (String) -> FrameDecoder) : StreamFraming {
        override fun newDecoder(provider: String): FrameDecoder = create(provider)

        override fun toString(): String = name
    }
}

/**
 * Splits one streamed body into [StreamFrame]s as its bytes arrive. The transport hands it one chunk at a time with
 * [feed], then drains [next] until it returns null, then reads the next chunk; at the end of the body it calls
 * [endOfInput]. A frame split across chunks must be carried over. Not thread-safe: one instance per stream.
 */
@SwitchboardSpi
public interface FrameDecoder {
    /**
     * Makes [len] bytes of [buf] from [off] the next input. [buf] stays unchanged until [next] has returned null (and
     * is reused after that: copy what must be kept); the previous input has been drained.
     */
    public fun feed(buf: ByteArray, off: Int, len: Int)

    /**
     * The next complete frame in the input, or null when more input is needed.
     *
     * @throws dev.switchboard.ProtocolException for bytes that are not valid framing, or a frame too large to buffer.
     */
    public fun next(): StreamFrame?

    /**
     * The frame the end of the body completes, if its framing has one (an NDJSON line without its line break), or
     * null.
     *
     * @throws dev.switchboard.ProtocolException when the body ends inside a frame that this framing requires to be
     *   complete (a binary framing's truncated message).
     */
    public fun endOfInput(): StreamFrame?
}

package dev.switchboard.internal.http

import dev.switchboard.ProtocolException
import dev.switchboard.internal.http.EventStreamMessages.PRELUDE_BYTES
import dev.switchboard.spi.FrameDecoder
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.SwitchboardSpi
import java.util.Arrays
import java.util.Collections
import java.util.zip.CRC32

/**
 * Splits an AWS event stream into one [StreamFrame] per message, each checked ([EventStreamMessages]): the payload
 * as the frame's bytes, the headers as text, and as the frame's event the `:event-type` of an event, the
 * `:exception-type` of an exception or the `:error-code` of an error (the `:message-type` header says which).
 *
 * A message whose bytes arrive in one chunk is read in place; one split across chunks is carried over in a buffer
 * that grows to the message's size, at most [maxBytes]. A message whose header bytes equal the previous message's
 * shares its headers and event rather than reading them again (a stream's text deltas all carry the same three).
 * A corrupt message (a checksum that does not match, a header that runs past its bytes) is a [ProtocolException]:
 * nothing after it can be trusted to be aligned. Not thread-safe.
 */
@OptIn(SwitchboardSpi::class)
internal class EventStreamDecoder(
    private val provider: String,
    private val maxBytes: Int = DEFAULT_MAX_BYTES,
) : FrameDecoder {
    private val crc = CRC32()
    private var input: ByteArray = EMPTY
    private var pos = 0
    private var limit = 0

    /** The start of a message split across chunks, carried over. */
    private var carry: ByteArray = EMPTY
    private var carried = 0

    /** The total length of the carried message once its prelude is in, else -1. */
    private var carriedTotal = -1

    /**
     * The header bytes of the last message read, its headers and its event. A stream's messages of one kind carry the
     * same headers byte for byte, so a message whose header bytes equal these shares their (unmodifiable) map.
     */
    private var last: ByteArray = EMPTY
    private var lastLength = -1
    private var headers: Map<String, String> = emptyMap()
    private var event: String? = null

    override fun feed(buf: ByteArray, off: Int, len: Int) {
        check(pos >= limit) { "the previous chunk was not drained" }
        input = buf
        pos = off
        limit = off + len
    }

    override fun next(): StreamFrame? {
        if (carried > 0) return nextCarried()
        val available = limit - pos
        if (available >= PRELUDE_BYTES) {
            val total = checked { EventStreamMessages.totalLength(input, pos, maxBytes, crc) }
            if (available >= total) {
                val frame = frame(input, pos, total)
                pos += total
                return frame
            }
        }
        if (available > 0) take(available)
        drained()
        return null
    }

    /** The input is drained: its array is not kept (a pooled read buffer goes back to its pool and may be dropped there). */
    private fun drained() {
        input = EMPTY
        pos = 0
        limit = 0
    }

    /** The carried message, once the input completes it; null (and the input taken) while it does not. */
    private fun nextCarried(): StreamFrame? {
        if (carriedTotal < 0) {
            take(minOf(PRELUDE_BYTES - carried, limit - pos))
            if (carried < PRELUDE_BYTES) {
                drained()
                return null
            }
            carriedTotal = checked { EventStreamMessages.totalLength(carry, 0, maxBytes, crc) }
        }
        take(minOf(carriedTotal - carried, limit - pos))
        if (carried < carriedTotal) {
            drained()
            return null
        }
        val frame = frame(carry, 0, carriedTotal)
        carried = 0
        carriedTotal = -1
        // A large message's buffer is not kept for the rest of the stream.
        if (carry.size > KEPT_BYTES) carry = EMPTY
        return frame
    }

    /** Moves [n] bytes of the input into the carry buffer. */
    private fun take(n: Int) {
        if (n <= 0) return
        val need = carried + n
        if (need > carry.size) {
            carry = carry.copyOf(if (carriedTotal > 0) carriedTotal else maxOf(need, 256))
        }
        System.arraycopy(input, pos, carry, carried, n)
        carried += n
        pos += n
    }

    private fun frame(buf: ByteArray, off: Int, total: Int): StreamFrame {
        checked { EventStreamMessages.checkMessage(buf, off, total, crc) }
        val start = off + PRELUDE_BYTES
        val length = EventStreamMessages.int(buf, off + 4)
        if (length != lastLength || !Arrays.equals(buf, start, start + length, last, 0, length)) readHeaders(buf, start, length)
        return StreamFrame.binary(event, buf.copyOfRange(start + length, off + total - 4), headers)
    }

    /** Reads the headers at [start] and keeps their bytes, so the next message with the same ones reuses them. */
    private fun readHeaders(buf: ByteArray, start: Int, length: Int) {
        val list = checked { EventStreamMessages.headers(buf, start, length) }
        val map = LinkedHashMap<String, String>(list.size * 2)
        for (h in list) map[h.name] = h.text()
        event = when (map[MESSAGE_TYPE]) {
            "exception" -> map[EXCEPTION_TYPE]
            "error" -> map[ERROR_CODE]
            else -> map[EVENT_TYPE]
        }
        headers = Collections.unmodifiableMap(map)
        if (length > KEPT_HEADER_BYTES) {
            lastLength = -1
            return
        }
        if (last.size < length) last = ByteArray(maxOf(length, 128))
        System.arraycopy(buf, start, last, 0, length)
        lastLength = length
    }

    override fun endOfInput(): StreamFrame? {
        if (carried == 0) return null
        val of = if (carriedTotal > 0) " of its $carriedTotal" else ""
        throw ProtocolException(
            "The $provider event stream ended inside a message (after $carried$of bytes): the body was cut off", provider,
        )
    }

    private inline fun <T> checked(block: () -> T): T = try {
        block()
    } catch (e: EventStreamMessages.Malformed) {
        throw ProtocolException("The $provider event stream is corrupt: ${e.message}", provider)
    }

    companion object {
        /** The largest message buffered by default: 16 MiB, as for SSE events and NDJSON lines. */
        const val DEFAULT_MAX_BYTES: Int = 16 * 1024 * 1024

        const val MESSAGE_TYPE: String = ":message-type"
        const val EVENT_TYPE: String = ":event-type"
        const val EXCEPTION_TYPE: String = ":exception-type"
        const val ERROR_CODE: String = ":error-code"

        private const val KEPT_BYTES = 64 * 1024

        /** Header bytes kept for comparison with the next message's; a message with more is read every time. */
        private const val KEPT_HEADER_BYTES = 1024
        private val EMPTY = ByteArray(0)
    }
}

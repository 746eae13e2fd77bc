package dev.switchboard.http

import dev.switchboard.internal.http.EventStreamMessages
import java.util.zip.CRC32

/** A message read whole, on its own: its headers in wire order and its payload (the tests' reference reading). */
internal class Message(val headers: List<EventStreamMessages.Header>, val payload: ByteArray)

/**
 * The message of [total] bytes at [off] of [buf], whose prelude [EventStreamMessages.totalLength] has checked, read with
 * the same steps as the decoder (checksum, then headers) but nothing kept between messages.
 *
 * @throws EventStreamMessages.Malformed when the message CRC does not match or a header is malformed.
 */
internal fun EventStreamMessages.decode(buf: ByteArray, off: Int, total: Int, crc: CRC32): Message {
    checkMessage(buf, off, total, crc)
    val headersLength = int(buf, off + 4)
    val headersEnd = off + PRELUDE_BYTES + headersLength
    return Message(headers(buf, off + PRELUDE_BYTES, headersLength), buf.copyOfRange(headersEnd, off + total - 4))
}

package dev.switchboard.internal.http

import dev.switchboard.spi.StreamFrame

/**
 * A `text/event-stream` decoder following the WHATWG HTML "event stream interpretation": lines end
 * with CR, LF or CRLF; `data:` lines are joined with `\n`; `event:` names the event (an empty name is
 * no name); `id:` sets the last event id (kept for later events, as the spec says); lines starting
 * with `:` are comments; one space after the colon is dropped; a blank line dispatches the event; an
 * event with no `data` line is not dispatched; a partial event at the end of the body is discarded.
 */
internal class SseDecoder(provider: String, maxBytes: Int = DEFAULT_MAX_BYTES) :
    LineDecoder(provider, maxBytes, crEndsLine = true) {
    /** Where an event's data lines are joined; made for the first event with two (most have one). */
    private var data = EMPTY
    private var dataLen = 0
    private var dataLines = 0

    /** The event's only data line so far, copied once as the frame's own bytes (most events have one line). */
    private var single: ByteArray? = null
    private var eventName: String? = null
    private var lastId: String? = null

    /** The last event name seen, to reuse its String for the next event of the same name. */
    private var cachedName: String? = null
    private var cachedNameBytes: ByteArray = EMPTY

    /** At the end of the body a pending event is discarded, as the spec says. */
    override fun endOfInput(): StreamFrame? = null

    /** Interprets one line; returns the event a blank line dispatches. */
    override fun onLine(buf: ByteArray, off: Int, len: Int): StreamFrame? {
        if (len == 0) return dispatch()
        if (buf[off] == COLON) return null
        val end = off + len
        var colon = off
        while (colon < end && buf[colon] != COLON) colon++
        val nameLen = colon - off
        var valueStart = if (colon < end) colon + 1 else end
        if (valueStart < end && buf[valueStart] == SPACE) valueStart++
        val valueLen = end - valueStart
        when {
            nameLen == 4 && buf[off] == 'd'.b && buf[off + 1] == 'a'.b && buf[off + 2] == 't'.b && buf[off + 3] == 'a'.b ->
                appendData(buf, valueStart, valueLen)
            nameLen == 5 && buf[off] == 'e'.b && buf[off + 1] == 'v'.b && buf[off + 2] == 'e'.b && buf[off + 3] == 'n'.b &&
                buf[off + 4] == 't'.b -> eventName = if (valueLen == 0) null else name(buf, valueStart, valueLen)
            nameLen == 2 && buf[off] == 'i'.b && buf[off + 1] == 'd'.b -> {
                var hasNul = false
                for (k in valueStart until end) if (buf[k].toInt() == 0) hasNul = true
                if (!hasNul) lastId = String(buf, valueStart, valueLen, Charsets.UTF_8)
            }
            // `retry` and unknown fields are ignored: this client does not reconnect by itself.
        }
        return null
    }

    private fun appendData(buf: ByteArray, off: Int, len: Int) {
        if (dataLines == 0) {
            if (len > maxBytes) throw tooLarge("event")
            single = buf.copyOfRange(off, off + len)
            dataLines = 1
            return
        }
        single?.let {
            // a second line: the first goes where lines are joined
            single = null
            if (it.size > data.size) data = ByteArray(grow(maxOf(data.size, MIN_JOINED / 2), it.size))
            System.arraycopy(it, 0, data, 0, it.size)
            dataLen = it.size
        }
        val needed = dataLen + len + 1
        if (needed > maxBytes) throw tooLarge("event")
        if (needed > data.size) data = data.copyOf(grow(maxOf(data.size, MIN_JOINED / 2), needed))
        data[dataLen++] = LF
        System.arraycopy(buf, off, data, dataLen, len)
        dataLen += len
        dataLines++
    }

    private fun dispatch(): StreamFrame? {
        if (dataLines == 0) {
            eventName = null
            return null
        }
        val bytes = single ?: data.copyOf(dataLen)
        val frame = StreamFrame.utf8(eventName, bytes, lastId)
        single = null
        dataLen = 0
        dataLines = 0
        eventName = null
        return frame
    }

    private fun name(buf: ByteArray, off: Int, len: Int): String {
        val cached = cachedNameBytes
        if (cached.size == len) {
            var same = true
            for (k in 0 until len) if (cached[k] != buf[off + k]) {
                same = false
                break
            }
            if (same) return cachedName!!
        }
        val s = String(buf, off, len, Charsets.UTF_8)
        cachedName = s
        cachedNameBytes = buf.copyOfRange(off, off + len)
        return s
    }

    private companion object {
        /** The smallest buffer for joined data lines. */
        const val MIN_JOINED = 1024
        const val COLON: Byte = ':'.code.toByte()
        const val SPACE: Byte = ' '.code.toByte()
        val Char.b: Byte get() = code.toByte()
    }
}

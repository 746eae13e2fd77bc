package dev.switchboard.spi

/**
 * One frame of a streamed response: an SSE event ([event] name and [data], multi-line data joined with
 * `\n`), or one NDJSON line (as [data], with no event name).
 */
@SwitchboardSpi
public class StreamFrame @JvmOverloads constructor(
    /** The SSE event name, or null. */
    public val event: String?,
    /** The data: the SSE data field or the NDJSON line. */
    public val data: String,
    /** The SSE id, or null. */
    public val id: String? = null,
) {
    override fun toString(): String = "StreamFrame(event=$event, data=${data.take(200)})"
}

/** How a streamed response body is split into [StreamFrame]s. */
@SwitchboardSpi
public enum class StreamFraming {
    /** `text/event-stream`. */
    SSE,
    /** Newline-delimited JSON. */
    NDJSON,
}

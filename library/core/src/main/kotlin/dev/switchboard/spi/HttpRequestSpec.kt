package dev.switchboard.spi

/**
 * A request a codec built: the method, the absolute [url], the headers and the body bytes.
 *
 * Headers and query strings may carry secrets, so [toString] prints the header names only and the URL
 * without its query.
 */
@SwitchboardSpi
public class HttpRequestSpec @JvmOverloads constructor(
    /** The absolute URL. */
    public val url: String,
    /** The body, usually JSON. */
    public val body: ByteArray?,
    /** The headers to send. */
    public val headers: Map<String, String> = emptyMap(),
    /** The HTTP method. */
    public val method: String = "POST",
    /** The body's content type. */
    public val contentType: String = "application/json",
) {
    override fun toString(): String {
        val query = url.indexOfAny(charArrayOf('?', '#'))
        val shown = if (query < 0) url else url.substring(0, query) + "?…"
        return "HttpRequestSpec($method ${HttpErrors.redact(shown)}, headers=${headers.keys}, ${body?.size ?: 0} bytes)"
    }
}

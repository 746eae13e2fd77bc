package dev.switchboard.spi

/**
 * A request a codec built: the method, the absolute [url], the headers (secrets included, so this
 * class never prints them) and the body bytes.
 */
public class HttpRequestSpec(
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
    override fun toString(): String = "HttpRequestSpec($method $url, headers=${headers.keys}, ${body?.size ?: 0} bytes)"
}

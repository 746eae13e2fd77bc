package dev.switchboard

import dev.switchboard.spi.Secrets

/**
 * What every provider's configuration holds about its endpoint: the URL, the API key, the headers sent with
 * every request, the model's declared capabilities and the HTTP options. A provider's config builder collects
 * them through [EndpointConfigBuilder]; the config keeps them as one value and shows its own names for them.
 *
 * [toString] never shows the API key or header values, nor the password and query values of the URL.
 */
public class EndpointOptions internal constructor(
    /** The endpoint's URL as its provider normalised it (checked with [dev.switchboard.spi.Urls.httpUrl]). */
    public val url: String,
    /** The API key, trimmed, or null for none. */
    public val apiKey: String?,
    headers: Map<String, String>,
    /** The model's declared capabilities, or null to let the provider look the model up. */
    public val modelInfo: ModelInfo?,
    /** Timeouts, retries and the HTTP engine or client. */
    public val httpOptions: HttpOptions,
) {
    /** Headers sent with every request, in the order they were set (a request's own headers override them). */
    public val headers: Map<String, String> = java.util.Collections.unmodifiableMap(LinkedHashMap(headers))

    override fun toString(): String =
        "EndpointOptions(url=${Secrets.safeUrl(url)}, apiKey=${if (apiKey == null) "none" else "****"}, headers=${headers.keys}, " +
            "modelInfo=$modelInfo, httpOptions=$httpOptions)"
}

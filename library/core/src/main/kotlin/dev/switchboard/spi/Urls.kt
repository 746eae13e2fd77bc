package dev.switchboard.spi

import java.net.URI
import java.net.URISyntaxException

/**
 * Base URLs as providers take and join them: [httpUrl] checks and normalises a configured one, [join] appends
 * an API path to it, and [pathSegment] encodes a value (a deployment or model name) that goes into a path.
 *
 * A base URL may carry a query (a gateway's key parameter, Azure's `?api-version=`): [join] keeps it after the
 * path. A fragment is refused: it is never sent, and a path joined after it would not be either.
 */
@SwitchboardSpi
public object Urls {
    private val UNRESERVED = BooleanArray(128).also { t ->
        for (c in 'A'..'Z') t[c.code] = true
        for (c in 'a'..'z') t[c.code] = true
        for (c in '0'..'9') t[c.code] = true
        for (c in "-._~") t[c.code] = true
    }
    private const val HEX = "0123456789ABCDEF"

    /**
     * [value], trimmed and without trailing slashes on its path, once it is an absolute `http` or `https` URL
     * without a fragment, and without a query unless the query is allowed.
     *
     * @param what how the value is called in the message, such as `The base URL` or `The Azure OpenAI endpoint`.
     * @param queryAdvice null to keep a query; otherwise a query is refused with this advice appended to the
     *   message, saying where its parameters belong instead (`give the API version with apiVersion(...)`).
     * @throws IllegalArgumentException when [value] is not such a URL; the message quotes it only masked as
     *   [Secrets.quoteUrlLike] does, since a key may have been given where the URL belongs.
     */
    @JvmStatic
    @JvmOverloads
    public fun httpUrl(value: String, what: String, queryAdvice: String? = null): String {
        val trimmed = value.trim()
        val query = trimmed.indexOf('?')
        val url = if (query < 0) trimmed.trimEnd('/') else trimmed.substring(0, query).trimEnd('/') + trimmed.substring(query)
        require(url.startsWith("https://", ignoreCase = true) || url.startsWith("http://", ignoreCase = true)) {
            "$what must start with http:// or https:// (got ${Secrets.quoteUrlLike(url)})"
        }
        val uri = try {
            URI(url)
        } catch (_: URISyntaxException) {
            // The cause is left out: its message quotes the whole value.
            throw IllegalArgumentException("$what is not a URL (got ${Secrets.quoteUrlLike(url)})")
        }
        require(uri.rawFragment == null) { "$what must not have a fragment (#…) (got ${Secrets.quoteUrlLike(url)})" }
        require(queryAdvice == null || uri.rawQuery == null) {
            "$what must not have a query (got ${Secrets.quoteUrlLike(url)}): $queryAdvice"
        }
        return url
    }

    /**
     * [baseUrl] followed by [path], with exactly one slash between them, the base URL's own query (if any)
     * after the path, and then [query]'s parameters, names and values percent-encoded, in their order.
     *
     * `join("https://h/v1/", "/chat/completions")` and `join("https://h/v1", "chat/completions")` are both
     * `https://h/v1/chat/completions`; `join("https://h/v1?key=k", "/models", mapOf("a" to "b c"))` is
     * `https://h/v1/models?key=k&a=b%20c`. An empty [path] leaves the base URL's path as it is.
     *
     * @param path literal path text, already encoded: build a value into it with [pathSegment].
     * @throws IllegalArgumentException when [baseUrl] has a fragment, or [path] has a query or fragment.
     */
    @JvmStatic
    @JvmOverloads
    public fun join(baseUrl: String, path: String, query: Map<String, String> = emptyMap()): String {
        require('#' !in baseUrl) { "A base URL must not have a fragment (#…)" }
        require('?' !in path && '#' !in path) { "A path must not carry a query or fragment: give query parameters separately" }
        val mark = baseUrl.indexOf('?')
        val base = (if (mark < 0) baseUrl else baseUrl.substring(0, mark)).trimEnd('/')
        val baseQuery = if (mark < 0) "" else baseUrl.substring(mark + 1)
        val out = StringBuilder(base.length + path.length + 16).append(base)
        val tail = path.trimStart('/')
        if (tail.isNotEmpty()) out.append('/').append(tail)
        var separator = '?'
        if (baseQuery.isNotEmpty()) {
            out.append('?').append(baseQuery)
            separator = '&'
        }
        for ((name, value) in query) {
            out.append(separator).append(encode(name)).append('=').append(encode(value))
            separator = '&'
        }
        return out.toString()
    }

    /**
     * [value] percent-encoded as one path segment: every byte of its UTF-8 form except letters, digits and
     * `-._~` becomes `%XX`, so a slash, `?`, `#`, a space or `%` cannot change the path it is put into.
     */
    @JvmStatic
    public fun pathSegment(value: String): String = encode(value)

    /** The host of [url] in lower case, or null when it has none or is not a URL. */
    @JvmStatic
    public fun host(url: String): String? = try {
        URI(url).host?.lowercase()
    } catch (_: URISyntaxException) {
        null
    }

    /**
     * [url] as a client's [endpoint][dev.switchboard.ChatCompletionClient.endpoint] names it: without user info,
     * query or fragment, with known key shapes redacted.
     */
    @JvmStatic
    public fun endpoint(url: String): String =
        HttpErrors.redact(Secrets.safeUrl(url.substringBefore('#').substringBefore('?')).replace("***@", ""))

    private fun encode(value: String): String {
        if (value.all { it.code < 128 && UNRESERVED[it.code] }) return value
        val out = StringBuilder(value.length * 3)
        for (b in value.encodeToByteArray()) {
            val u = b.toInt() and 0xFF
            if (u < 128 && UNRESERVED[u]) {
                out.append(u.toChar())
            } else {
                out.append('%').append(HEX[u shr 4]).append(HEX[u and 0xF])
            }
        }
        return out.toString()
    }
}

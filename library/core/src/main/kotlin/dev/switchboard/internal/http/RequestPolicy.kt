package dev.switchboard.internal.http

import dev.switchboard.BadRequestException
import dev.switchboard.spi.ExchangeRequest
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.SwitchboardSpi
import java.net.URI
import java.net.URISyntaxException

/**
 * What one attempt sends, checked before any engine sees it: an absolute `http`/`https` URL with a host, header names
 * and values HTTP can carry (engines reject others with messages that quote the value, often an API key read with a
 * stray line break), the credentials of the attempt over the spec's headers of the same names, the framing's `Accept`
 * and the library's `User-Agent` unless the spec has its own.
 */
@OptIn(SwitchboardSpi::class)
internal class RequestPolicy(private val provider: String) {
    /**
     * The last URL parsed and its URI (immutable, so shared by every request to it): a client sends to one or a few
     * URLs, and the JDK keeps each request's URI with its parts as long as the exchange lasts, a stream's whole length
     * (about 320 bytes a stream, and a parse per call, saved).
     */
    @Volatile private var last: ParsedUrl? = null

    /**
     * [spec] as an [ExchangeRequest]: [auth] headers replace the spec's of the same names, [accept] is added unless the
     * spec has an `Accept`, [UserAgent] unless it has a `User-Agent`; `Content-Length` is the engine's.
     *
     * @throws BadRequestException for a malformed URL or a header HTTP cannot carry (the value never quoted).
     */
    fun request(spec: HttpRequestSpec, accept: String?, auth: Map<String, String>): ExchangeRequest {
        val uri = uri(spec.url)
        val out = ArrayList<String>(2 * (spec.headers.size + auth.size + 3))
        var contentType = spec.contentType
        var hasAccept = false
        var hasUserAgent = false
        for ((name, value) in spec.headers) {
            if (auth.isNotEmpty() && auth.keys.any { it.equals(name, ignoreCase = true) }) continue
            checkHeader(name, value)
            when {
                name.equals("Content-Type", ignoreCase = true) -> contentType = value
                name.equals("Content-Length", ignoreCase = true) -> Unit
                else -> {
                    if (name.equals("Accept", ignoreCase = true)) hasAccept = true
                    if (name.equals(UserAgent.HEADER, ignoreCase = true)) hasUserAgent = true
                    out += name
                    out += value
                }
            }
        }
        for ((name, value) in auth) {
            checkHeader(name, value)
            if (name.equals(UserAgent.HEADER, ignoreCase = true)) hasUserAgent = true
            out += name
            out += value
        }
        if (accept != null && !hasAccept) {
            out += "Accept"
            out += accept
        }
        if (!hasUserAgent) {
            out += UserAgent.HEADER
            out += UserAgent.value
        }
        val body = spec.body
        if (body != null) {
            checkHeader("Content-Type", contentType)
            out += "Content-Type"
            out += contentType
        }
        return ExchangeRequest(spec.method, uri, out.toTypedArray(), body)
    }

    /** The absolute `http` or `https` URI of [url], or the [BadRequestException] a malformed one gets. */
    private fun uri(url: String): URI {
        val known = last
        if (known != null && known.url == url) return known.uri
        val uri = parse(url)
        last = ParsedUrl(url, uri)
        return uri
    }

    private fun parse(url: String): URI {
        val uri = try {
            URI(url)
        } catch (e: URISyntaxException) {
            throw BadRequestException(
                HttpErrors.redact("Invalid URL for $provider: $url (${Failures.describe(e)}); check the base URL"),
                provider, 0, cause = Failures.redacted(e),
            )
        }
        val scheme = uri.scheme
        if (scheme == null || !(scheme.equals("http", ignoreCase = true) || scheme.equals("https", ignoreCase = true)) || uri.host == null) {
            throw BadRequestException(
                HttpErrors.redact("Invalid URL for $provider: $url (an absolute http or https URL with a host is needed); check the base URL"),
                provider, 0,
            )
        }
        return uri
    }

    private fun checkHeader(name: String, value: String) {
        for (i in name.indices) {
            val c = name[i]
            if (c <= ' ' || c.code >= 0x7F || c in HEADER_NAME_SEPARATORS) {
                throw BadRequestException(
                    "The header name '${HttpErrors.redact(name.take(64))}' for $provider is not a valid HTTP header name " +
                        "(character ${charName(c)} at position $i)",
                    provider, 0,
                )
            }
        }
        for (i in value.indices) {
            val c = value[i]
            if ((c < ' ' && c != '\t') || c.code >= 0x7F) {
                throw BadRequestException(
                    "The value of header '$name' for $provider holds ${charName(c)} at position $i of ${value.length}, which " +
                        "HTTP headers cannot carry (the value is not shown). An API key or token read from a file or an " +
                        "environment variable often ends with a stray line break: trim it",
                    provider, 0,
                )
            }
        }
    }

    private fun charName(c: Char): String = when (c) {
        '\n' -> "a line feed"
        '\r' -> "a carriage return"
        else -> if (c.code < 0x80) "the control character U+%04X".format(c.code) else "the non-ASCII character U+%04X".format(c.code)
    }

    private class ParsedUrl(val url: String, val uri: URI)

    private companion object {
        const val HEADER_NAME_SEPARATORS = "\"(),/:;<=>?@[\\]{}"
    }
}

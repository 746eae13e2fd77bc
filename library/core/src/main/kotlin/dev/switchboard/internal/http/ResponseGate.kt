package dev.switchboard.internal.http

import dev.switchboard.ProtocolException
import dev.switchboard.RateLimitException
import dev.switchboard.ResponseHeaders
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.BodySource
import dev.switchboard.spi.ErrorDecoder
import dev.switchboard.spi.ExchangeResponse
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.SwitchboardSpi
import java.io.EOFException
import kotlin.coroutines.cancellation.CancellationException

/**
 * What a response must pass before its body is read as an answer: a successful status (an error status is decoded by
 * the codec's [ErrorDecoder], a redirect is refused), a content type that is not an HTML page (a proxy's or a captive
 * portal's), and a content coding this library decodes. Also reads whole bodies, bounded.
 */
@OptIn(SwitchboardSpi::class)
internal class ResponseGate(private val provider: String) {
    /**
     * The [AttemptFailure] for a response that is not an answer (returned, not thrown, so the connection can be
     * reused), or null when its body may be read.
     */
    suspend fun refuse(response: ExchangeResponse, errors: ErrorDecoder, exchange: Exchange): AttemptFailure? {
        val status = response.status
        val headers = response.headers
        if (status !in 200..299) return unsuccessful(response.bodySource(), headers, status, errors, exchange)
        val contentType = headers["Content-Type"]
        if (contentType != null && isHtml(contentType)) return htmlFailure(response.bodySource(), headers, status, contentType, exchange)
        return null
    }

    /** The whole body of a successful response, inflated when it has a content coding. */
    suspend fun readWhole(body: BodySource, headers: ResponseHeaders, status: Int): ByteArray {
        val inflater = inflater(headers, status)
        val bytes = readAll(body, declaredLength(headers))
        return if (inflater == null) bytes else BodyInflater.inflateAll(inflater, bytes, MAX_BODY_BYTES, provider)
    }

    /** The inflater for the body's content coding, or null for none; [ProtocolException] for one it cannot decode. */
    fun inflater(headers: ResponseHeaders, status: Int): BodyInflater? = BodyInflater.of(headers["Content-Encoding"], provider, status)

    /**
     * The Content-Length the body must have, or null when unknown or when a content coding (decoded by a caller's own
     * client) makes it the length of other bytes.
     */
    fun declaredLength(headers: ResponseHeaders): Long? {
        val encoding = headers["Content-Encoding"]
        if (encoding != null && !encoding.equals("identity", ignoreCase = true)) return null
        return headers["Content-Length"]?.toLongOrNull()?.takeIf { it >= 0 }
    }

    private suspend fun unsuccessful(
        source: BodySource,
        headers: ResponseHeaders,
        status: Int,
        errors: ErrorDecoder,
        exchange: Exchange,
    ): AttemptFailure {
        val body = exchange.secrets.scrub(readErrorBody(source))
        if (status in 300..399) {
            val location = headers["Location"]?.let { HttpErrors.redact(it.substringBefore('?')) }
            return AttemptFailure(
                ProtocolException(
                    "$provider answered HTTP $status, a redirect${if (location != null) " to $location" else ""}, which is not " +
                        "followed for API calls: set the base URL to the final address",
                    provider, status, HttpErrors.requestId(headers), HttpErrors.excerpt(body),
                ),
                retryable = false,
            )
        }
        val error = try {
            errors.decode(status, headers, body)
        } catch (e: SwitchboardException) {
            e
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            // A codec bug must not turn an error status into a connection failure: fall back to the status.
            HttpErrors.map(provider, status, headers, body).also { it.addSuppressed(Failures.redacted(e)!!) }
        }
        val retryAfter = (error as? RateLimitException)?.retryAfter ?: RetryAfter.parse(headers)
        return AttemptFailure(error, retryable = error.isRetryable, retryAfter = retryAfter)
    }

    private suspend fun htmlFailure(
        source: BodySource,
        headers: ResponseHeaders,
        status: Int,
        contentType: String,
        exchange: Exchange,
    ): AttemptFailure {
        val body = exchange.secrets.scrub(readErrorBody(source))
        return AttemptFailure(
            ProtocolException(
                "$provider answered HTTP $status with content type '$contentType' where JSON or a stream was expected: " +
                    "an HTML page, usually from a proxy, gateway or captive portal in between, or a wrong base URL",
                provider, status, HttpErrors.requestId(headers), HttpErrors.excerpt(body),
            ),
            retryable = false,
        )
    }

    private fun isHtml(contentType: String): Boolean =
        contentType.startsWith("text/html", ignoreCase = true) || contentType.startsWith("application/xhtml", ignoreCase = true)

    /**
     * Reads the whole body; a body shorter than [length] (the Content-Length) is an [EOFException]. A body of the
     * declared length is read into an array of exactly that size and returned without a copy.
     */
    private suspend fun readAll(source: BodySource, length: Long?): ByteArray {
        var buf = ByteArray(if (length != null && length <= MAX_BODY_BYTES) length.toInt() else 8192)
        var len = 0
        while (true) {
            if (len == buf.size) {
                // Full: the body ends here, or it is longer than the array and the array grows.
                if (!source.awaitContent()) break
                if (buf.size >= MAX_BODY_BYTES) {
                    throw ProtocolException(
                        "$provider answered a body larger than ${MAX_BODY_BYTES / (1024 * 1024)} MiB; it was not read into memory",
                        provider,
                    )
                }
                buf = buf.copyOf(minOf(maxOf(buf.size.toLong() * 2, 8192L), MAX_BODY_BYTES.toLong()).toInt())
            }
            val n = source.read(buf, len, buf.size - len)
            if (n < 0) break
            len += n
        }
        if (length != null && len < length) throw EOFException("the body ended after $len of its $length bytes")
        return if (len == buf.size) buf else buf.copyOf(len)
    }

    /**
     * Up to [ERROR_BODY_BYTES] of an error body as text (malformed UTF-8 replaced); what could be read when the
     * connection fails half-way, as the status alone already tells what went wrong.
     */
    private suspend fun readErrorBody(source: BodySource): String {
        val buf = ByteArray(ERROR_BODY_BYTES)
        var len = 0
        try {
            while (len < buf.size) {
                val n = source.read(buf, len, buf.size - len)
                if (n < 0) break
                len += n
            }
        } catch (e: CancellationException) {
            throw e
        } catch (_: Exception) {
            // keep what arrived
        }
        return String(buf, 0, len, Charsets.UTF_8)
    }

    companion object {
        const val ERROR_BODY_BYTES = 64 * 1024
        const val MAX_BODY_BYTES = 256 * 1024 * 1024
    }
}

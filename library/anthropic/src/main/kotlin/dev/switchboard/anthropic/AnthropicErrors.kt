package dev.switchboard.anthropic

import dev.switchboard.ApiException
import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.NotFoundException
import dev.switchboard.PermissionDeniedException
import dev.switchboard.RateLimitException
import dev.switchboard.ServerException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.anthropic.internal.ErrorBodyDto
import dev.switchboard.anthropic.internal.ErrorDto
import dev.switchboard.anthropic.internal.WireJson
import dev.switchboard.spi.HttpErrors
import dev.switchboard.ResponseHeaders
import dev.switchboard.spi.Secrets

/**
 * Anthropic's error body, `{"type":"error","error":{"type","message"},"request_id"}`, read into the typed
 * error tree on top of [HttpErrors.map]: the message carries Anthropic's text and error type, the request
 * id comes from the `request-id` header or the body, and an error type whose status is unusual is mapped by
 * its type (`overloaded_error` is a retryable [ServerException] whatever the status; 529 is one anyway).
 */
internal object AnthropicErrors {
    /** The HTTP status Anthropic documents for each error type. */
    private val STATUS_OF_TYPE = mapOf(
        "invalid_request_error" to 400,
        "authentication_error" to 401,
        "billing_error" to 402,
        "permission_error" to 403,
        "not_found_error" to 404,
        "request_too_large" to 413,
        "rate_limit_error" to 429,
        "api_error" to 500,
        "timeout_error" to 504,
        "overloaded_error" to 529,
    )

    private class Details(val type: String?, val message: String?, val requestId: String?) {
        fun describe(): String? {
            if (message == null && type == null) return null
            val text = (message ?: "").trim().trimEnd('.')
            return if (type == null) text else "$text (type $type)".trim()
        }
    }

    fun decode(provider: String, status: Int, headers: ResponseHeaders, raw: String, secrets: Secrets = Secrets.NONE): SwitchboardException {
        val body = secrets.scrub(raw)
        val details = parse(body)
        var message = details.describe()?.let { HttpErrors.redact(secrets.scrub(it)) }
        if (details.type == "billing_error") message = "$message; check the plan and billing, retrying will not help"
        val withBodyId = ResponseHeaders { name ->
            headers[name] ?: if (name.equals("request-id", ignoreCase = true)) details.requestId else null
        }
        val mapped = HttpErrors.map(provider, status, withBodyId, body, message)
        if (mapped !is ApiException) return mapped
        // A status HttpErrors does not map (402, or anything a gateway invents): go by Anthropic's error type.
        val text = mapped.message ?: "$provider answered HTTP $status"
        val id = mapped.requestId
        val excerpt = mapped.bodyExcerpt
        return when (details.type) {
            "authentication_error" -> AuthenticationException(text, provider, status, id, excerpt)
            "permission_error", "billing_error" -> PermissionDeniedException(text, provider, status, id, excerpt)
            "not_found_error" -> NotFoundException(text, provider, status, id, excerpt)
            "invalid_request_error", "request_too_large" -> BadRequestException(text, provider, status, id, excerpt)
            "rate_limit_error" -> RateLimitException(text, provider, status, id, excerpt)
            "overloaded_error", "api_error", "timeout_error" -> ServerException(text, provider, status, id, excerpt)
            else -> mapped
        }
    }

    /**
     * The error for an `error` object that arrived with status 200: an `error` event inside a stream (always a
     * [StreamInterruptedException], since the answer is incomplete, whose cause is the typed error its type
     * stands for, such as a retryable [ServerException] for `overloaded_error`), or a whole body (the typed error
     * for its type).
     */
    fun fromErrorPayload(
        provider: String, error: ErrorDto?, requestId: String?, rawText: String, streaming: Boolean, secrets: Secrets = Secrets.NONE,
    ): SwitchboardException {
        val raw = secrets.scrub(rawText)
        val status = STATUS_OF_TYPE[error?.type] ?: 500
        val headers = ResponseHeaders { name -> if (name.equals("request-id", ignoreCase = true)) requestId else null }
        val typed = decode(provider, status, headers, raw, secrets)
        if (!streaming) return typed
        val text = HttpErrors.redact(secrets.scrub(Details(error?.type, error?.message, null).describe() ?: raw.take(200)))
        return StreamInterruptedException(
            "The $provider stream reported an error before it finished: $text", provider, 200, requestId, HttpErrors.excerpt(raw), typed,
        )
    }

    private fun parse(body: String): Details {
        val trimmed = body.trimStart()
        if (!trimmed.startsWith("{")) return Details(null, null, null)
        val dto = try {
            WireJson.decodeFromString(ErrorBodyDto.serializer(), trimmed)
        } catch (e: IllegalArgumentException) {
            return Details(null, null, null)
        }
        return Details(dto.error?.type?.ifBlank { null }, dto.error?.message?.ifBlank { null }, dto.requestId?.ifBlank { null })
    }
}

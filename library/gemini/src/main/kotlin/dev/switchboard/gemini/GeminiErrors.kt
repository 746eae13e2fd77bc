package dev.switchboard.gemini

import dev.switchboard.ApiException
import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.NotFoundException
import dev.switchboard.PermissionDeniedException
import dev.switchboard.RateLimitException
import dev.switchboard.ResponseHeaders
import dev.switchboard.ServerException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.gemini.internal.ErrorBodyDto
import dev.switchboard.gemini.internal.ErrorDto
import dev.switchboard.gemini.internal.WireJson
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.Secrets
import kotlinx.serialization.json.JsonPrimitive
import java.time.Duration

/**
 * Google's error body, `{"error":{"code","message","status","details"}}`, read into the typed error tree on top of
 * [HttpErrors.map]: the message carries Google's text and status name; an invalid API key (400 with the reason
 * `API_KEY_INVALID`) is an [AuthenticationException]; a 429's `RetryInfo.retryDelay` becomes the
 * [RateLimitException.retryAfter] when no `Retry-After` header came; an input over the model's token limit is a
 * [ContextLengthExceededException]; a status HTTP does not map goes by Google's status name.
 */
internal object GeminiErrors {
    private val STATUS_OF_NAME = mapOf(
        "INVALID_ARGUMENT" to 400, "FAILED_PRECONDITION" to 400, "OUT_OF_RANGE" to 400, "UNAUTHENTICATED" to 401,
        "PERMISSION_DENIED" to 403, "NOT_FOUND" to 404, "ALREADY_EXISTS" to 409, "ABORTED" to 409,
        "RESOURCE_EXHAUSTED" to 429, "CANCELLED" to 499, "INTERNAL" to 500, "UNKNOWN" to 500, "DATA_LOSS" to 500,
        "UNIMPLEMENTED" to 501, "UNAVAILABLE" to 503, "DEADLINE_EXCEEDED" to 504,
    )
    private val TOKEN_LIMIT = Regex("input token count.*exceeds the maximum|exceeds the maximum number of tokens", RegexOption.IGNORE_CASE)
    private val DURATION = Regex("^(\\d+(?:\\.\\d+)?)s$")

    fun decode(provider: String, status: Int, headers: ResponseHeaders, raw: String, secrets: Secrets = Secrets.NONE): SwitchboardException {
        val body = secrets.scrub(raw)
        val error = parse(body)
        val reasons = error?.details.orEmpty().mapNotNull { (it["reason"] as? JsonPrimitive)?.content }
        val message = error?.let { e ->
            val text = (e.message ?: "").trim().trimEnd('.')
            val name = e.status?.let { " (status $it)" } ?: ""
            HttpErrors.redact(secrets.scrub("$text$name")).trim().ifEmpty { null }
        }
        val mapped = HttpErrors.map(provider, status, headers, body, message)
        val text = mapped.message ?: "$provider answered HTTP $status"
        val id = mapped.requestId
        val excerpt = mapped.bodyExcerpt
        if ("API_KEY_INVALID" in reasons || error?.status == "UNAUTHENTICATED") {
            return AuthenticationException("$text; check the API key or token", provider, status, id, excerpt)
        }
        if (status in 400..499 && mapped !is ContextLengthExceededException && TOKEN_LIMIT.containsMatchIn(error?.message ?: "")) {
            return ContextLengthExceededException(text, provider, status, id, excerpt)
        }
        if (mapped is RateLimitException && mapped.retryAfter == null) {
            val delay = retryDelay(error)
            if (delay != null) return RateLimitException(text, provider, status, id, excerpt, delay)
        }
        if (mapped !is ApiException) return mapped
        return when (STATUS_OF_NAME[error?.status]) {
            400 -> BadRequestException(text, provider, status, id, excerpt)
            401 -> AuthenticationException(text, provider, status, id, excerpt)
            403 -> PermissionDeniedException(text, provider, status, id, excerpt)
            404 -> NotFoundException(text, provider, status, id, excerpt)
            429 -> RateLimitException(text, provider, status, id, excerpt, retryDelay(error))
            409, 500, 501, 503, 504 -> ServerException(text, provider, status, id, excerpt)
            else -> mapped
        }
    }

    /**
     * The error for an `error` object that arrived with status 200: inside a stream a [StreamInterruptedException]
     * whose cause is the typed error its code stands for, else that typed error.
     */
    fun fromErrorPayload(
        provider: String, error: ErrorDto, requestId: String?, rawText: String, streaming: Boolean, secrets: Secrets = Secrets.NONE,
    ): SwitchboardException {
        val raw = secrets.scrub(rawText)
        val status = error.code?.takeIf { it in 400..599 } ?: STATUS_OF_NAME[error.status] ?: 500
        val headers = ResponseHeaders { name -> if (name.equals("x-request-id", ignoreCase = true)) requestId else null }
        val typed = decode(provider, status, headers, raw, secrets)
        if (!streaming) return typed
        val text = HttpErrors.redact(secrets.scrub(error.message ?: raw.take(200)))
        return StreamInterruptedException(
            "The $provider stream reported an error before it finished: $text", provider, 200, requestId, HttpErrors.excerpt(raw), typed,
        )
    }

    private fun retryDelay(error: ErrorDto?): Duration? {
        for (d in error?.details.orEmpty()) {
            val delay = (d["retryDelay"] as? JsonPrimitive)?.content ?: continue
            val seconds = DURATION.find(delay.trim())?.groupValues?.get(1)?.toDoubleOrNull() ?: continue
            return Duration.ofMillis((seconds * 1000).toLong().coerceAtMost(86_400_000))
        }
        return null
    }

    private fun parse(body: String): ErrorDto? {
        // Vertex AI may wrap the error in a one-element array.
        val trimmed = body.trimStart().removePrefix("[").trimStart()
        if (!trimmed.startsWith("{")) return null
        return try {
            WireJson.decodeFromString(ErrorBodyDto.serializer(), trimmed.trimEnd().removeSuffix("]")).error
        } catch (e: IllegalArgumentException) {
            null
        }
    }
}

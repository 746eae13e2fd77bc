package dev.switchboard.bedrock

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
import dev.switchboard.bedrock.internal.ErrorBodyDto
import dev.switchboard.bedrock.internal.WireJson
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.Secrets

/**
 * Bedrock's errors read into the typed error tree: the error type comes from the `x-amzn-ErrorType` header (or the
 * body's `__type` or `code`), the message from the body's `message`, the request id from `x-amzn-RequestId`. The
 * type decides where the status alone would mislead: AWS answers a bad signature or unknown key with 403, which
 * is an [AuthenticationException] here; `ModelNotReadyException` and `ServiceQuotaExceededException` are rate
 * limits; `ModelTimeoutException` (408), `ModelErrorException` and `ModelStreamErrorException` (424), `InternalServerException` and
 * `ServiceUnavailableException` are retryable [ServerException]s.
 */
internal object BedrockErrors {
    private val AUTHENTICATION = setOf(
        "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException", "ExpiredTokenException",
        "MissingAuthenticationTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch",
    )

    /** The types that are the service's or the model's failure, worth retrying. */
    private val SERVER = setOf(
        "ModelTimeoutException", "ModelErrorException", "ModelStreamErrorException", "InternalServerException", "ServiceUnavailableException",
    )

    /** The status each stream exception stands for. */
    private val STREAM_STATUS = mapOf(
        "throttlingException" to 429,
        "serviceUnavailableException" to 503,
        "internalServerException" to 500,
        "modelStreamErrorException" to 424,
        "modelTimeoutException" to 408,
        "validationException" to 400,
    )

    fun decode(provider: String, status: Int, headers: ResponseHeaders, raw: String, secrets: Secrets = Secrets.NONE): SwitchboardException {
        val body = secrets.scrub(raw)
        val (bodyType, message) = parse(body)
        val type = shortType(headers["x-amzn-ErrorType"]) ?: shortType(bodyType)
        val detail = message?.let { m -> HttpErrors.redact(secrets.scrub(if (type == null) m else "${m.trim().trimEnd('.')} ($type)")) }
        val withId = ResponseHeaders { name ->
            headers[name] ?: if (name.equals("x-request-id", true)) headers["x-amzn-RequestId"] ?: headers["x-amz-request-id"] else null
        }
        val mapped = HttpErrors.map(provider, status, withId, body, detail)
        val text = mapped.message ?: "$provider answered HTTP $status"
        val id = mapped.requestId
        val excerpt = mapped.bodyExcerpt
        return when {
            type in AUTHENTICATION -> AuthenticationException(
                "$text Check the AWS credentials or the Bedrock API key (and the clock, for a signature).", provider, status, id, excerpt,
            )
            type == "AccessDeniedException" && mapped !is PermissionDeniedException -> PermissionDeniedException(text, provider, status, id, excerpt)
            type == "ResourceNotFoundException" && mapped !is NotFoundException -> NotFoundException(text, provider, status, id, excerpt)
            type == "ValidationException" && mapped is ApiException -> BadRequestException(text, provider, status, id, excerpt)
            type == "ValidationException" && mapped is BadRequestException && looksLikeContextLength(message) ->
                ContextLengthExceededException(text, provider, status, id, excerpt)
            (type == "ThrottlingException" || type == "ModelNotReadyException" || type == "ServiceQuotaExceededException") &&
                mapped !is RateLimitException -> RateLimitException(text, provider, status, id, excerpt)
            type in SERVER && mapped !is ServerException -> ServerException(text, provider, status, id, excerpt)
            else -> mapped
        }
    }

    /**
     * The error for an exception message of a stream ([type], such as `throttlingException`, with its JSON
     * [payload]): a [StreamInterruptedException] (the answer is incomplete) whose cause is the typed error of the
     * status the exception stands for, so that a throttled stream's cause is a [RateLimitException].
     */
    fun streamException(provider: String, type: String?, payload: String, requestId: String?, secrets: Secrets): StreamInterruptedException {
        val raw = secrets.scrub(payload)
        val (_, message) = parse(raw)
        val name = type ?: "unknown exception"
        val status = STREAM_STATUS[name] ?: STREAM_STATUS[name.replaceFirstChar { it.lowercase() }] ?: 500
        val headers = ResponseHeaders { h ->
            when {
                h.equals("x-amzn-ErrorType", true) -> name.replaceFirstChar { it.uppercase() }
                h.equals("x-request-id", true) -> requestId
                else -> null
            }
        }
        val typed = decode(provider, status, headers, raw, secrets)
        val text = HttpErrors.redact(secrets.scrub(message ?: raw.take(200)))
        return StreamInterruptedException(
            "The $provider stream reported $name before it finished: $text", provider, 200, requestId, HttpErrors.excerpt(raw), typed,
        )
    }

    private fun shortType(value: String?): String? {
        val v = value?.trim()?.ifEmpty { null } ?: return null
        // `ValidationException:http://internal.amazon.com/coral/...` or `com.amazon.coral.service#ValidationException`
        return v.substringBefore(':').substringAfterLast('#').ifEmpty { null }
    }

    private fun looksLikeContextLength(message: String?): Boolean {
        val m = message?.lowercase() ?: return false
        return "too long" in m || "context length" in m || "context window" in m || "too many input tokens" in m
    }

    private fun parse(body: String): Pair<String?, String?> {
        val trimmed = body.trimStart()
        if (!trimmed.startsWith("{")) return null to null
        val dto = try {
            WireJson.decodeFromString(ErrorBodyDto.serializer(), trimmed)
        } catch (e: IllegalArgumentException) {
            return null to null
        }
        return (dto.type ?: dto.code)?.ifBlank { null } to (dto.message ?: dto.upperMessage)?.ifBlank { null }
    }
}

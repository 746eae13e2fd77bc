package dev.switchboard.cohere

import dev.switchboard.ApiException
import dev.switchboard.AuthenticationException
import dev.switchboard.ResponseHeaders
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.cohere.internal.WireJson
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.Secrets
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Cohere's error body, `{"id": …, "message": …}`, read into the typed error tree on top of [HttpErrors.map]: the
 * message carries Cohere's text, the request id comes from `x-request-id` or the body's `id`, and Cohere's own status
 * 498 (an invalid or expired token) is an [AuthenticationException].
 */
internal object CohereErrors {
    fun decode(provider: String, status: Int, headers: ResponseHeaders, raw: String, secrets: Secrets = Secrets.NONE): SwitchboardException {
        val body = secrets.scrub(raw)
        val o = parse(body)
        val message = o?.let { string(it["message"]) }?.let { HttpErrors.redact(secrets.scrub(it)) }
        val bodyId = o?.let { string(it["id"]) }
        val withId = ResponseHeaders { name -> headers[name] ?: if (name.equals("x-request-id", ignoreCase = true)) bodyId else null }
        val mapped = HttpErrors.map(provider, status, withId, body, message)
        if (status == 498 && mapped is ApiException) {
            return AuthenticationException(
                "$provider answered HTTP 498 (invalid token): ${message ?: "the API key is invalid or expired"}. Check the API key (CO_API_KEY).",
                provider, status, mapped.requestId, mapped.bodyExcerpt,
            )
        }
        return mapped
    }

    /** The error a stream reported in an `error` event: the answer is incomplete. */
    fun fromStream(provider: String, rawText: String, requestId: String?, secrets: Secrets = Secrets.NONE): SwitchboardException {
        val raw = secrets.scrub(rawText)
        val o = parse(raw)
        val text = (o?.let { string(it["message"]) ?: ((it["delta"] as? JsonObject)?.let { d -> string(d["error"]) }) } ?: raw.take(200))
        val typed = decode(provider, 500, ResponseHeaders { name -> if (name.equals("x-request-id", true)) requestId else null }, raw, secrets)
        return StreamInterruptedException(
            "The $provider stream reported an error before it finished: ${HttpErrors.redact(secrets.scrub(text))}",
            provider, 200, requestId, HttpErrors.excerpt(raw), typed,
        )
    }

    private fun parse(body: String): JsonObject? {
        val trimmed = body.trimStart()
        if (!trimmed.startsWith("{")) return null
        return try {
            WireJson.parseToJsonElement(trimmed) as? JsonObject
        } catch (e: IllegalArgumentException) {
            null
        }
    }

    private fun string(e: kotlinx.serialization.json.JsonElement?): String? = (e as? JsonPrimitive)?.takeIf { it.isString }?.content?.ifBlank { null }
}

package dev.switchboard.mistral

import dev.switchboard.ResponseHeaders
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.mistral.internal.WireJson
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.Secrets
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Mistral's error bodies read into the typed error tree on top of [HttpErrors.map]: `{"object":"error","message":…,
 * "type":…,"code":…}`, whose message may itself be an object holding validation `detail`s, and the validation error
 * `{"detail":[{"loc":[…],"msg":…}]}`. The message carries Mistral's text and type, and each invalid field with its
 * place in the body; the request id comes from `x-request-id` or Mistral's `mistral-correlation-id`.
 */
internal object MistralErrors {
    /** The request id of a response: `x-request-id`, else Mistral's correlation id. */
    fun requestId(headers: ResponseHeaders): String? =
        headers["x-request-id"] ?: headers["mistral-correlation-id"] ?: headers["x-kong-request-id"]

    fun decode(provider: String, status: Int, headers: ResponseHeaders, raw: String, secrets: Secrets = Secrets.NONE): SwitchboardException {
        val body = secrets.scrub(raw)
        val message = describe(body)?.let { HttpErrors.redact(secrets.scrub(it)) }
        val id = requestId(headers)
        val withId = ResponseHeaders { name -> headers[name] ?: if (name.equals("x-request-id", ignoreCase = true)) id else null }
        return HttpErrors.map(provider, status, withId, body, message)
    }

    /**
     * The error for an error object that arrived with status 200: an error inside a stream (a
     * [StreamInterruptedException], since the answer is incomplete, whose cause is the typed error), or a whole body
     * (the typed error for its type: invalid requests 400, authentication 401, rate limits 429, others 500).
     */
    fun fromPayload(provider: String, rawText: String, requestId: String?, streaming: Boolean, secrets: Secrets = Secrets.NONE): SwitchboardException {
        val raw = secrets.scrub(rawText)
        val type = (parse(raw)?.get("type") as? JsonPrimitive)?.content.orEmpty()
        val status = when {
            "invalid_request" in type || "validation" in type -> 400
            "auth" in type -> 401
            "rate_limit" in type -> 429
            else -> 500
        }
        val headers = ResponseHeaders { name -> if (name.equals("x-request-id", ignoreCase = true)) requestId else null }
        val typed = decode(provider, status, headers, raw, secrets)
        if (!streaming) return typed
        val text = HttpErrors.redact(secrets.scrub(describe(raw) ?: raw.take(200)))
        return StreamInterruptedException(
            "The $provider stream reported an error before it finished: $text", provider, 200, requestId, HttpErrors.excerpt(raw), typed,
        )
    }

    /** Mistral's message with its type and invalid fields, or null when the body holds none. */
    private fun describe(body: String): String? {
        val o = parse(body) ?: return null
        val type = string(o["type"])
        val message = when (val m = o["message"]) {
            is JsonObject -> details(m["detail"]) ?: string(m["message"])
            else -> string(m)
        } ?: details(o["detail"]) ?: (o["error"] as? JsonObject)?.let { string(it["message"]) } ?: string(o["error"])
        if (message == null) return null
        return if (type == null) message else "${message.trim().trimEnd('.')} (type $type)"
    }

    /** Validation details, `body.messages.0.content: Field required; …`, or null when there are none. */
    private fun details(e: JsonElement?): String? {
        val list = e as? JsonArray ?: return string(e)
        val parts = list.mapNotNull { d ->
            val o = d as? JsonObject ?: return@mapNotNull null
            val msg = string(o["msg"]) ?: return@mapNotNull null
            val loc = (o["loc"] as? JsonArray)?.joinToString(".") { (it as? JsonPrimitive)?.content ?: "?" }
            if (loc.isNullOrEmpty()) msg else "$loc: $msg"
        }
        return parts.take(5).joinToString("; ").ifEmpty { null }
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

    private fun string(e: JsonElement?): String? = (e as? JsonPrimitive)?.takeIf { it.isString }?.content?.ifBlank { null }
}

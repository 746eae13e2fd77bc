package dev.switchboard.openai

import dev.switchboard.ApiException
import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.NotFoundException
import dev.switchboard.PermissionDeniedException
import dev.switchboard.RateLimitException
import dev.switchboard.ServerException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.ResponseHeaders
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.time.Duration
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter

/**
 * OpenAI's error body, `{"error":{"message","type","code","param"}}`, read into the typed error tree.
 * Also reads the shapes OpenAI-compatible servers use: `{"error":"text"}`, `[{"error":{…}}]` (Gemini),
 * `{"message":"…"}`, and numeric codes (OpenRouter).
 */
internal object OpenAiErrors {
    private const val EXCERPT = 500

    /** The parts of an error body this library uses. */
    class Details(val message: String?, val type: String?, val code: String?, val param: String?)

    fun decode(provider: String, status: Int, headers: ResponseHeaders, body: String): SwitchboardException {
        val requestId = headers["x-request-id"]
        val details = parse(body)
        val message = describe(provider, status, details, body)
        val excerpt = redact(body.take(EXCERPT))
        if (isContextLength(details)) {
            return ContextLengthExceededException(message, provider, status, requestId, excerpt)
        }
        return when (status) {
            400, 422 -> BadRequestException(message, provider, status, requestId, excerpt)
            401 -> AuthenticationException(message, provider, status, requestId, excerpt)
            403 -> PermissionDeniedException(message, provider, status, requestId, excerpt)
            404 -> NotFoundException(message, provider, status, requestId, excerpt)
            429 -> RateLimitException(message, provider, status, requestId, excerpt, retryAfter(headers))
            408, 409 -> ServerException(message, provider, status, requestId, excerpt)
            else -> if (status >= 500) {
                ServerException(message, provider, status, requestId, excerpt)
            } else {
                ApiException(message, provider, status, requestId, excerpt)
            }
        }
    }

    /**
     * The error for an `error` object that arrived with status 200: inside a stream (always
     * [StreamInterruptedException]: the answer is incomplete) or as a whole body.
     */
    fun fromErrorPayload(
        provider: String, error: JsonElement, requestId: String?, raw: String, streaming: Boolean,
    ): SwitchboardException {
        val details = details(error)
        val numeric = details.code?.toIntOrNull()?.takeIf { it in 400..599 }
        val excerpt = redact(raw.take(EXCERPT))
        if (streaming) {
            return StreamInterruptedException(
                "The $provider stream reported an error before it finished: " + describe(provider, numeric ?: 200, details, raw),
                provider, 200, requestId, excerpt,
            )
        }
        val status = numeric ?: 500
        return decode(provider, status, { name -> if (name.equals("x-request-id", true)) requestId else null }, raw)
    }

    fun parse(body: String): Details {
        val element = try {
            WireJson.parseToJsonElement(body)
        } catch (e: IllegalArgumentException) {
            return Details(null, null, null, null)
        }
        val root = if (element is JsonArray) element.firstOrNull() ?: return Details(null, null, null, null) else element
        if (root !is JsonObject) return Details(null, null, null, null)
        return root["error"]?.let(::details) ?: details(root)
    }

    private fun details(e: JsonElement): Details = when (e) {
        is JsonPrimitive -> Details(e.content.takeIf { e.isString }, null, null, null)
        is JsonObject -> Details(text(e["message"]), text(e["type"]) ?: text(e["status"]), text(e["code"]), text(e["param"]))
        else -> Details(null, null, null, null)
    }

    private fun text(e: JsonElement?): String? = (e as? JsonPrimitive)?.takeIf { it !is kotlinx.serialization.json.JsonNull }?.content

    private fun isContextLength(d: Details): Boolean {
        if (d.code == "context_length_exceeded" || d.type == "context_length_exceeded") return true
        val m = d.message?.lowercase() ?: return false
        return m.contains("maximum context length") || m.contains("context_length_exceeded") ||
            m.contains("context window") && m.contains("exceed")
    }

    private fun describe(provider: String, status: Int, d: Details, body: String): String {
        val sb = StringBuilder()
        sb.append(provider).append(" answered ").append(status)
        val tags = listOfNotNull(d.type?.let { "type=$it" }, d.code?.let { "code=$it" }, d.param?.let { "param=$it" })
        if (tags.isNotEmpty()) tags.joinTo(sb, ", ", " (", ")")
        sb.append(": ")
        val text = d.message ?: body.trim().take(200).ifEmpty { "(empty body)" }
        sb.append(redact(text))
        when (status) {
            401 -> sb.append(" — check the API key")
            429 -> if (d.code == "insufficient_quota") sb.append(" — the account's quota is used up: check the plan and billing")
        }
        return sb.toString()
    }

    /** How long the server asked to wait: `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
    fun retryAfter(headers: ResponseHeaders): Duration? {
        headers["retry-after-ms"]?.trim()?.toDoubleOrNull()?.let { if (it >= 0) return Duration.ofMillis(it.toLong()) }
        val value = headers["retry-after"]?.trim() ?: return null
        value.toDoubleOrNull()?.let { return if (it >= 0) Duration.ofMillis((it * 1000).toLong()) else null }
        return try {
            val at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
            Duration.between(ZonedDateTime.now(at.zone), at).takeIf { !it.isNegative }
        } catch (e: java.time.format.DateTimeParseException) {
            null
        }
    }

    private val SECRETS = listOf(
        Regex("""(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{6,}"""),
        Regex("""(?i)((?:api[_-]?key|access[_-]?token|token|key)["']?\s*[:=]\s*["']?)[A-Za-z0-9._~+/=-]{8,}"""),
        Regex("""\b(sk-|sk_|gsk_|hf_|xai-|pplx-|AIza)[A-Za-z0-9_*-]{8,}"""),
    )

    /** [text] with anything that looks like an API key or token replaced by `***`. */
    fun redact(text: String): String {
        var out = text
        for (r in SECRETS) out = r.replace(out) { m -> m.groupValues[1] + "***" }
        return out
    }
}

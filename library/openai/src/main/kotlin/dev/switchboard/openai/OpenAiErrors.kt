package dev.switchboard.openai

import dev.switchboard.openai.internal.WireJson
import dev.switchboard.spi.Secrets
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.HttpErrors
import dev.switchboard.ResponseHeaders
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * OpenAI's error body, `{"error":{"message","type","code","param"}}`, read into the typed error tree
 * on top of [HttpErrors.map]: the message carries OpenAI's text with its type, code and param, and
 * `context_length_exceeded` is a [ContextLengthExceededException] whatever the status. Also reads the
 * shapes OpenAI-compatible servers use: `{"error":"text"}`, `[{"error":{…}}]` (Gemini),
 * `{"message":…,"type":…}` (vLLM, Mistral) and numeric codes (OpenRouter).
 */
internal object OpenAiErrors {
    /** The parts of an error body this library uses. */
    class Details(val message: String?, val type: String?, val code: String?, val param: String?) {
        /** OpenAI's message followed by the type, code and param it came with. */
        fun describe(): String? {
            val tags = listOfNotNull(type?.let { "type $it" }, code?.let { "code $it" }, param?.let { "param $it" })
            if (message == null && tags.isEmpty()) return null
            val text = (message ?: "").trim().trimEnd('.')
            return if (tags.isEmpty()) text else "$text (${tags.joinToString(", ")})".trim()
        }
    }

    private val NONE = Details(null, null, null, null)

    fun decode(provider: String, status: Int, headers: ResponseHeaders, raw: String, secrets: Secrets = Secrets.NONE): SwitchboardException {
        val body = secrets.scrub(raw)
        val details = parse(body)
        var message = details.describe()?.let(HttpErrors::redact)
        if (status == 429 && details.code == "insufficient_quota") {
            message = "$message; the account's quota is used up: check the plan and billing, retrying will not help soon"
        }
        val mapped = HttpErrors.map(provider, status, headers, body, message)
        if (details.code == "content_filter") return ContentFilters.error(provider, status, body, mapped)
        if (details.code == "context_length_exceeded" && mapped !is ContextLengthExceededException) {
            return ContextLengthExceededException(
                mapped.message ?: "context length exceeded", provider, status, mapped.requestId, mapped.bodyExcerpt,
            )
        }
        return mapped
    }

    /**
     * The error for an `error` object that arrived with status 200: inside a stream (always
     * [StreamInterruptedException]: the answer is incomplete) or as a whole body (mapped by its numeric
     * code when it has one, as a server error otherwise).
     */
    fun fromErrorPayload(
        provider: String, error: JsonElement, requestId: String?, rawText: String, streaming: Boolean, secrets: Secrets = Secrets.NONE,
    ): SwitchboardException {
        val details = details(error)
        val raw = secrets.scrub(rawText)
        if (streaming) {
            val text = HttpErrors.redact(secrets.scrub(details.describe() ?: raw.take(200)))
            return StreamInterruptedException(
                "The $provider stream reported an error before it finished: $text",
                provider, 200, requestId, HttpErrors.excerpt(raw),
            )
        }
        val status = details.code?.toIntOrNull()?.takeIf { it in 400..599 } ?: 500
        return decode(provider, status, { name -> if (name.equals("x-request-id", true)) requestId else null }, raw)
    }

    fun parse(body: String): Details {
        val trimmed = body.trimStart()
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return NONE
        val element = try {
            WireJson.parseToJsonElement(trimmed)
        } catch (e: IllegalArgumentException) {
            return NONE
        }
        val root = if (element is JsonArray) element.firstOrNull() ?: return NONE else element
        if (root !is JsonObject) return NONE
        return root["error"]?.let(::details) ?: details(root)
    }

    private fun details(e: JsonElement): Details = when (e) {
        is JsonObject -> Details(text(e["message"]), text(e["type"]) ?: text(e["status"]), text(e["code"]), text(e["param"]))
        is JsonPrimitive -> if (e.isString) Details(e.content, null, null, null) else NONE
        else -> NONE
    }

    private fun text(e: JsonElement?): String? = (e as? JsonPrimitive)?.takeIf { it !is JsonNull }?.content?.ifBlank { null }
}

package dev.switchboard.ollama

import dev.switchboard.BadRequestException
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.NotFoundException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.ollama.internal.WireJson
import dev.switchboard.spi.HttpErrors
import dev.switchboard.ResponseHeaders
import dev.switchboard.spi.Secrets
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Ollama's error body, `{"error": "…"}`, read into the typed error tree on top of [HttpErrors.map]: a 404 whose
 * body is Ollama's own model-not-found error (`{"error":"model 'x' not found"}`, nothing else in it) means the
 * model is not on the server (the message says how to pull it); any other 404 (Go's `404 page not found`, an
 * HTML page, another server's JSON such as `{"status":404,"error":"Not Found"}`) means the base URL does not
 * lead to an Ollama server that serves the endpoint, and Ollama's context-length messages are
 * [ContextLengthExceededException]s. Also reads `{"error": {"message": …}}`, as proxies in front of Ollama send.
 */
internal object OllamaErrors {
    private val CONTEXT_LENGTH = Regex(
        "context length|context size|context window|exceeds the available context|maximum context",
        RegexOption.IGNORE_CASE,
    )

    /**
     * The error for a failed call of [endpoint] (such as `/api/chat`) about [model] (null when the call is about
     * no model, as `/api/tags` is).
     */
    fun decode(
        provider: String,
        model: String?,
        endpoint: String,
        baseUrl: String,
        status: Int,
        headers: ResponseHeaders,
        raw: String,
        secrets: Secrets,
    ): SwitchboardException {
        val body = secrets.scrub(raw)
        val message = message(body)?.let(HttpErrors::redact)
        val mapped = HttpErrors.map(provider, status, headers, body, message)
        if (status == 404) {
            val modelMissing = isModelNotFound(body)
            val advice = if (modelMissing && model != null) {
                "The model is not on this Ollama server: pull it with `ollama pull $model` (or check the name with `ollama list`)."
            } else if (modelMissing) {
                "Check the model name with `ollama list`."
            } else {
                "The server at ${Secrets.safeUrl(baseUrl)} does not serve $endpoint (its 404 is not Ollama's model-not-found " +
                    "error): check that the base URL (OLLAMA_HOST) points at an Ollama server" + if (endpoint == "/api/show") {
                        ", or declare the model's capabilities with OllamaConfig.Builder.modelInfo so that /api/show is not asked."
                    } else {
                        "."
                    }
            }
            return NotFoundException(
                text(provider, status, message, advice, mapped.requestId), provider, status, mapped.requestId, mapped.bodyExcerpt,
            )
        }
        if ((mapped is BadRequestException || mapped is ContextLengthExceededException) && message != null &&
            CONTEXT_LENGTH.containsMatchIn(message)
        ) {
            return ContextLengthExceededException(
                text(
                    provider, status, message,
                    "The conversation does not fit the context window the model runs with: shorten it, or raise num_ctx " +
                        "(OllamaConfig.Builder.numCtx) up to what the model supports.",
                    mapped.requestId,
                ),
                provider, status, mapped.requestId, mapped.bodyExcerpt,
            )
        }
        return mapped
    }

    /**
     * The error for an `error` that arrived with status 200: in the middle of a stream (always a
     * [StreamInterruptedException], as the answer is incomplete) or as a whole body (mapped as a server error).
     */
    fun inBand(provider: String, error: JsonElement, requestId: String?, rawText: String, secrets: Secrets, streaming: Boolean = false): SwitchboardException {
        val raw = secrets.scrub(rawText)
        val what = HttpErrors.redact(secrets.scrub(describe(error) ?: raw.take(200)))
        if (streaming) {
            return StreamInterruptedException(
                "The $provider stream reported an error before it finished: $what", provider, 200, requestId, HttpErrors.excerpt(raw),
            )
        }
        return decode(provider, null, "/api/chat", "", 500, { name -> if (name.equals("x-request-id", true)) requestId else null }, raw, secrets)
    }

    /**
     * Whether [body] is Ollama's answer for a model it does not have: a JSON object whose only member is a string
     * `error` naming a model as not found (`model 'x' not found`, or `model "x" not found, try pulling it first`
     * from older servers). A route Ollama does not have answers Go's plain `404 page not found` instead.
     */
    private fun isModelNotFound(body: String): Boolean {
        val trimmed = body.trimStart()
        if (!trimmed.startsWith("{")) return false
        val root = try {
            WireJson.parseToJsonElement(trimmed)
        } catch (e: IllegalArgumentException) {
            return false
        }
        if (root !is JsonObject || root.size != 1) return false
        val error = root["error"] as? JsonPrimitive ?: return false
        if (!error.isString) return false
        val text = error.content
        return text.contains("model", ignoreCase = true) && text.contains("not found", ignoreCase = true)
    }

    /** Ollama's message in [body], or a proxy's, or null when [body] is not a JSON error. */
    fun message(body: String): String? {
        val trimmed = body.trimStart()
        if (!trimmed.startsWith("{")) return null
        val root = try {
            WireJson.parseToJsonElement(trimmed)
        } catch (e: IllegalArgumentException) {
            return null
        }
        return ((root as? JsonObject)?.get("error"))?.let(::describe)
    }

    private fun describe(e: JsonElement): String? = when (e) {
        is JsonNull -> null
        is JsonPrimitive -> e.content.trim().ifEmpty { null }
        is JsonObject -> (e["message"] as? JsonPrimitive)?.takeIf { it !is JsonNull }?.content?.trim()?.ifEmpty { null }
        else -> null
    }

    private fun text(provider: String, status: Int, detail: String?, advice: String, requestId: String?): String = buildString {
        append(provider).append(" answered HTTP ").append(status)
        when (status) {
            400 -> append(" Bad Request")
            404 -> append(" Not Found")
        }
        append(':')
        if (detail != null) append(' ').append(detail.trimEnd('.')).append('.')
        append(' ').append(advice)
        if (requestId != null) append(" (request id ").append(requestId).append(')')
    }
}

package dev.switchboard.spi

import dev.switchboard.ResponseHeaders

import dev.switchboard.ApiException
import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.NotFoundException
import dev.switchboard.PermissionDeniedException
import dev.switchboard.RateLimitException
import dev.switchboard.ServerException
import dev.switchboard.SwitchboardException
import dev.switchboard.internal.http.RetryAfter
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * The default mapping from an HTTP error response to the typed [SwitchboardException], and secret redaction.
 *
 * Codecs use [map] as it is or refine it: a codec that knows its provider's error codes maps those
 * first and falls back to [map].
 *
 * | status | error |
 * |---|---|
 * | 401 | [AuthenticationException] |
 * | 403 | [PermissionDeniedException] |
 * | 404 | [NotFoundException] |
 * | 400, 413, 422 | [BadRequestException], or [ContextLengthExceededException] when the body says the context is too long |
 * | 429 | [RateLimitException] with `retry-after-ms` / `Retry-After` read into [RateLimitException.retryAfter] |
 * | 408, 409, 5xx | [ServerException] (retryable) |
 * | anything else | [ApiException] |
 *
 * Every error carries the request id (from `x-request-id` or `request-id`) and a redacted excerpt of
 * the body; its message never contains an API key or token.
 */
@SwitchboardSpi
public object HttpErrors {
    /** The longest body excerpt kept in an error, in characters. */
    public const val EXCERPT_LENGTH: Int = 500

    private val json by lazy { Json { isLenient = true } }

    /**
     * The typed error for a failed response.
     *
     * @param provider the provider's name, such as `openai`.
     * @param status the HTTP status (≥ 400).
     * @param headers the response headers.
     * @param body the response body, possibly truncated.
     * @param message the provider's own error message when the codec extracted one; otherwise it is
     *   looked for in common JSON shapes (`{"error":{"message":…}}`, `{"error":"…"}`, `{"message":…}`,
     *   `{"detail":…}`).
     */
    @JvmStatic
    @JvmOverloads
    public fun map(
        provider: String,
        status: Int,
        headers: ResponseHeaders,
        body: String,
        message: String? = null,
    ): SwitchboardException {
        val requestId = requestId(headers)
        val excerpt = excerpt(body)
        val detail = redact(message ?: extractMessage(body) ?: "").trim().ifEmpty { null }
        fun text(advice: String): String = buildString {
            append(provider).append(" answered HTTP ").append(status)
            reason(status)?.let { append(' ').append(it) }
            append(':')
            if (detail != null) append(' ').append(detail.trimEnd('.')).append('.')
            append(' ').append(advice)
            if (requestId != null) append(" (request id ").append(requestId).append(')')
        }
        return when {
            status == 401 -> AuthenticationException(
                text("Check the API key or token."), provider, status, requestId, excerpt,
            )
            status == 403 -> PermissionDeniedException(
                text("The credentials are valid but not allowed to do this: check the project, region or model access."),
                provider, status, requestId, excerpt,
            )
            status == 404 -> NotFoundException(
                text("Check the model or deployment name and the base URL."), provider, status, requestId, excerpt,
            )
            (status == 400 || status == 413 || status == 422) && looksLikeContextLength(body, detail) ->
                ContextLengthExceededException(
                    text("The prompt and requested output do not fit the model's context window: shorten the conversation or lower the output limit."),
                    provider, status, requestId, excerpt,
                )
            status == 400 || status == 413 || status == 422 -> BadRequestException(
                text("The provider rejected the request; fix the request as the message says."),
                provider, status, requestId, excerpt,
            )
            status == 429 -> {
                val retryAfter = RetryAfter.parse(headers)
                RateLimitException(
                    text(
                        if (retryAfter != null) "Rate limited: retry after ${retryAfter.toMillis()} ms."
                        else "Rate limited: slow down and retry later.",
                    ),
                    provider, status, requestId, excerpt, retryAfter,
                )
            }
            status == 408 || status == 409 || status in 500..599 -> ServerException(
                text("The provider failed or is overloaded; retrying later may succeed."),
                provider, status, requestId, excerpt,
            )
            else -> ApiException(text("Unexpected error status."), provider, status, requestId, excerpt)
        }
    }

    /**
     * [text] with anything that looks like a secret replaced by `***`.
     *
     * Recognised: bearer and basic credentials; keys in their providers' shapes (OpenAI `sk-…` and
     * `sk-proj-…`, Anthropic `sk-ant-…`, Groq `gsk_…`, xAI `xai-…`, Fireworks `fw_…`, Hugging Face `hf_…`,
     * Google `AIza…`, AWS `AKIA…`/`ASIA…`, GitHub, GitLab and Slack tokens, JWTs); and the values of JSON
     * fields, headers, variables and query parameters named like keys, tokens, secrets or passwords
     * (`api_key`, `apiKey`, `x-api-key`, `OPENAI_API_KEY=`, `aws_secret_access_key`, `?key=`…). A key of
     * no known shape outside such a field cannot be recognised: keep keys out of free text.
     */
    @JvmStatic
    public fun redact(text: String): String {
        // Most texts (a URL, a header value, a request id) hold nothing to redact: one pass of all the shapes at once
        // says so, instead of one pass per shape. When nothing matches, every replacement below leaves the text as it is.
        if (holdsOnlyFigures(text) || !ANY_REDACTION.containsMatchIn(text)) return text
        var out = text
        for ((pattern, replacement) in REDACTIONS) out = pattern.replace(out, replacement)
        return out
    }

    /** The provider's request id from the usual headers, or null. */
    @JvmStatic
    public fun requestId(headers: ResponseHeaders): String? =
        headers["x-request-id"] ?: headers["request-id"] ?: headers["x-amzn-requestid"] ?: headers["x-goog-request-id"]

    /** The first [EXCERPT_LENGTH] characters of [body], redacted; null for a blank body. */
    @JvmStatic
    public fun excerpt(body: String): String? {
        if (body.isBlank()) return null
        val redacted = redact(body)
        return if (redacted.length <= EXCERPT_LENGTH) redacted else redacted.substring(0, EXCERPT_LENGTH) + "…"
    }

    private fun extractMessage(body: String): String? {
        val trimmed = body.trimStart()
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return null
        val root = try {
            json.parseToJsonElement(trimmed)
        } catch (_: Exception) {
            return null
        }
        val obj = (root as? JsonObject) ?: ((root as? kotlinx.serialization.json.JsonArray)?.firstOrNull() as? JsonObject)
            ?: return null
        val error = obj["error"]
        return (error as? JsonObject)?.let { stringOf(it["message"]) }
            ?: stringOf(error)
            ?: stringOf(obj["message"])
            ?: stringOf(obj["detail"])
            ?: ((obj["detail"] as? kotlinx.serialization.json.JsonArray)?.firstOrNull() as? JsonObject)?.let { stringOf(it["msg"]) }
    }

    private fun stringOf(element: JsonElement?): String? =
        (element as? JsonPrimitive)?.takeIf { it.isString }?.content?.takeIf { it.isNotBlank() }

    private fun looksLikeContextLength(body: String, detail: String?): Boolean {
        val haystack = (detail ?: "") + " " + body.take(4096)
        return CONTEXT_LENGTH.containsMatchIn(haystack)
    }

    private fun reason(status: Int): String? = when (status) {
        400 -> "Bad Request"
        401 -> "Unauthorized"
        403 -> "Forbidden"
        404 -> "Not Found"
        408 -> "Request Timeout"
        409 -> "Conflict"
        413 -> "Payload Too Large"
        422 -> "Unprocessable Entity"
        429 -> "Too Many Requests"
        500 -> "Internal Server Error"
        502 -> "Bad Gateway"
        503 -> "Service Unavailable"
        504 -> "Gateway Timeout"
        529 -> "Overloaded"
        else -> null
    }

    private val CONTEXT_LENGTH by lazy {
        Regex(
            "context_length_exceeded|maximum context length|context window|prompt is too long|too many tokens|input is too long",
            RegexOption.IGNORE_CASE,
        )
    }

    private const val NAME_BOUNDARY = "(?<![A-Za-z0-9_-])"

    /**
     * The shapes [redact] replaces, as patterns and their replacements. They are compiled only when a text holds one
     * ([REDACTIONS]): most calls never redact anything, and compiling them all would cost the first call of a JVM
     * (which reads a request id through this object) time it does not need.
     */
    private val SHAPES: List<Pair<String, String>> = listOf(
        "(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=\\-]{6,}" to "$1 ***",
        // Anthropic (sk-ant-), then OpenAI (sk-, sk-proj-, sk-svcacct-, sk-admin-) and keys of the same shape.
        "\\bsk-ant-[A-Za-z0-9_\\-]{6,}" to "sk-ant-***",
        "\\b(sk|pk|rk)-[A-Za-z0-9_\\-]{6,}" to "$1-***",
        // Groq, xAI, Fireworks, NVIDIA, Perplexity.
        "\\b(gsk_|xai-|fw_|nvapi-|pplx-)[A-Za-z0-9_-]{12,}" to "$1***",
        // Meta's Llama API.
        "\\bLLM\\|[A-Za-z0-9|_-]{12,}" to "LLM|***",
        // Google, AWS access key ids (long-term and temporary).
        "\\bAIza[0-9A-Za-z_\\-]{16,}" to "AIza***",
        "\\b(AKIA|ASIA)[0-9A-Z]{16}\\b" to "$1***",
        // GitHub, Hugging Face, GitLab, Slack, JWTs.
        "\\b(gh[pousr]_|github_pat_|hf_|glpat-)[A-Za-z0-9_]{16,}" to "$1***",
        "\\bxox[abprs]-[A-Za-z0-9-]{10,}" to "xox-***",
        "\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*" to "eyJ***",
        // The values of fields, headers and variables named like credentials, with up to four prefix words for
        // the compound names (openai_api_key, x-goog-api-key, aws_secret_access_key, x-amz-security-token).
        // The repetition is bounded and possessive: an unbounded one recurses per word in java.util.regex and
        // overflows the stack on a long hyphenated body.
        (
            "(?i)$NAME_BOUNDARY(\"?(?:(?:[a-z0-9]++[_-]){0,4}(?:api[_-]?key|secret[_-]?(?:access[_-]?)?key|access[_-]?token|" +
                "refresh[_-]?token|id[_-]?token|session[_-]?token|security[_-]?token|auth[_-]?token|client[_-]?secret|" +
                "private[_-]?key)|api-token|token|secret|password|passwd|authorization)\"?\\s*[:=]\\s*\"?)" +
                "(?!\\*\\*\\*)[^\"\\s&,;}]{3,}"
        ) to "$1***",
        "(?i)([?&](?:key|api[_-]?key|token|access_token|sig|signature)=)[^&\\s\"',;)\\]}>]+" to "$1***",
    )

    /** [SHAPES], compiled. */
    private val REDACTIONS: List<Pair<Regex, String>> by lazy { SHAPES.map { (pattern, replacement) -> Regex(pattern) to replacement } }

    /**
     * Whether [text] is too short for any shape of [REDACTIONS] (the shortest, such as `?key=x`, has 6 characters) or
     * holds only digits, dots, spaces and the units `h`, `m`, `s`, which no shape can match: the values of rate-limit
     * and retry headers (`59`, `6m0s`, `1.5`), read for every call by a listener, without running a regex.
     */
    private fun holdsOnlyFigures(text: String): Boolean {
        if (text.length < 6) return true
        if (text.length > 64) return false
        for (c in text) if (c !in '0'..'9' && c != '.' && c != ' ' && c != 'h' && c != 'm' && c != 's') return false
        return true
    }

    /** Every shape of [REDACTIONS] in one pattern: whether [redact] has anything to do. */
    private val ANY_REDACTION: Regex by lazy { Regex(SHAPES.joinToString("|") { "(?:${it.first})" }) }
}

package dev.switchboard.ollama

import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.SwitchboardException
import dev.switchboard.ollama.internal.ShowRequestDto
import dev.switchboard.ollama.internal.WireJson
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.ErrorDecoder
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.PreparedCall
import dev.switchboard.ResponseHeaders
import dev.switchboard.spi.Secrets
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFraming
import dev.switchboard.spi.Urls

/**
 * Ollama's native chat format: `POST <baseUrl>/api/chat` with a JSON body, NDJSON streams ending with a
 * `done: true` line, and `{"error": "…"}` bodies. Also builds the `/api/show` and `/api/tags` requests.
 * [model] is the client's model, named in the advice of a 404.
 */
internal class OllamaChatCodec(
    private val baseUrl: String,
    private val headers: Map<String, String>,
    private val defaults: RequestDefaults,
    /** What to take out of error text besides what looks like a key. */
    val secrets: Secrets,
    private val model: String?,
) : ChatCodec {
    override val provider: String get() = PROVIDER

    override val endpoint: String by lazy { Urls.endpoint(endpoint("/api/chat")) }

    private val responses = OllamaResponseDecoder(PROVIDER, secrets)

    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall {
        val body = OllamaRequestEncoder.encode(PROVIDER, model, request, stream, defaults)
        return Call(HttpRequestSpec(endpoint("/api/chat"), body, withRequestHeaders(request.extraHeaders)))
    }

    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException =
        OllamaErrors.decode(PROVIDER, model, "/api/chat", baseUrl, status, headers, body, secrets)

    /** `POST /api/show` for [model]. */
    fun showRequest(model: String): HttpRequestSpec =
        HttpRequestSpec(endpoint("/api/show"), WireJson.encodeToString(ShowRequestDto.serializer(), ShowRequestDto(model)).encodeToByteArray(), headers)

    /** `GET /api/tags`. */
    fun tagsRequest(): HttpRequestSpec = HttpRequestSpec(endpoint("/api/tags"), null, headers, "GET")

    /** The errors of a call of [endpoint] about [model]. */
    fun errors(endpoint: String, model: String?): ErrorDecoder =
        ErrorDecoder { status, h, body -> OllamaErrors.decode(PROVIDER, model, endpoint, baseUrl, status, h, body, secrets) }

    private fun withRequestHeaders(extra: Map<String, String>): Map<String, String> =
        if (extra.isEmpty()) headers else LinkedHashMap(headers).apply { putAll(extra) }

    private fun endpoint(path: String): String = Urls.join(baseUrl, path)

    override fun toString(): String = "OllamaChatCodec(${Secrets.safeUrl(baseUrl)})"

    /** One `/api/chat` call: its answer does not depend on the request, so the call holds only its [spec]. */
    private inner class Call(override val spec: HttpRequestSpec) : PreparedCall {
        override val framing: StreamFraming get() = StreamFraming.NDJSON

        override fun decodeResponse(body: ByteArray, requestId: String?): CreateResult = responses.decode(body, requestId)

        override fun newStreamDecoder(requestId: String?): StreamDecoder = OllamaStreamDecoder(PROVIDER, requestId, secrets)
    }

    companion object {
        const val PROVIDER: String = "ollama"

        /** The codec for [config], for a client of [model] (null for calls about no model). */
        fun from(config: OllamaConfig, model: String?): OllamaChatCodec {
            val headers = LinkedHashMap<String, String>()
            config.apiKey?.let { headers["Authorization"] = "Bearer $it" }
            headers.putAll(config.headers)
            return OllamaChatCodec(config.baseUrl, headers, RequestDefaults.of(config), Secrets.of(config.apiKey, config.headers, config.baseUrl), model)
        }
    }
}

package dev.switchboard.gemini

import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.ResponseHeaders
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.PreparedCall
import dev.switchboard.spi.Secrets
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFraming
import dev.switchboard.spi.Urls

/**
 * The `generateContent` wire format: `POST <root>:generateContent`, or `:streamGenerateContent?alt=sse` for a
 * stream, where the root is `<baseUrl>/<version>/models/<model>` on the Gemini API and
 * `<baseUrl>/<version>/projects/<project>/locations/<location>/publishers/google/models/<model>` on Vertex AI;
 * the API key goes as `x-goog-api-key` (Vertex AI's bearer token is added per attempt by the transport's authorizer).
 */
internal class GeminiChatCodec(
    private val root: String,
    private val headers: Map<String, String>,
    private val includeThoughts: Boolean,
    private val secrets: Secrets = Secrets.NONE,
) : ChatCodec {
    override val endpoint: String by lazy { Urls.endpoint("$root:generateContent") }

    override val provider: String get() = PROVIDER

    private val responses = GenerateContentDecoder(PROVIDER, secrets)

    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall {
        val body = GenerateContentEncoder.encode(request, includeThoughts)
        val url = if (stream) Urls.join("$root:streamGenerateContent", "", mapOf("alt" to "sse")) else Urls.join("$root:generateContent", "")
        val all = LinkedHashMap(headers)
        all.putAll(request.extraHeaders)
        return Call(HttpRequestSpec(url, body, all))
    }

    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException =
        GeminiErrors.decode(PROVIDER, status, headers, body, secrets)

    override fun toString(): String = "GeminiChatCodec(${Secrets.safeUrl(root)})"

    private inner class Call(override val spec: HttpRequestSpec) : PreparedCall {
        override val framing: StreamFraming get() = StreamFraming.SSE

        override fun requestId(headers: ResponseHeaders): String? = headers["x-request-id"] ?: headers["x-goog-request-id"]

        override fun decodeResponse(body: ByteArray, requestId: String?): CreateResult = responses.decode(body, requestId)

        override fun newStreamDecoder(requestId: String?): StreamDecoder = GenerateContentStreamDecoder(PROVIDER, requestId, secrets)
    }

    companion object {
        const val PROVIDER: String = "gemini"

        /** The codec for [config] and [model]. */
        fun from(config: GeminiConfig, model: String): GeminiChatCodec {
            val headers = LinkedHashMap<String, String>()
            config.apiKey?.let { headers["x-goog-api-key"] = it }
            headers.putAll(config.headers)
            return GeminiChatCodec(root(config, model), headers, config.includeThoughts, GeminiConfig.secrets(config))
        }

        /**
         * The URL before `:generateContent` for [model]: a bare name is a Google model (`models/<name>`, or
         * `publishers/google/models/<name>` on Vertex AI); a name with a slash (`tunedModels/…`, `publishers/…/models/…`)
         * is taken as that resource's path.
         */
        fun root(config: GeminiConfig, model: String): String {
            val name = model.trim()
            val path = if ('/' in name) {
                name.split('/').joinToString("/") { Urls.pathSegment(it) }
            } else if (config.vertex) {
                "publishers/google/models/${Urls.pathSegment(name)}"
            } else {
                "models/${Urls.pathSegment(name)}"
            }
            val scope = if (config.vertex) {
                "projects/${Urls.pathSegment(config.vertexProject!!)}/locations/${Urls.pathSegment(config.vertexLocation!!)}/"
            } else {
                ""
            }
            return Urls.join(config.baseUrl, "/${config.apiVersion}/$scope$path")
        }
    }
}

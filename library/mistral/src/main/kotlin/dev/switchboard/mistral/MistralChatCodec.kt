package dev.switchboard.mistral

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
 * Mistral's chat wire format: `POST <baseUrl>/v1/chat/completions` with `Authorization: Bearer`, SSE streams ending
 * with `[DONE]`, Mistral's error bodies.
 */
internal class MistralChatCodec(
    private val url: String,
    private val headers: Map<String, String>,
    private val options: MistralEncoderOptions,
    /** What to take out of error text besides what looks like a key. */
    private val secrets: Secrets = Secrets.NONE,
) : ChatCodec {
    override val endpoint: String by lazy { Urls.endpoint(url) }

    override val provider: String get() = PROVIDER

    private val responses = MistralResponseDecoder(PROVIDER, secrets)

    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall {
        val body = MistralRequestEncoder.encode(model, request, stream, options)
        val all = if (request.extraHeaders.isEmpty()) headers else LinkedHashMap(headers).apply { putAll(request.extraHeaders) }
        return Call(HttpRequestSpec(url, body, all))
    }

    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException =
        MistralErrors.decode(PROVIDER, status, headers, body, secrets)

    override fun toString(): String = "MistralChatCodec(${Secrets.safeUrl(url)})"

    private inner class Call(override val spec: HttpRequestSpec) : PreparedCall {
        override val framing: StreamFraming get() = StreamFraming.SSE

        override fun requestId(headers: ResponseHeaders): String? = MistralErrors.requestId(headers)

        override fun decodeResponse(body: ByteArray, requestId: String?): CreateResult = responses.decode(body, requestId)

        override fun newStreamDecoder(requestId: String?): StreamDecoder = MistralStreamDecoder(PROVIDER, requestId, secrets)
    }

    companion object {
        const val PROVIDER: String = "mistral"

        /** The codec for [config]. */
        fun from(config: MistralConfig): MistralChatCodec {
            val headers = LinkedHashMap<String, String>()
            config.apiKey?.let { headers["Authorization"] = "Bearer $it" }
            headers.putAll(config.headers)
            val secrets = Secrets.of(config.apiKey, config.headers, config.baseUrl)
            return MistralChatCodec(
                Urls.join(config.baseUrl, "/v1/chat/completions"), headers, MistralEncoderOptions(config.safePrompt, config.promptMode), secrets,
            )
        }
    }
}

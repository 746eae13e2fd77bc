package dev.switchboard.openai

import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.ModelFamily
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
 * The Responses API wire format: `POST <url>` with a JSON body (see [ResponsesRequestEncoder]), SSE streams of typed
 * events ending in `response.completed` (see [ResponsesStreamDecoder]), OpenAI's error body. [url] and [headers]
 * (authentication included) are fixed per client, so the same codec serves OpenAI and Azure OpenAI's v1 API.
 */
internal class OpenAiResponsesCodec(
    override val provider: String,
    private val url: String,
    private val headers: Map<String, String>,
    private val options: ResponsesWireOptions,
    /** What to take out of error text besides what looks like a key. */
    private val secrets: Secrets = Secrets.NONE,
) : ChatCodec {
    private val responses = ResponsesResponseDecoder(provider, secrets)

    override val endpoint: String by lazy { Urls.endpoint(url) }

    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall {
        val body = ResponsesRequestEncoder.encode(provider, model, request, stream, options)
        val all = if (request.extraHeaders.isEmpty()) headers else LinkedHashMap(headers).apply { putAll(request.extraHeaders) }
        return Call(HttpRequestSpec(url, body, all))
    }

    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException =
        OpenAiErrors.decode(provider, status, headers, body, secrets)

    override fun toString(): String = "OpenAiResponsesCodec($provider, ${Secrets.safeUrl(url)})"

    /** One call: its answer does not depend on the request, so the call holds only its [spec]. */
    private inner class Call(override val spec: HttpRequestSpec) : PreparedCall {
        override val framing: StreamFraming get() = StreamFraming.SSE

        override fun decodeResponse(body: ByteArray, requestId: String?): CreateResult = responses.decode(body, requestId)

        override fun newStreamDecoder(requestId: String?): StreamDecoder = ResponsesStreamDecoder(provider, requestId, secrets)
    }

    companion object {
        /** The codec for [config] and a model of [family]. */
        fun from(config: OpenAiConfig, family: ModelFamily): OpenAiResponsesCodec {
            val headers = LinkedHashMap<String, String>()
            config.apiKey?.let { headers["Authorization"] = "Bearer $it" }
            config.organization?.let { headers["OpenAI-Organization"] = it }
            config.project?.let { headers["OpenAI-Project"] = it }
            headers.putAll(config.headers)
            val secrets = Secrets.of(config.apiKey, config.headers, config.baseUrl)
            return OpenAiResponsesCodec(
                config.providerName, Urls.join(config.baseUrl, "/responses"), headers,
                config.chatOptions.responsesOptions(family.isOpenAiReasoning), secrets,
            )
        }
    }
}

package dev.switchboard.openai

import dev.switchboard.spi.Secrets
import dev.switchboard.BadRequestException
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.GuidedDecoding
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.PreparedCall
import dev.switchboard.ResponseHeaders
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFraming
import dev.switchboard.spi.Urls

/**
 * The Chat Completions wire format: `POST <url>` with a JSON body, SSE streams ending in `[DONE]`,
 * OpenAI's error body. [url] and [headers] (authentication included) are fixed per client, so the
 * same codec serves OpenAI, Azure-style deployments and OpenAI-compatible servers.
 */
internal class OpenAiChatCodec(
    override val provider: String,
    private val url: String,
    private val headers: Map<String, String>,
    private val options: WireOptions,
    /** What to take out of error text besides what looks like a key. */
    private val secrets: Secrets = Secrets.NONE,
) : ChatCodec {
    private val responses = ChatResponseDecoder(provider, secrets)

    override val endpoint: String by lazy { Urls.endpoint(url) }

    override val guidedDecoding: Set<GuidedDecoding.Kind> get() = options.guided.kinds

    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall = Call(encode(model, request, stream))

    private fun encode(model: String, request: CreateRequest, stream: Boolean): HttpRequestSpec {
        if (request.thinkingBudget != null) {
            throw BadRequestException(
                "The Chat Completions API takes no thinking budget: use reasoningEffort(\"low\" | \"medium\" | \"high\") " +
                    "for reasoning models, or extraBody(...) for a server's own field",
                provider,
                0,
            )
        }
        GuidedDecodingWire.check(options.guided, request, provider)
        val body = ChatRequestEncoder.encode(model, request, stream, options, provider)
        val all = if (request.extraHeaders.isEmpty()) headers else LinkedHashMap(headers).apply { putAll(request.extraHeaders) }
        return HttpRequestSpec(url, body, all)
    }

    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException =
        OpenAiErrors.decode(provider, status, headers, body, secrets)

    override fun toString(): String = "OpenAiChatCodec($provider, ${Secrets.safeUrl(url)})"

    /** One call: its answer does not depend on the request, so the call holds only its [spec]. */
    private inner class Call(override val spec: HttpRequestSpec) : PreparedCall {
        override val framing: StreamFraming get() = StreamFraming.SSE

        override fun decodeResponse(body: ByteArray, requestId: String?): CreateResult = responses.decode(body, requestId)

        override fun newStreamDecoder(requestId: String?): StreamDecoder = ChatStreamDecoder(provider, requestId, secrets)
    }

    companion object {
        /** The codec for [config] and a model of [family]. */
        fun from(config: OpenAiConfig, family: dev.switchboard.ModelFamily): OpenAiChatCodec {
            val headers = LinkedHashMap<String, String>()
            config.apiKey?.let { headers["Authorization"] = "Bearer $it" }
            config.organization?.let { headers["OpenAI-Organization"] = it }
            config.project?.let { headers["OpenAI-Project"] = it }
            headers.putAll(config.headers)
            val options = config.chatOptions.wireOptions(
                maxCompletionTokens = config.isOpenAiItself || family.isOpenAiReasoning,
                developerRole = family.isOpenAiReasoning,
                guided = config.guidedDecoding,
            )
            val secrets = Secrets.of(config.apiKey, config.headers, config.baseUrl)
            return OpenAiChatCodec(config.providerName, Urls.join(config.baseUrl, "/chat/completions"), headers, options, secrets)
        }
    }
}

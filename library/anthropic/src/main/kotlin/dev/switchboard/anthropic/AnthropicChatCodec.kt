package dev.switchboard.anthropic

import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.ModelInfo
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.PreparedCall
import dev.switchboard.ResponseHeaders
import dev.switchboard.spi.Secrets
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFraming
import dev.switchboard.spi.Urls

/**
 * The Messages wire format: `POST <baseUrl>/v1/messages` with `x-api-key`, `anthropic-version` and
 * `anthropic-beta` headers, SSE streams ending with `message_stop`, Anthropic's error body.
 */
internal class AnthropicChatCodec(
    private val url: String,
    private val headers: Map<String, String>,
    private val betas: List<String>,
    private val options: EncoderOptions,
    /** What to take out of error text besides what looks like a key. */
    private val secrets: Secrets = Secrets.NONE,
) : ChatCodec {
    override val endpoint: String by lazy { Urls.endpoint(url) }

    override val provider: String get() = PROVIDER

    private val responses = MessagesResponseDecoder(PROVIDER, secrets)

    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall {
        // Derived once per call: the request's body and both decoders agree on which tool carries the answer.
        val answerTool = MessagesRequestEncoder.answerTool(request, options)
        return Call(encode(model, request, stream, answerTool), answerTool)
    }

    /** The HTTP request for [request] to [model], whose structured answer (if any) is a call of [answerTool]. */
    private fun encode(model: String, request: CreateRequest, stream: Boolean, answerTool: String?): HttpRequestSpec {
        val body = MessagesRequestEncoder.encode(model, request, stream, options, answerTool)
        val all = LinkedHashMap(headers)
        var requestBetas: String? = null
        for ((name, value) in request.extraHeaders) {
            if (name.equals(BETA_HEADER, ignoreCase = true)) requestBetas = value else all[name] = value
        }
        // The request's betas join the configured ones rather than replacing them.
        val merged = LinkedHashSet(betas)
        requestBetas?.split(',')?.map { it.trim() }?.filter { it.isNotEmpty() }?.let { merged += it }
        if (merged.isNotEmpty()) all[BETA_HEADER] = merged.joinToString(",")
        return HttpRequestSpec(url, body, all)
    }

    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException =
        AnthropicErrors.decode(PROVIDER, status, headers, body, secrets)

    override fun toString(): String = "AnthropicChatCodec(${Secrets.safeUrl(url)})"

    /** One call, whose structured answer (if any) is the input of a call of [answerTool]; the request id is `request-id`. */
    private inner class Call(override val spec: HttpRequestSpec, private val answerTool: String?) : PreparedCall {
        override val framing: StreamFraming get() = StreamFraming.SSE

        override fun requestId(headers: ResponseHeaders): String? = headers["request-id"]

        override fun decodeResponse(body: ByteArray, requestId: String?): CreateResult = responses.decode(body, requestId, answerTool)

        override fun newStreamDecoder(requestId: String?): StreamDecoder = MessagesStreamDecoder(PROVIDER, requestId, answerTool, secrets)
    }

    companion object {
        const val PROVIDER: String = "anthropic"
        const val BETA_HEADER: String = "anthropic-beta"

        /** The codec for [config] and [model], whose capabilities are [info]. */
        fun from(config: AnthropicConfig, model: String, info: ModelInfo): AnthropicChatCodec {
            val headers = LinkedHashMap<String, String>()
            config.apiKey?.let { headers["x-api-key"] = it }
            headers["anthropic-version"] = config.version
            var betas = config.betas
            for ((name, value) in config.headers) {
                // A beta header among the configured headers joins the betas, so that one list is sent.
                if (name.equals(BETA_HEADER, ignoreCase = true)) {
                    betas = (betas + value.split(',').map { it.trim() }.filter { it.isNotEmpty() }).distinct()
                } else {
                    headers[name] = value
                }
            }
            val options = EncoderOptions(
                defaultMaxTokens = config.defaultMaxTokens ?: AnthropicModels.defaultMaxTokens(info),
                maxOutputTokens = info.maxOutputTokens,
                nativeStructuredOutput = config.nativeStructuredOutput ?: AnthropicModels.hasNativeStructuredOutput(model),
                thinking = AnthropicModels.supportsThinking(model),
            )
            val secrets = Secrets.of(config.apiKey, config.headers, config.baseUrl)
            return AnthropicChatCodec(Urls.join(config.baseUrl, "/v1/messages"), headers, betas, options, secrets)
        }
    }
}

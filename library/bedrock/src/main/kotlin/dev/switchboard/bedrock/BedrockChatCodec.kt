package dev.switchboard.bedrock

import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.ResponseHeaders
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.EventStreamFraming
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.PreparedCall
import dev.switchboard.spi.Secrets
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFraming
import dev.switchboard.spi.Urls

/**
 * The Converse wire format: `POST <baseUrl>/model/<model>/converse` (JSON) and `…/converse-stream` (an AWS event
 * stream), Bedrock's error bodies and stream exceptions, the request id in `x-amzn-RequestId`. Credentials are not
 * the codec's: a Bedrock API key is among [headers], SigV4 is the transport's authorizer.
 */
internal class BedrockChatCodec(
    private val baseUrl: String,
    private val headers: Map<String, String>,
    private val options: EncoderOptions,
    private val secrets: Secrets = Secrets.NONE,
) : ChatCodec {
    override val endpoint: String by lazy { Urls.endpoint(baseUrl) }

    override val provider: String get() = PROVIDER

    private val responses = ConverseResponseDecoder(PROVIDER, secrets)

    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall {
        val answerTool = ConverseRequestEncoder.answerTool(request)
        val body = ConverseRequestEncoder.encode(model, request, stream, options, answerTool)
        val url = Urls.join(baseUrl, "/model/${Urls.pathSegment(model)}/" + if (stream) "converse-stream" else "converse")
        val all = LinkedHashMap(headers)
        if (!stream) all["Accept"] = "application/json"
        all.putAll(request.extraHeaders)
        return Call(HttpRequestSpec(url, body, all), answerTool)
    }

    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException =
        BedrockErrors.decode(PROVIDER, status, headers, body, secrets)

    override fun toString(): String = "BedrockChatCodec(${Secrets.safeUrl(baseUrl)})"

    private inner class Call(override val spec: HttpRequestSpec, private val answerTool: String?) : PreparedCall {
        override val framing: StreamFraming get() = EventStreamFraming

        override fun requestId(headers: ResponseHeaders): String? = headers["x-amzn-RequestId"] ?: headers["x-amz-request-id"]

        override fun decodeResponse(body: ByteArray, requestId: String?): CreateResult = responses.decode(body, requestId, answerTool)

        override fun newStreamDecoder(requestId: String?): StreamDecoder = ConverseStreamDecoder(PROVIDER, requestId, answerTool, secrets)
    }

    companion object {
        const val PROVIDER: String = "bedrock"

        /** The codec for [config] and [model]; a Bedrock API key goes as `Authorization: Bearer`. */
        fun from(config: BedrockConfig, model: String): BedrockChatCodec {
            val headers = LinkedHashMap<String, String>()
            config.apiKey?.let { headers["Authorization"] = "Bearer $it" }
            headers.putAll(config.headers)
            val options = EncoderOptions(BedrockModels.isAnthropic(model), BedrockModels.supportsThinking(model), config.guardrail)
            return BedrockChatCodec(config.baseUrl, headers, options, Secrets.of(config.apiKey, config.headers, config.baseUrl))
        }
    }
}

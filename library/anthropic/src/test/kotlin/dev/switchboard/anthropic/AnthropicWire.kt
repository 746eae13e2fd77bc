package dev.switchboard.anthropic

import dev.switchboard.ChatCompletionClient
import dev.switchboard.FunctionCall
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.contract.ProviderWire
import dev.switchboard.contract.WireUsage
import kotlinx.serialization.json.JsonPrimitive

/** Anthropic's Messages API on the wire, for the contract suite and fault tests. */
public object AnthropicWire : ProviderWire {
    override val provider: String = "anthropic"
    override val streamContentType: String = "text/event-stream"

    override fun client(baseUrl: String, model: String, modelInfo: ModelInfo, http: HttpOptions): ChatCompletionClient =
        AnthropicChatCompletionClient.create(
            model,
            AnthropicConfig.builder().apiKey("sk-ant-" + "contract-test-key").baseUrl(baseUrl).modelInfo(modelInfo).httpOptions(http).build(),
        )

    override fun textResponse(model: String, text: String, usage: WireUsage): String =
        message(model, """[{"type":"text","text":${q(text)}}]""", "end_turn", usage)

    override fun toolCallResponse(model: String, call: FunctionCall, usage: WireUsage): String =
        message(model, """[{"type":"tool_use","id":${q(call.id)},"name":${q(call.name)},"input":${call.arguments}}]""", "tool_use", usage)

    /**
     * The answer of a model without native structured output (the contract suite's model is not in
     * [AnthropicModels]): a call of the structured-output tool whose input is [json].
     */
    override fun structuredResponse(model: String, json: String, usage: WireUsage): String =
        toolCallResponse(model, FunctionCall("toolu_contract_answer", MessagesRequestEncoder.ANSWER_TOOL, json), usage)

    override fun textStream(model: String, pieces: List<String>, usage: WireUsage): List<String> =
        listOf(messageStart(model, usage), event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""), PING) +
            pieces.map { event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${q(it)}}}""") } +
            listOf(blockStop(0), messageDelta("end_turn", usage), MESSAGE_STOP)

    override fun toolCallStream(model: String, call: FunctionCall, usage: WireUsage): List<String> {
        val half = call.arguments.length / 2
        return listOf(
            messageStart(model, usage),
            event(
                "content_block_start",
                """{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":${q(call.id)},"name":${q(call.name)},"input":{}}}""",
            ),
            jsonDelta(0, ""),
            jsonDelta(0, call.arguments.substring(0, half)),
            jsonDelta(0, call.arguments.substring(half)),
            blockStop(0),
            messageDelta("tool_use", usage),
            MESSAGE_STOP,
        )
    }

    override fun endlessTextStream(model: String): Sequence<String> = sequence {
        yield(messageStart(model, WireUsage(1, 1)))
        yield(event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""))
        var i = 0
        while (true) yield(event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"tick ${i++} "}}"""))
    }

    override fun errorBody(status: Int, message: String): String {
        val type = when (status) {
            400 -> "invalid_request_error"
            401 -> "authentication_error"
            403 -> "permission_error"
            404 -> "not_found_error"
            413 -> "request_too_large"
            429 -> "rate_limit_error"
            529 -> "overloaded_error"
            else -> "api_error"
        }
        return """{"type":"error","error":{"type":"$type","message":${q(message)}},"request_id":"req_contract"}"""
    }

    /** The stream's terminator. */
    public val MESSAGE_STOP: String = event("message_stop", """{"type":"message_stop"}""")

    /** A keep-alive. */
    public val PING: String = event("ping", """{"type": "ping"}""")

    /** One SSE event named [type] carrying [data]. */
    public fun event(type: String, data: String): String = "event: $type\ndata: $data\n\n"

    /** A `message_start` event; its usage holds the input tokens (output counted at the end). */
    public fun messageStart(model: String, usage: WireUsage): String = event(
        "message_start",
        """{"type":"message_start","message":{"id":"msg_contract","type":"message","role":"assistant","model":${q(model)},"content":[],""" +
            """"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":${usage.promptTokens},"cache_creation_input_tokens":0,""" +
            """"cache_read_input_tokens":0,"output_tokens":1}}}""",
    )

    /** A `message_delta` event with the stop reason and the final output tokens. */
    public fun messageDelta(stopReason: String, usage: WireUsage): String = event(
        "message_delta",
        """{"type":"message_delta","delta":{"stop_reason":"$stopReason","stop_sequence":null},"usage":{"output_tokens":${usage.completionTokens}}}""",
    )

    private fun jsonDelta(index: Int, fragment: String): String =
        event("content_block_delta", """{"type":"content_block_delta","index":$index,"delta":{"type":"input_json_delta","partial_json":${q(fragment)}}}""")

    private fun blockStop(index: Int): String = event("content_block_stop", """{"type":"content_block_stop","index":$index}""")

    private fun message(model: String, content: String, stopReason: String, usage: WireUsage): String =
        """{"id":"msg_contract","type":"message","role":"assistant","model":${q(model)},"content":$content,""" +
            """"stop_reason":"$stopReason","stop_sequence":null,"usage":{"input_tokens":${usage.promptTokens},""" +
            """"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":${usage.completionTokens}}}"""

    private fun q(s: String): String = JsonPrimitive(s).toString()
}

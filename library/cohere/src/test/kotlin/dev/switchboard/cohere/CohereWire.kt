package dev.switchboard.cohere

import dev.switchboard.ChatCompletionClient
import dev.switchboard.FunctionCall
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.contract.ProviderWire
import dev.switchboard.contract.WireUsage
import kotlinx.serialization.json.JsonPrimitive

/** Cohere's v2 Chat API on the wire, for the contract suite, the fault matrix and the fuzzer. */
public object CohereWire : ProviderWire {
    override val provider: String = "cohere"
    override val streamContentType: String = "text/event-stream"

    override fun client(baseUrl: String, model: String, modelInfo: ModelInfo, http: HttpOptions): ChatCompletionClient =
        CohereChatCompletionClient.create(
            model, CohereConfig.builder().apiKey("cohere-contract-key-1").baseUrl(baseUrl).modelInfo(modelInfo).httpOptions(http).build(),
        )

    override fun textResponse(model: String, text: String, usage: WireUsage): String =
        response("""{"role":"assistant","content":[{"type":"text","text":${q(text)}}]}""", "COMPLETE", usage)

    override fun toolCallResponse(model: String, call: FunctionCall, usage: WireUsage): String = response(
        """{"role":"assistant","tool_plan":"I will call the tool.","tool_calls":[{"id":${q(call.id)},"type":"function",""" +
            """"function":{"name":${q(call.name)},"arguments":${q(call.arguments)}}}]}""",
        "TOOL_CALL", usage,
    )

    override fun textStream(model: String, pieces: List<String>, usage: WireUsage): List<String> =
        listOf(MESSAGE_START, event("""{"type":"content-start","index":0,"delta":{"message":{"content":{"type":"text","text":""}}}}""")) +
            pieces.map { event("""{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":${q(it)}}}}}""") } +
            listOf(event("""{"type":"content-end","index":0}"""), messageEnd("COMPLETE", usage))

    override fun toolCallStream(model: String, call: FunctionCall, usage: WireUsage): List<String> {
        val half = call.arguments.length / 2
        fun args(piece: String) = event("""{"type":"tool-call-delta","index":0,"delta":{"message":{"tool_calls":{"function":{"arguments":${q(piece)}}}}}}""")
        return listOf(
            MESSAGE_START,
            event("""{"type":"tool-plan-delta","delta":{"message":{"tool_plan":"I will call the tool."}}}"""),
            event(
                """{"type":"tool-call-start","index":0,"delta":{"message":{"tool_calls":{"id":${q(call.id)},"type":"function",""" +
                    """"function":{"name":${q(call.name)},"arguments":""}}}}}""",
            ),
            args(call.arguments.substring(0, half)),
            args(call.arguments.substring(half)),
            event("""{"type":"tool-call-end","index":0}"""),
            messageEnd("TOOL_CALL", usage),
        )
    }

    override fun endlessTextStream(model: String): Sequence<String> = sequence {
        yield(MESSAGE_START)
        yield(event("""{"type":"content-start","index":0,"delta":{"message":{"content":{"type":"text","text":""}}}}"""))
        var i = 0
        while (true) yield(event("""{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"tick ${i++} "}}}}"""))
    }

    override fun errorBody(status: Int, message: String): String = """{"id":"err-contract","message":${q(message)}}"""

    /** One SSE event carrying [data]. */
    public fun event(data: String): String = "data: $data\n\n"

    /** The stream's first event. */
    public val MESSAGE_START: String =
        event("""{"id":"msg-contract","type":"message-start","delta":{"message":{"role":"assistant","content":[],"tool_plan":"","tool_calls":[],"citations":[]}}}""")

    /** The terminator, with the finish reason and the usage. */
    public fun messageEnd(reason: String, usage: WireUsage): String =
        event("""{"type":"message-end","delta":{"finish_reason":"$reason","usage":${usageJson(usage)}}}""")

    private fun response(message: String, finish: String, usage: WireUsage): String =
        """{"id":"msg-contract","message":$message,"finish_reason":"$finish","usage":${usageJson(usage)}}"""

    private fun usageJson(u: WireUsage): String =
        """{"billed_units":{"input_tokens":${u.promptTokens},"output_tokens":${u.completionTokens}},""" +
            """"tokens":{"input_tokens":${u.promptTokens},"output_tokens":${u.completionTokens}}}"""

    private fun q(s: String): String = JsonPrimitive(s).toString()
}

package dev.switchboard.bedrock

import dev.switchboard.ChatCompletionClient
import dev.switchboard.FunctionCall
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.contract.ProviderWire
import dev.switchboard.contract.WireUsage
import dev.switchboard.testing.EventStreamWriter
import kotlinx.serialization.json.JsonPrimitive

/**
 * Bedrock's Converse API on the wire, for the contract suite, the fault matrix and the fuzzer. A stream's frames are
 * written as the fixtures' `.chunks.txt` lines are, `{"<eventType>": <payload>}`, and sent ([frameBytes]) as real
 * binary event-stream messages with both CRCs; an `…Exception` type is sent as an exception message.
 *
 * The client uses a Bedrock API key (bearer), so that the suites need no AWS credentials; SigV4 has tests of its own.
 */
public object BedrockWire : ProviderWire {
    override val provider: String = "bedrock"
    override val streamContentType: String = "application/vnd.amazon.eventstream"

    override fun client(baseUrl: String, model: String, modelInfo: ModelInfo, http: HttpOptions): ChatCompletionClient =
        BedrockChatCompletionClient.create(
            model,
            BedrockConfig.builder().apiKey("bedrock-" + "contract-test-key").region("us-east-1").baseUrl(baseUrl).modelInfo(modelInfo)
                .httpOptions(http).build(),
        )

    override fun textResponse(model: String, text: String, usage: WireUsage): String =
        response("""[{"text":${q(text)}}]""", "end_turn", usage)

    override fun toolCallResponse(model: String, call: FunctionCall, usage: WireUsage): String =
        response("""[{"toolUse":{"toolUseId":${q(call.id)},"name":${q(call.name)},"input":${call.arguments}}}]""", "tool_use", usage)

    /** Converse has no JSON mode: the answer is a call of the structured-output tool whose input is [json]. */
    override fun structuredResponse(model: String, json: String, usage: WireUsage): String =
        toolCallResponse(model, FunctionCall("tooluse_contract_answer", ConverseRequestEncoder.ANSWER_TOOL, json), usage)

    override fun textStream(model: String, pieces: List<String>, usage: WireUsage): List<String> =
        listOf(MESSAGE_START) + pieces.map { textDelta(0, it) } +
            listOf(blockStop(0), messageStop("end_turn"), metadata(usage))

    override fun toolCallStream(model: String, call: FunctionCall, usage: WireUsage): List<String> {
        val half = call.arguments.length / 2
        return listOf(
            MESSAGE_START,
            event("contentBlockStart", """{"contentBlockIndex":0,"start":{"toolUse":{"toolUseId":${q(call.id)},"name":${q(call.name)}}}}"""),
            inputDelta(0, call.arguments.substring(0, half)),
            inputDelta(0, call.arguments.substring(half)),
            blockStop(0),
            messageStop("tool_use"),
            metadata(usage),
        )
    }

    override fun endlessTextStream(model: String): Sequence<String> = sequence {
        yield(MESSAGE_START)
        var i = 0
        while (true) yield(textDelta(0, "tick ${i++} "))
    }

    override fun errorBody(status: Int, message: String): String {
        val type = when (status) {
            400 -> "ValidationException"
            401 -> "UnrecognizedClientException"
            403 -> "AccessDeniedException"
            404 -> "ResourceNotFoundException"
            408 -> "ModelTimeoutException"
            424 -> "ModelErrorException"
            429 -> "ThrottlingException"
            503 -> "ServiceUnavailableException"
            else -> "InternalServerException"
        }
        return """{"message":${q(message)},"__type":"$type"}"""
    }

    /**
     * The event-stream message for [frame]: `{"<type>": <payload>}` becomes a message of that event (or exception)
     * type carrying the payload; anything else (a frame the fuzzer broke beyond that shape) a message without a type.
     */
    override fun frameBytes(frame: String): ByteArray {
        val m = SHAPE.find(frame)
        if (m == null || m.groupValues[1].length > 200) return EventStreamWriter.message(mapOf(":message-type" to "event"), frame.toByteArray())
        val type = m.groupValues[1]
        var payload = m.groupValues[2]
        if (payload.endsWith("}")) payload = payload.dropLast(1)
        return if (type.endsWith("Exception")) EventStreamWriter.exception(type, payload) else EventStreamWriter.event(type, payload)
    }

    /** The opening event. */
    public val MESSAGE_START: String = event("messageStart", """{"role":"assistant"}""")

    /** One frame of event [type] with [payload], in the fixtures' line form. */
    public fun event(type: String, payload: String): String = """{"$type":$payload}"""

    public fun textDelta(index: Int, text: String): String =
        event("contentBlockDelta", """{"contentBlockIndex":$index,"delta":{"text":${q(text)}},"p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY"}""")

    public fun inputDelta(index: Int, fragment: String): String =
        event("contentBlockDelta", """{"contentBlockIndex":$index,"delta":{"toolUse":{"input":${q(fragment)}}}}""")

    public fun blockStop(index: Int): String = event("contentBlockStop", """{"contentBlockIndex":$index}""")

    public fun messageStop(reason: String): String = event("messageStop", """{"stopReason":"$reason"}""")

    public fun metadata(usage: WireUsage): String = event(
        "metadata",
        """{"usage":{"inputTokens":${usage.promptTokens},"outputTokens":${usage.completionTokens},""" +
            """"totalTokens":${usage.promptTokens + usage.completionTokens}},"metrics":{"latencyMs":123}}""",
    )

    private fun response(content: String, stopReason: String, usage: WireUsage): String =
        """{"output":{"message":{"role":"assistant","content":$content}},"stopReason":"$stopReason",""" +
            """"usage":{"inputTokens":${usage.promptTokens},"outputTokens":${usage.completionTokens},""" +
            """"totalTokens":${usage.promptTokens + usage.completionTokens}},"metrics":{"latencyMs":321}}"""

    private val SHAPE = Regex("""^\{"([^"]*)":(.*)$""", RegexOption.DOT_MATCHES_ALL)

    private fun q(s: String): String = JsonPrimitive(s).toString()
}

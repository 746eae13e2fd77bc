package dev.switchboard.gemini

import dev.switchboard.ChatCompletionClient
import dev.switchboard.FunctionCall
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.contract.ProviderWire
import dev.switchboard.contract.WireUsage
import kotlinx.serialization.json.JsonPrimitive

/** The Gemini API's `generateContent` on the wire, for the contract suite and fault tests. */
public object GeminiWire : ProviderWire {
    override val provider: String = "gemini"
    override val streamContentType: String = "text/event-stream"

    /** Gemini sends no call ids: the client makes them up, so the suite does not compare them. */
    override val carriesToolCallIds: Boolean = false

    override fun client(baseUrl: String, model: String, modelInfo: ModelInfo, http: HttpOptions): ChatCompletionClient =
        GeminiChatCompletionClient.create(
            model, GeminiConfig.builder().apiKey("AIza" + "ContractTestKeyForGemini000000000").baseUrl(baseUrl).modelInfo(modelInfo).httpOptions(http).build(),
        )

    override fun textResponse(model: String, text: String, usage: WireUsage): String =
        response(model, """[{"text":${q(text)}}]""", "STOP", usage)

    override fun toolCallResponse(model: String, call: FunctionCall, usage: WireUsage): String =
        response(model, """[{"functionCall":{"name":${q(call.name)},"args":${call.arguments}}}]""", "STOP", usage)

    override fun textStream(model: String, pieces: List<String>, usage: WireUsage): List<String> =
        pieces.map { event(chunk(model, """[{"text":${q(it)}}]""", null, null)) } + event(chunk(model, """[{"text":""}]""", "STOP", usage))

    override fun toolCallStream(model: String, call: FunctionCall, usage: WireUsage): List<String> = listOf(
        event(chunk(model, """[{"functionCall":{"name":${q(call.name)},"args":${call.arguments}}}]""", null, null)),
        event(chunk(model, """[{"text":""}]""", "STOP", usage)),
    )

    override fun endlessTextStream(model: String): Sequence<String> = sequence {
        var i = 0
        while (true) yield(event(chunk(model, """[{"text":"tick ${i++} "}]""", null, null)))
    }

    override fun errorBody(status: Int, message: String): String {
        val name = when (status) {
            400 -> "INVALID_ARGUMENT"
            401 -> "UNAUTHENTICATED"
            403 -> "PERMISSION_DENIED"
            404 -> "NOT_FOUND"
            429 -> "RESOURCE_EXHAUSTED"
            503 -> "UNAVAILABLE"
            504 -> "DEADLINE_EXCEEDED"
            else -> "INTERNAL"
        }
        return """{"error":{"code":$status,"message":${q(message)},"status":"$name"}}"""
    }

    /** One SSE event carrying [data]. */
    public fun event(data: String): String = "data: $data\r\n\r\n"

    /** A stream chunk of candidate 0 with [parts] (a JSON array), its finish reason and usage when given. */
    public fun chunk(model: String, parts: String, finishReason: String?, usage: WireUsage?): String {
        val finish = finishReason?.let { ""","finishReason":"$it"""" } ?: ""
        val meta = usage?.let { ""","usageMetadata":${usage(it)}""" } ?: ""
        return """{"candidates":[{"content":{"parts":$parts,"role":"model"}$finish,"index":0}]$meta,"modelVersion":${q(model)},"responseId":"resp_contract"}"""
    }

    private fun response(model: String, parts: String, finishReason: String, usage: WireUsage): String = chunk(model, parts, finishReason, usage)

    private fun usage(u: WireUsage): String =
        """{"promptTokenCount":${u.promptTokens},"candidatesTokenCount":${u.completionTokens},"totalTokenCount":${u.promptTokens + u.completionTokens}}"""

    private fun q(s: String): String = JsonPrimitive(s).toString()
}

package dev.switchboard.mistral

import dev.switchboard.ChatCompletionClient
import dev.switchboard.FunctionCall
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.contract.ProviderWire
import dev.switchboard.contract.WireUsage
import kotlinx.serialization.json.JsonPrimitive

/** Mistral's chat completions API on the wire, for the contract suite, the fault matrix and the fuzzer. */
public object MistralWire : ProviderWire {
    override val provider: String = "mistral"
    override val streamContentType: String = "text/event-stream"

    override fun client(baseUrl: String, model: String, modelInfo: ModelInfo, http: HttpOptions): ChatCompletionClient =
        MistralChatCompletionClient.create(
            model, MistralConfig.builder().apiKey("mistral-contract-key-1").baseUrl(baseUrl).modelInfo(modelInfo).httpOptions(http).build(),
        )

    override fun textResponse(model: String, text: String, usage: WireUsage): String =
        completion(model, """{"role":"assistant","content":${q(text)},"tool_calls":null,"prefix":false}""", "stop", usage)

    /** The call as Mistral sends it: whole, with its arguments as JSON text. */
    override fun toolCallResponse(model: String, call: FunctionCall, usage: WireUsage): String = completion(
        model,
        """{"role":"assistant","content":"","tool_calls":[{"id":${q(call.id)},"type":"function","function":""" +
            """{"name":${q(call.name)},"arguments":${q(call.arguments)}},"index":0}]}""",
        "tool_calls", usage,
    )

    override fun textStream(model: String, pieces: List<String>, usage: WireUsage): List<String> =
        listOf(chunk(model, """{"role":"assistant","content":""}""", null)) +
            pieces.map { chunk(model, """{"content":${q(it)}}""", null) } +
            listOf(chunk(model, """{"content":""}""", "stop", usage), DONE)

    /** A call whole in one delta without an index, as Mistral streams it, its arguments split over two deltas. */
    override fun toolCallStream(model: String, call: FunctionCall, usage: WireUsage): List<String> {
        val half = call.arguments.length / 2
        return listOf(
            chunk(model, """{"role":"assistant","content":""}""", null),
            chunk(
                model,
                """{"content":null,"tool_calls":[{"id":${q(call.id)},"function":{"name":${q(call.name)},""" +
                    """"arguments":${q(call.arguments.substring(0, half))}}}]}""",
                null,
            ),
            chunk(model, """{"tool_calls":[{"function":{"name":"","arguments":${q(call.arguments.substring(half))}}}]}""", null),
            chunk(model, """{"content":""}""", "tool_calls", usage),
            DONE,
        )
    }

    override fun endlessTextStream(model: String): Sequence<String> = sequence {
        yield(chunk(model, """{"role":"assistant","content":""}""", null))
        var i = 0
        while (true) yield(chunk(model, """{"content":"tick ${i++} "}""", null))
    }

    override fun errorBody(status: Int, message: String): String {
        val type = when (status) {
            400, 422 -> "invalid_request_error"
            401 -> "authentication_error"
            429 -> "rate_limit_error"
            else -> "internal_server_error"
        }
        return """{"object":"error","message":${q(message)},"type":"$type","param":null,"code":"$status"}"""
    }

    /** The stream's terminator. */
    public const val DONE: String = "data: [DONE]\n\n"

    /** One `chat.completion.chunk` event of choice 0 with [delta], finished with [finish] and carrying [usage] when given. */
    public fun chunk(model: String, delta: String, finish: String?, usage: WireUsage? = null): String =
        "data: {\"id\":\"cmpl-contract\",\"object\":\"chat.completion.chunk\",\"created\":1769088720,\"model\":${q(model)}," +
            "\"choices\":[{\"index\":0,\"delta\":$delta,\"finish_reason\":${finish?.let(::q) ?: "null"}}]" +
            (usage?.let { ",\"usage\":${usageJson(it)}" } ?: "") + "}\n\n"

    private fun completion(model: String, message: String, finish: String, usage: WireUsage): String =
        """{"id":"cmpl-contract","object":"chat.completion","created":1769088720,"model":${q(model)},""" +
            """"choices":[{"index":0,"message":$message,"finish_reason":"$finish"}],"usage":${usageJson(usage)}}"""

    private fun usageJson(u: WireUsage): String =
        """{"prompt_tokens":${u.promptTokens},"completion_tokens":${u.completionTokens},"total_tokens":${u.promptTokens + u.completionTokens}}"""

    private fun q(s: String): String = JsonPrimitive(s).toString()
}

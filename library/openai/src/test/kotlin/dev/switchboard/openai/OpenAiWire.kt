package dev.switchboard.openai

import dev.switchboard.ChatCompletionClient
import dev.switchboard.FunctionCall
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.contract.ProviderWire
import dev.switchboard.contract.WireUsage
import kotlinx.serialization.json.JsonPrimitive

/** OpenAI Chat Completions on the wire, for the contract suite and fault tests; other OpenAI-shaped wires reuse its frames. */
public object OpenAiWire : ProviderWire {
    override val provider: String = "openai"
    override val streamContentType: String = "text/event-stream"

    override fun client(baseUrl: String, model: String, modelInfo: ModelInfo, http: HttpOptions): ChatCompletionClient =
        OpenAiChatCompletionClient.create(
            model,
            OpenAiConfig.builder().apiKey("sk-" + "contract-test-key").baseUrl("$baseUrl/v1").modelInfo(modelInfo).httpOptions(http).build(),
        )

    override fun textResponse(model: String, text: String, usage: WireUsage): String =
        response(model, """{"role":"assistant","content":${q(text)}}""", "stop", usage)

    override fun toolCallResponse(model: String, call: FunctionCall, usage: WireUsage): String =
        response(
            model,
            """{"role":"assistant","content":null,"tool_calls":[{"id":${q(call.id)},"type":"function",""" +
                """"function":{"name":${q(call.name)},"arguments":${q(call.arguments)}}}]}""",
            "tool_calls",
            usage,
        )

    override fun textStream(model: String, pieces: List<String>, usage: WireUsage): List<String> =
        listOf(chunk(model, """{"role":"assistant","content":""}""", null)) +
            pieces.map { chunk(model, """{"content":${q(it)}}""", null) } +
            listOf(chunk(model, "{}", "stop"), usageChunk(model, usage), DONE)

    override fun toolCallStream(model: String, call: FunctionCall, usage: WireUsage): List<String> {
        val half = call.arguments.length / 2
        return listOf(
            chunk(
                model,
                """{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":${q(call.id)},"type":"function",""" +
                    """"function":{"name":${q(call.name)},"arguments":""}}]}""",
                null,
            ),
            chunk(model, """{"tool_calls":[{"index":0,"function":{"arguments":${q(call.arguments.substring(0, half))}}}]}""", null),
            chunk(model, """{"tool_calls":[{"index":0,"function":{"arguments":${q(call.arguments.substring(half))}}}]}""", null),
            chunk(model, "{}", "tool_calls"),
            usageChunk(model, usage),
            DONE,
        )
    }

    override fun endlessTextStream(model: String): Sequence<String> = sequence {
        yield(chunk(model, """{"role":"assistant","content":""}""", null))
        var i = 0
        while (true) yield(chunk(model, """{"content":"tick ${i++} "}""", null))
    }

    override fun errorBody(status: Int, message: String): String =
        """{"error":{"message":${q(message)},"type":"${if (status >= 500) "server_error" else "invalid_request_error"}","param":null,"code":null}}"""

    /** The SSE terminator. */
    public const val DONE: String = "data: [DONE]\n\n"

    /** One `chat.completion.chunk` SSE event with [delta] for choice 0. */
    public fun chunk(model: String, delta: String, finish: String?): String =
        "data: {\"id\":\"chatcmpl-contract\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":${q(model)}," +
            "\"choices\":[{\"index\":0,\"delta\":$delta,\"logprobs\":null,\"finish_reason\":${finish?.let(::q) ?: "null"}}]}\n\n"

    private fun usageChunk(model: String, usage: WireUsage): String =
        "data: {\"id\":\"chatcmpl-contract\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":${q(model)}," +
            "\"choices\":[],\"usage\":${usageJson(usage)}}\n\n"

    private fun response(model: String, message: String, finish: String, usage: WireUsage): String =
        """{"id":"chatcmpl-contract","object":"chat.completion","created":1700000000,"model":${q(model)},""" +
            """"choices":[{"index":0,"message":$message,"logprobs":null,"finish_reason":"$finish"}],"usage":${usageJson(usage)}}"""

    private fun usageJson(usage: WireUsage): String =
        """{"prompt_tokens":${usage.promptTokens},"completion_tokens":${usage.completionTokens},""" +
            """"total_tokens":${usage.promptTokens + usage.completionTokens}}"""

    private fun q(s: String): String = JsonPrimitive(s).toString()
}

class OpenAiContractTest : dev.switchboard.contract.ProviderContractSuite(OpenAiWire)

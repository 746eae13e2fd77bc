package dev.switchboard.azure.inference

import dev.switchboard.ChatCompletionClient
import dev.switchboard.FunctionCall
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.contract.ProviderContractSuite
import dev.switchboard.contract.ProviderWire
import dev.switchboard.contract.WireUsage
import kotlinx.serialization.json.JsonPrimitive

/**
 * Azure AI Model Inference on the wire: `chat.completion` objects, SSE streams of `chat.completion.chunk`
 * ending in `[DONE]` with the usage on the finishing chunk, and `{"error":{"code","message","status"}}` bodies.
 */
public object AzureAiInferenceWire : ProviderWire {
    override val provider: String = "azure-ai-inference"
    override val streamContentType: String = "text/event-stream"

    override fun client(baseUrl: String, model: String, modelInfo: ModelInfo, http: HttpOptions): ChatCompletionClient =
        AzureAiInferenceChatCompletionClient.create(
            model,
            AzureAiInferenceConfig.builder().endpoint("$baseUrl/models").apiKey("contract-" + "inference-key-0")
                .modelInfo(modelInfo).httpOptions(http).build(),
        )

    override fun textResponse(model: String, text: String, usage: WireUsage): String =
        response(model, """{"role":"assistant","content":${q(text)}}""", "stop", usage)

    override fun toolCallResponse(model: String, call: FunctionCall, usage: WireUsage): String =
        response(
            model,
            """{"role":"assistant","content":"","tool_calls":[{"id":${q(call.id)},"type":"function",""" +
                """"function":{"name":${q(call.name)},"arguments":${q(call.arguments)}}}]}""",
            "tool_calls",
            usage,
        )

    override fun textStream(model: String, pieces: List<String>, usage: WireUsage): List<String> =
        listOf(chunk(model, """{"role":"assistant","content":""}""", null, null)) +
            pieces.map { chunk(model, """{"content":${q(it)}}""", null, null) } +
            listOf(chunk(model, """{"content":""}""", "stop", usage), DONE)

    override fun toolCallStream(model: String, call: FunctionCall, usage: WireUsage): List<String> {
        val half = call.arguments.length / 2
        return listOf(
            chunk(model, """{"role":"assistant","content":"","tool_calls":[{"index":0,"id":${q(call.id)},"type":"function","function":{"name":${q(call.name)},"arguments":""}}]}""", null, null),
            chunk(model, """{"tool_calls":[{"index":0,"function":{"arguments":${q(call.arguments.substring(0, half))}}}]}""", null, null),
            chunk(model, """{"tool_calls":[{"index":0,"function":{"arguments":${q(call.arguments.substring(half))}}}]}""", null, null),
            chunk(model, """{"content":""}""", "tool_calls", usage),
            DONE,
        )
    }

    override fun endlessTextStream(model: String): Sequence<String> = sequence {
        yield(chunk(model, """{"role":"assistant","content":""}""", null, null))
        var i = 0
        while (true) yield(chunk(model, """{"content":"tick ${i++} "}""", null, null))
    }

    override fun errorBody(status: Int, message: String): String =
        """{"error":{"code":${q(code(status))},"message":${q(message)},"status":$status}}"""

    private fun code(status: Int): String = when (status) {
        400 -> "Invalid input"
        401 -> "Unauthorized"
        403 -> "Forbidden"
        404 -> "NotFound"
        429 -> "Too many requests"
        else -> "InternalServerError"
    }

    private const val DONE = "data: [DONE]\n\n"

    private fun chunk(model: String, delta: String, finish: String?, usage: WireUsage?): String =
        "data: {\"id\":\"inf-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":${q(model)}," +
            "\"choices\":[{\"index\":0,\"delta\":$delta,\"finish_reason\":${finish?.let(::q) ?: "null"},\"logprobs\":null}]" +
            (usage?.let { ",\"usage\":${usageJson(it)}" } ?: "") + "}\n\n"

    private fun response(model: String, message: String, finish: String, usage: WireUsage): String =
        """{"id":"inf-1","object":"chat.completion","created":1700000000,"model":${q(model)},""" +
            """"choices":[{"index":0,"message":$message,"finish_reason":"$finish","logprobs":null}],"usage":${usageJson(usage)}}"""

    private fun usageJson(usage: WireUsage): String =
        """{"prompt_tokens":${usage.promptTokens},"completion_tokens":${usage.completionTokens},"total_tokens":${usage.promptTokens + usage.completionTokens}}"""

    private fun q(s: String): String = JsonPrimitive(s).toString()
}

class AzureAiInferenceContractTest : ProviderContractSuite(AzureAiInferenceWire)

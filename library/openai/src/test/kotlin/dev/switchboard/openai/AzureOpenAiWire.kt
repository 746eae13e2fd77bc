package dev.switchboard.openai

import dev.switchboard.ChatCompletionClient
import dev.switchboard.FunctionCall
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.contract.ProviderContractSuite
import dev.switchboard.contract.ProviderWire
import dev.switchboard.contract.WireUsage
import kotlinx.serialization.json.JsonPrimitive

/**
 * Azure OpenAI on the wire, as its deployments API answers: the deployment URL with `api-version`, the
 * `api-key` header, `prompt_filter_results` (in streams, first, in a chunk with no choices and an empty
 * id) and `content_filter_results` on every choice, and Azure's `{"error":{"code","message"}}` bodies.
 */
public object AzureOpenAiWire : ProviderWire {
    override val provider: String = "azure-openai"
    override val streamContentType: String = "text/event-stream"

    private const val SAFE =
        """{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},""" +
            """"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}"""
    private const val PROMPT_FILTER = """[{"prompt_index":0,"content_filter_results":$SAFE}]"""

    override fun client(baseUrl: String, model: String, modelInfo: ModelInfo, http: HttpOptions): ChatCompletionClient =
        AzureOpenAiChatCompletionClient.create(
            model,
            AzureOpenAiConfig.builder().endpoint(baseUrl).apiKey("contract-" + "azure-key-0000").modelInfo(modelInfo).httpOptions(http).build(),
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
        listOf(promptFilterChunk(), chunk(model, """{"role":"assistant","content":""}""", null, "{}")) +
            pieces.map { chunk(model, """{"content":${q(it)}}""", null, SAFE) } +
            listOf(chunk(model, "{}", "stop", "{}"), usageChunk(model, usage), DONE)

    override fun toolCallStream(model: String, call: FunctionCall, usage: WireUsage): List<String> {
        val half = call.arguments.length / 2
        return listOf(
            promptFilterChunk(),
            chunk(
                model,
                """{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":${q(call.id)},"type":"function",""" +
                    """"function":{"name":${q(call.name)},"arguments":""}}]}""",
                null, "{}",
            ),
            chunk(model, """{"tool_calls":[{"index":0,"function":{"arguments":${q(call.arguments.substring(0, half))}}}]}""", null, "{}"),
            chunk(model, """{"tool_calls":[{"index":0,"function":{"arguments":${q(call.arguments.substring(half))}}}]}""", null, "{}"),
            chunk(model, "{}", "tool_calls", "{}"),
            usageChunk(model, usage),
            DONE,
        )
    }

    override fun endlessTextStream(model: String): Sequence<String> = sequence {
        yield(promptFilterChunk())
        var i = 0
        while (true) yield(chunk(model, """{"content":"tick ${i++} "}""", null, SAFE))
    }

    override fun errorBody(status: Int, message: String): String =
        """{"error":{"code":${q(if (status == 404) "DeploymentNotFound" else status.toString())},"message":${q(message)}}}"""

    private const val DONE = "data: [DONE]\n\n"

    private fun promptFilterChunk(): String =
        "data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":$PROMPT_FILTER}\n\n"

    private fun chunk(model: String, delta: String, finish: String?, filter: String): String =
        "data: {\"id\":\"chatcmpl-azure\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":${q(model)}," +
            "\"choices\":[{\"index\":0,\"delta\":$delta,\"finish_reason\":${finish?.let(::q) ?: "null"},\"logprobs\":null," +
            "\"content_filter_results\":$filter}],\"system_fingerprint\":\"fp_azure\"}\n\n"

    private fun usageChunk(model: String, usage: WireUsage): String =
        "data: {\"id\":\"chatcmpl-azure\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":${q(model)}," +
            "\"choices\":[],\"usage\":${usageJson(usage)}}\n\n"

    private fun response(model: String, message: String, finish: String, usage: WireUsage): String =
        """{"id":"chatcmpl-azure","object":"chat.completion","created":1700000000,"model":${q(model)},""" +
            """"prompt_filter_results":$PROMPT_FILTER,""" +
            """"choices":[{"index":0,"message":$message,"logprobs":null,"finish_reason":"$finish","content_filter_results":$SAFE}],""" +
            """"usage":${usageJson(usage)}}"""

    private fun usageJson(usage: WireUsage): String =
        """{"prompt_tokens":${usage.promptTokens},"completion_tokens":${usage.completionTokens},""" +
            """"total_tokens":${usage.promptTokens + usage.completionTokens}}"""

    private fun q(s: String): String = JsonPrimitive(s).toString()
}

class AzureOpenAiContractTest : ProviderContractSuite(AzureOpenAiWire)

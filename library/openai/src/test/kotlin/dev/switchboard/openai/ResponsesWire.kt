package dev.switchboard.openai

import dev.switchboard.ChatCompletionClient
import dev.switchboard.FunctionCall
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.contract.ProviderContractSuite
import dev.switchboard.contract.ProviderWire
import dev.switchboard.contract.WireUsage
import dev.switchboard.faults.FaultMatrixSuite
import kotlinx.serialization.json.JsonPrimitive

/**
 * OpenAI's Responses API on the wire, as the recordings in `fixtures/openai-*.1.chunks.txt` show it: a response
 * object with `output` items and `usage`; streams of `event:`-named SSE events from `response.created` to
 * `response.completed`, with no `[DONE]`. [azure] is the same API behind Azure OpenAI's v1 endpoint.
 */
public class ResponsesWire private constructor(private val azure: Boolean) : ProviderWire {
    override val provider: String = if (azure) "azure-openai" else "openai"
    override val streamContentType: String = "text/event-stream"

    override fun client(baseUrl: String, model: String, modelInfo: ModelInfo, http: HttpOptions): ChatCompletionClient =
        if (azure) {
            AzureOpenAiChatCompletionClient.create(
                model,
                AzureOpenAiConfig.builder().endpoint(baseUrl).apiKey("contract-" + "azure-key-0000").api(OpenAiApi.RESPONSES)
                    .modelInfo(modelInfo).httpOptions(http).build(),
            )
        } else {
            OpenAiChatCompletionClient.create(
                model,
                OpenAiConfig.builder().apiKey("test-" + "contract-key").baseUrl("$baseUrl/v1").api(OpenAiApi.RESPONSES)
                    .modelInfo(modelInfo).httpOptions(http).build(),
            )
        }

    override fun textResponse(model: String, text: String, usage: WireUsage): String = response(model, "completed", message(text), usage)

    override fun toolCallResponse(model: String, call: FunctionCall, usage: WireUsage): String =
        response(model, "completed", functionCall(call, "completed", call.arguments), usage)

    override fun textStream(model: String, pieces: List<String>, usage: WireUsage): List<String> =
        opening(model) +
            event("response.output_item.added", """"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","content":[],"role":"assistant"}""") +
            event("response.content_part.added", """"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"text":""}""") +
            pieces.map { event("response.output_text.delta", """"item_id":"msg_1","output_index":0,"content_index":0,"delta":${q(it)}""") } +
            event("response.output_text.done", """"item_id":"msg_1","output_index":0,"content_index":0,"text":${q(pieces.joinToString(""))}""") +
            event("response.output_item.done", """"output_index":0,"item":${message(pieces.joinToString(""))}""") +
            event("response.completed", """"response":${response(model, "completed", message(pieces.joinToString("")), usage)}""")

    override fun toolCallStream(model: String, call: FunctionCall, usage: WireUsage): List<String> {
        val half = call.arguments.length / 2
        return opening(model) +
            event("response.output_item.added", """"output_index":0,"item":${functionCall(call, "in_progress", "")}""") +
            event("response.function_call_arguments.delta", """"item_id":"fc_1","output_index":0,"delta":${q(call.arguments.substring(0, half))}""") +
            event("response.function_call_arguments.delta", """"item_id":"fc_1","output_index":0,"delta":${q(call.arguments.substring(half))}""") +
            event("response.function_call_arguments.done", """"item_id":"fc_1","output_index":0,"arguments":${q(call.arguments)}""") +
            event("response.output_item.done", """"output_index":0,"item":${functionCall(call, "completed", call.arguments)}""") +
            event("response.completed", """"response":${response(model, "completed", functionCall(call, "completed", call.arguments), usage)}""")
    }

    override fun endlessTextStream(model: String): Sequence<String> = sequence {
        yieldAll(opening(model))
        yield(event("response.output_item.added", """"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","content":[],"role":"assistant"}"""))
        var i = 0
        while (true) yield(event("response.output_text.delta", """"item_id":"msg_1","output_index":0,"content_index":0,"delta":"tick ${i++} """"))
    }

    override fun errorBody(status: Int, message: String): String =
        """{"error":{"message":${q(message)},"type":"${if (status >= 500) "server_error" else "invalid_request_error"}","param":null,"code":null}}"""

    private fun opening(model: String): List<String> = listOf(
        event("response.created", """"response":${response(model, "in_progress", null, null)}"""),
        event("response.in_progress", """"response":${response(model, "in_progress", null, null)}"""),
    )

    private fun message(text: String): String =
        """{"id":"msg_1","type":"message","status":"completed","content":[{"type":"output_text","annotations":[],"logprobs":[],"text":${q(text)}}],"role":"assistant"}"""

    private fun functionCall(call: FunctionCall, status: String, arguments: String): String =
        """{"id":"fc_1","type":"function_call","status":"$status","arguments":${q(arguments)},"call_id":${q(call.id)},"name":${q(call.name)}}"""

    private fun response(model: String, status: String, item: String?, usage: WireUsage?): String =
        """{"id":"resp_contract","object":"response","created_at":1700000000,"status":"$status","error":null,""" +
            """"incomplete_details":null,"model":${q(model)},"output":[${item ?: ""}],"parallel_tool_calls":true,""" +
            """"usage":${usage?.let(::usageJson) ?: "null"}}"""

    private fun event(type: String, fields: String): String = "event: $type\ndata: {\"type\":\"$type\",$fields}\n\n"

    private fun usageJson(usage: WireUsage): String =
        """{"input_tokens":${usage.promptTokens},"input_tokens_details":{"cached_tokens":0},"output_tokens":${usage.completionTokens},""" +
            """"output_tokens_details":{"reasoning_tokens":0},"total_tokens":${usage.promptTokens + usage.completionTokens}}"""

    private fun q(s: String): String = JsonPrimitive(s).toString()

    public companion object {
        /** OpenAI's own Responses API. */
        public val OPENAI: ResponsesWire = ResponsesWire(azure = false)

        /** Azure OpenAI's `/openai/v1/responses`. */
        public val AZURE: ResponsesWire = ResponsesWire(azure = true)
    }
}

class ResponsesContractTest : ProviderContractSuite(ResponsesWire.OPENAI)

class AzureResponsesContractTest : ProviderContractSuite(ResponsesWire.AZURE)

/** The fault matrix, cancellation at scale and secret hygiene over the Responses API. */
class ResponsesFaultTest : FaultMatrixSuite(ResponsesWire.OPENAI, concurrent = 500)

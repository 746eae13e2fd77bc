package dev.switchboard.ollama

import dev.switchboard.ChatCompletionClient
import dev.switchboard.FunctionCall
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.contract.ProviderWire
import dev.switchboard.contract.WireUsage
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonPrimitive

/**
 * Ollama's native chat API on the wire (`/api/chat`, NDJSON streams ending with a `done: true` line), for the
 * contract suite and this module's tests. Lines are shaped as Ollama writes them (`api.ChatResponse` at
 * ollama/ollama fb307609): tool calls whole, arguments as an object, no id.
 */
public object OllamaWire : ProviderWire {
    override val provider: String = "ollama"
    override val streamContentType: String = "application/x-ndjson"
    override val carriesToolCallIds: Boolean = false

    override fun client(baseUrl: String, model: String, modelInfo: ModelInfo, http: HttpOptions): ChatCompletionClient =
        OllamaChatCompletionClient.create(
            model,
            OllamaConfig.builder().baseUrl(baseUrl).apiKey("ollama-" + "contract-test-key").modelInfo(modelInfo).httpOptions(http).build(),
        )

    override fun textResponse(model: String, text: String, usage: WireUsage): String =
        final(model, """{"role":"assistant","content":${q(text)}}""", "stop", usage).trimEnd('\n')

    override fun toolCallResponse(model: String, call: FunctionCall, usage: WireUsage): String =
        final(model, """{"role":"assistant","content":"","tool_calls":[${toolCall(call)}]}""", "stop", usage).trimEnd('\n')

    override fun textStream(model: String, pieces: List<String>, usage: WireUsage): List<String> =
        pieces.map { line(model, it) } + final(model, """{"role":"assistant","content":""}""", "stop", usage)

    override fun toolCallStream(model: String, call: FunctionCall, usage: WireUsage): List<String> = listOf(
        "{\"model\":${q(model)},\"created_at\":\"$CREATED\",\"message\":{\"role\":\"assistant\",\"content\":\"\"," +
            "\"tool_calls\":[${toolCall(call)}]},\"done\":false}\n",
        final(model, """{"role":"assistant","content":""}""", "stop", usage),
    )

    override fun endlessTextStream(model: String): Sequence<String> = sequence {
        var i = 0
        while (true) yield(line(model, "tick ${i++} "))
    }

    override fun errorBody(status: Int, message: String): String = """{"error":${q(message)}}"""

    private const val CREATED = "2025-10-17T23:14:07.414671Z"

    /** One streamed line carrying [text]. */
    public fun line(model: String, text: String): String =
        "{\"model\":${q(model)},\"created_at\":\"$CREATED\",\"message\":{\"role\":\"assistant\",\"content\":${q(text)}},\"done\":false}\n"

    /** The last line of a stream, or a whole answer: [message], `done: true`, [reason] and the counts. */
    public fun final(model: String, message: String, reason: String, usage: WireUsage): String =
        "{\"model\":${q(model)},\"created_at\":\"$CREATED\",\"message\":$message,\"done_reason\":${q(reason)},\"done\":true," +
            "\"total_duration\":174560334,\"load_duration\":101397084,\"prompt_eval_count\":${usage.promptTokens}," +
            "\"prompt_eval_duration\":13074791,\"eval_count\":${usage.completionTokens},\"eval_duration\":52479709}\n"

    private fun toolCall(call: FunctionCall): String =
        "{\"function\":{\"name\":${q(call.name)},\"arguments\":${Json.parseToJsonElement(call.arguments)}}}"

    private fun q(s: String): String = JsonPrimitive(s).toString()
}

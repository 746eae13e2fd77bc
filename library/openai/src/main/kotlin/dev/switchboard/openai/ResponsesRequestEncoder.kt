package dev.switchboard.openai

import dev.switchboard.AssistantMessage
import dev.switchboard.BadRequestException
import dev.switchboard.CreateRequest
import dev.switchboard.DocumentPart
import dev.switchboard.ImagePart
import dev.switchboard.LlmMessage
import dev.switchboard.ResponseFormat
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.ThoughtBlock
import dev.switchboard.ToolChoice
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** How a client writes Responses API requests; see [OpenAiConfig.store] and [OpenAiConfig.reasoningSummary]. */
internal class ResponsesWireOptions(
    /** `store` sent with every request, or null for none. */
    val store: Boolean?,
    /** `reasoning.summary`, or null for none. */
    val reasoningSummary: String?,
    /** Whether the model reasons (OpenAI's o-series and gpt-5), so that its reasoning comes back encrypted. */
    val reasoningModel: Boolean,
)

/**
 * Builds the JSON body of a Responses API request (`POST /responses`). Leading system messages become
 * `instructions`; the rest of the conversation becomes `input` items: user messages (text, `input_text` and
 * `input_image` parts), an assistant turn's reasoning items (from its [ThoughtBlock]s), its text and its
 * `function_call`s, and each tool result as a `function_call_output`. [CreateRequest.extraBody] is merged last and
 * overrides the rest. Options the API does not have are a [BadRequestException] before any network call.
 */
internal object ResponsesRequestEncoder {
    /** The [ThoughtBlock.origin] of the reasoning items this API returns, and the only one (besides none) sent back. */
    const val THOUGHT_ORIGIN: String = "openai-responses"

    /** The smallest `max_output_tokens` the API accepts. */
    const val MIN_OUTPUT_TOKENS = 16

    private const val ENCRYPTED_REASONING = "reasoning.encrypted_content"
    private const val OUTPUT_LOGPROBS = "message.output_text.logprobs"

    /** The body for [request] to [model]. */
    fun encode(provider: String, model: String, request: CreateRequest, stream: Boolean, options: ResponsesWireOptions): ByteArray {
        reject(provider, request)
        val body = LinkedHashMap<String, JsonElement>()
        body["model"] = JsonPrimitive(model)
        val leading = request.messages.takeWhile { it is SystemMessage }.map { (it as SystemMessage).content }
        if (leading.isNotEmpty()) body["instructions"] = JsonPrimitive(leading.joinToString("\n\n"))
        body["input"] = JsonArray(input(request.messages.drop(leading.size), provider))
        if (request.tools.isNotEmpty()) {
            body["tools"] = JsonArray(
                request.tools.map {
                    obj(
                        "type" to str("function"), "name" to str(it.name), "description" to it.description?.let(::str),
                        // The API's strict defaults to true: a tool that is not strict must say so.
                        "parameters" to it.parameters, "strict" to JsonPrimitive(it.strict),
                    )
                },
            )
        }
        request.toolChoice?.let { body["tool_choice"] = toolChoice(it) }
        request.parallelToolCalls?.let { body["parallel_tool_calls"] = JsonPrimitive(it) }
        request.responseFormat?.let { body["text"] = obj("format" to format(it)) }
        request.temperature?.let { body["temperature"] = JsonPrimitive(it) }
        request.topP?.let { body["top_p"] = JsonPrimitive(it) }
        request.maxTokens?.let { body["max_output_tokens"] = JsonPrimitive(it) }
        val effort = request.reasoningEffort
        if (effort != null || options.reasoningSummary != null) {
            body["reasoning"] = obj("effort" to effort?.let(::str), "summary" to options.reasoningSummary?.let(::str))
        }
        val include = ArrayList<JsonElement>(2)
        // Reasoning comes back encrypted, to be sent back on the next turn whether or not OpenAI stores responses.
        if (options.reasoningModel || effort != null || options.reasoningSummary != null) include += str(ENCRYPTED_REASONING)
        if (request.logprobs == true) include += str(OUTPUT_LOGPROBS)
        if (include.isNotEmpty()) body["include"] = JsonArray(include)
        request.topLogprobs?.let { body["top_logprobs"] = JsonPrimitive(it) }
        options.store?.let { body["store"] = JsonPrimitive(it) }
        request.user?.let { body["user"] = JsonPrimitive(it) }
        if (stream) body["stream"] = JsonPrimitive(true)
        body.putAll(request.extraBody)
        return JsonObject(body).toString().encodeToByteArray()
    }

    /** Fails for what the Responses API cannot take, saying what to do instead. */
    private fun reject(provider: String, r: CreateRequest) {
        fun no(what: String, advice: String = "") {
            throw BadRequestException(
                "The Responses API takes no $what$advice; call the Chat Completions API for it " +
                    "(api(OpenAiApi.CHAT_COMPLETIONS) on the config builder)",
                provider, 0,
            )
        }
        if (r.thinkingBudget != null) no("thinking budget", ": use reasoningEffort(\"low\" | \"medium\" | \"high\")")
        r.n?.let { if (it > 1) no("n (several choices in one call)", ": make $it calls") }
        if (r.stop.isNotEmpty()) no("stop sequences")
        if (r.seed != null) no("seed")
        if (r.presencePenalty != null) no("presence penalty")
        if (r.frequencyPenalty != null) no("frequency penalty")
        if (r.logitBias.isNotEmpty()) no("logit bias")
        if (r.topK != null) no("top_k")
        r.maxTokens?.let {
            if (it < MIN_OUTPUT_TOKENS) {
                throw BadRequestException(
                    "The Responses API needs maxTokens of at least $MIN_OUTPUT_TOKENS (max_output_tokens, got $it)", provider, 0,
                )
            }
        }
    }

    private fun input(messages: List<LlmMessage>, provider: String): List<JsonElement> {
        val out = ArrayList<JsonElement>(messages.size + 2)
        for (m in messages) {
            when (m) {
                // A system message after the conversation started stays where it is, as a developer message.
                is SystemMessage -> out += obj("role" to str("developer"), "content" to str(m.content))
                is UserMessage -> out += obj("role" to str("user"), "content" to userContent(m, provider))
                is AssistantMessage -> assistant(m, out)
                is ToolResultMessage -> for (r in m.results) {
                    out += obj("type" to str("function_call_output"), "call_id" to str(r.callId), "output" to str(r.content))
                }
            }
        }
        return out
    }

    private fun assistant(m: AssistantMessage, out: MutableList<JsonElement>) {
        // Reasoning items first, as the model produced them; the readable thought alone has no place in the input.
        for (block in m.thoughtBlocks) reasoningItem(block)?.let { out += it }
        m.content?.let { if (it.isNotEmpty() || m.toolCalls.isEmpty()) out += obj("role" to str("assistant"), "content" to str(it)) }
        for (call in m.toolCalls) {
            out += obj("type" to str("function_call"), "call_id" to str(call.id), "name" to str(call.name), "arguments" to str(call.arguments))
        }
    }

    /**
     * The reasoning item a [ThoughtBlock] of this API holds (its [ThoughtBlock.signature] is the item's `rs_` id, its
     * [ThoughtBlock.redactedData] the encrypted content, its text the summary), or null for another provider's block,
     * which this API could not read.
     */
    fun reasoningItem(block: ThoughtBlock): JsonObject? {
        if (!block.isReadableBy(THOUGHT_ORIGIN)) return null
        val id = block.signature?.takeIf { isReasoningId(it) } ?: return null
        val summary = if (block.text.isEmpty()) JsonArray(emptyList()) else JsonArray(listOf(obj("type" to str("summary_text"), "text" to str(block.text))))
        return obj("type" to str("reasoning"), "id" to str(id), "summary" to summary, "encrypted_content" to block.redactedData?.let(::str))
    }

    /** Whether [value] is a reasoning item's id, as this API makes them. */
    fun isReasoningId(value: String): Boolean = value.startsWith("rs_")

    private fun userContent(m: UserMessage, provider: String): JsonElement {
        val parts = m.content
        if (parts.size == 1) (parts[0] as? TextPart)?.let { return str(it.text) }
        return JsonArray(
            parts.map { part ->
                when (part) {
                    is TextPart -> obj("type" to str("input_text"), "text" to str(part.text))
                    is ImagePart -> obj(
                        "type" to str("input_image"), "image_url" to str(part.image.toUrl()), "detail" to str(part.image.detail.name.lowercase()),
                    )
                    is DocumentPart -> FileParts.pdf(part, provider, "The Responses API").let {
                        obj("type" to str("input_file"), "filename" to str(it.name), "file_data" to str(it.toDataUrl()))
                    }
                }
            },
        )
    }

    private fun toolChoice(c: ToolChoice): JsonElement = when (c) {
        ToolChoice.Auto -> str("auto")
        ToolChoice.None -> str("none")
        ToolChoice.Required -> str("required")
        is ToolChoice.Named -> obj("type" to str("function"), "name" to str(c.name))
    }

    private fun format(f: ResponseFormat): JsonObject = when (f) {
        ResponseFormat.Text -> obj("type" to str("text"))
        ResponseFormat.JsonObjectFormat -> obj("type" to str("json_object"))
        is ResponseFormat.JsonSchema -> obj(
            "type" to str("json_schema"), "name" to str(f.name), "description" to f.description?.let(::str),
            "schema" to f.schema, "strict" to JsonPrimitive(f.strict),
        )
    }

    private fun str(s: String) = JsonPrimitive(s)

    /** An object of the [fields] that are not null, in order. */
    private fun obj(vararg fields: Pair<String, JsonElement?>): JsonObject {
        val map = LinkedHashMap<String, JsonElement>(fields.size)
        for ((k, v) in fields) if (v != null) map[k] = v
        return JsonObject(map)
    }
}

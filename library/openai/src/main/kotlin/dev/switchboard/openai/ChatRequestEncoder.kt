package dev.switchboard.openai

import dev.switchboard.AssistantMessage
import dev.switchboard.CreateRequest
import dev.switchboard.ImageDetail
import dev.switchboard.DocumentPart
import dev.switchboard.ImagePart
import dev.switchboard.LlmMessage
import dev.switchboard.ResponseFormat
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.ToolChoice
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.openai.internal.ChatRequestDto
import dev.switchboard.openai.internal.FunctionCallDto
import dev.switchboard.openai.internal.FunctionDefinitionDto
import dev.switchboard.openai.internal.JsonSchemaDto
import dev.switchboard.openai.internal.MessageDto
import dev.switchboard.openai.internal.ResponseFormatDto
import dev.switchboard.openai.internal.StreamOptionsDto
import dev.switchboard.openai.internal.ToolCallDto
import dev.switchboard.openai.internal.ToolDto
import dev.switchboard.openai.internal.WireJson
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject

/** How a client writes requests for its server and model; see [OpenAiConfig] for each choice. */
internal class WireOptions(
    /** The output limit goes as `max_completion_tokens` (true) or `max_tokens` (false). */
    val maxCompletionTokens: Boolean,
    /** System messages go with the role `developer` (true) or `system` (false). */
    val developerRole: Boolean,
    /** Streams ask for usage with `stream_options.include_usage`. */
    val streamUsage: Boolean,
    /** How guided decoding is written, and which kinds the server takes. */
    val guided: GuidedDecodingDialect = GuidedDecodingDialect.NONE,
)

/**
 * Builds the JSON body of a Chat Completions request. Modelled options become typed fields (nulls
 * omitted); [CreateRequest.extraBody] is merged last and overrides them.
 */
internal object ChatRequestEncoder {
    private val AUTO = JsonPrimitive("auto")
    private val NONE = JsonPrimitive("none")
    private val REQUIRED = JsonPrimitive("required")
    private val INCLUDE_USAGE = StreamOptionsDto(includeUsage = true)

    /** The body for [request] to [model], written as [options] say; [provider] is named in errors. */
    fun encode(model: String, request: CreateRequest, stream: Boolean, options: WireOptions, provider: String = "openai"): ByteArray {
        val maxCompletionTokens = options.maxCompletionTokens
        val dto = ChatRequestDto(
            model = model,
            messages = messages(request.messages, if (options.developerRole) "developer" else "system", provider),
            temperature = request.temperature,
            topP = request.topP,
            maxTokens = request.maxTokens.takeUnless { maxCompletionTokens },
            maxCompletionTokens = request.maxTokens.takeIf { maxCompletionTokens },
            stop = request.stop.ifEmpty { null },
            seed = request.seed,
            n = request.n,
            presencePenalty = request.presencePenalty,
            frequencyPenalty = request.frequencyPenalty,
            logitBias = request.logitBias.ifEmpty { null },
            logprobs = request.logprobs,
            topLogprobs = request.topLogprobs,
            tools = request.tools.ifEmpty { null }?.map {
                ToolDto("function", FunctionDefinitionDto(it.name, it.description, it.parameters, if (it.strict) true else null))
            },
            toolChoice = when (val c = request.toolChoice) {
                null -> null
                ToolChoice.Auto -> AUTO
                ToolChoice.None -> NONE
                ToolChoice.Required -> REQUIRED
                is ToolChoice.Named -> JsonObject(
                    mapOf("type" to JsonPrimitive("function"), "function" to JsonObject(mapOf("name" to JsonPrimitive(c.name)))),
                )
            },
            parallelToolCalls = request.parallelToolCalls,
            responseFormat = when (val f = request.responseFormat) {
                null -> null
                ResponseFormat.Text -> ResponseFormatDto("text")
                ResponseFormat.JsonObjectFormat -> ResponseFormatDto("json_object")
                is ResponseFormat.JsonSchema ->
                    ResponseFormatDto("json_schema", JsonSchemaDto(f.name, f.description, f.schema, f.strict))
            },
            reasoningEffort = request.reasoningEffort,
            user = request.user,
            stream = if (stream) true else null,
            streamOptions = if (stream && options.streamUsage) INCLUDE_USAGE else null,
        )
        val serializer = ChatRequestDto.serializer()
        val topK = request.topK
        val guided = request.guidedDecoding
        if (request.extraBody.isEmpty() && topK == null && guided == null) return WireJson.encodeToString(serializer, dto).encodeToByteArray()
        val merged = LinkedHashMap<String, JsonElement>(WireJson.encodeToJsonElement(serializer, dto).jsonObject)
        // Not in OpenAI's schema (OpenAI itself answers 400), but vLLM, Together, OpenRouter and Fireworks take it.
        if (topK != null) merged["top_k"] = JsonPrimitive(topK)
        if (guided != null) merged.putAll(GuidedDecodingWire.fields(options.guided, guided))
        merged.putAll(request.extraBody)
        return JsonObject(merged).toString().encodeToByteArray()
    }

    private fun messages(messages: List<LlmMessage>, systemRole: String, provider: String): List<MessageDto> {
        val out = ArrayList<MessageDto>(messages.size + 2)
        for (m in messages) {
            when (m) {
                is SystemMessage -> out += MessageDto(systemRole, JsonPrimitive(m.content))
                is UserMessage -> out += MessageDto("user", userContent(m, provider), name = m.name)
                is AssistantMessage -> {
                    val calls = m.toolCalls.ifEmpty { null }?.map {
                        ToolCallDto(id = it.id, type = "function", function = FunctionCallDto(it.name, it.arguments))
                    }
                    // The reasoning text (thought) is not sent back: Chat Completions has no input field for it,
                    // and some compatible servers (DeepSeek) reject reasoning_content in requests.
                    // With tool calls, content is optional: an empty one is left out rather than sent as "".
                    val content = if (calls == null) m.content ?: "" else m.content?.ifEmpty { null }
                    out += MessageDto("assistant", content?.let(::JsonPrimitive), name = m.name, toolCalls = calls)
                }
                is ToolResultMessage -> for (r in m.results) {
                    out += MessageDto("tool", JsonPrimitive(r.content), toolCallId = r.callId)
                }
            }
        }
        return out
    }

    private fun userContent(m: UserMessage, provider: String): JsonElement {
        val parts = m.content
        if (parts.size == 1) (parts[0] as? TextPart)?.let { return JsonPrimitive(it.text) }
        return JsonArray(
            parts.map { part ->
                when (part) {
                    is TextPart -> JsonObject(mapOf("type" to JsonPrimitive("text"), "text" to JsonPrimitive(part.text)))
                    is ImagePart -> {
                        val image = part.image
                        val url = LinkedHashMap<String, JsonElement>(2)
                        url["url"] = JsonPrimitive(image.toUrl())
                        if (image.detail != ImageDetail.AUTO) url["detail"] = JsonPrimitive(image.detail.name.lowercase())
                        JsonObject(mapOf("type" to JsonPrimitive("image_url"), "image_url" to JsonObject(url)))
                    }
                    is DocumentPart -> {
                        val doc = FileParts.pdf(part, provider, "Chat Completions")
                        val file = mapOf("filename" to JsonPrimitive(doc.name), "file_data" to JsonPrimitive(doc.toDataUrl()))
                        JsonObject(mapOf("type" to JsonPrimitive("file"), "file" to JsonObject(file)))
                    }
                }
            },
        )
    }
}

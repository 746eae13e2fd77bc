package dev.switchboard.mistral

import dev.switchboard.AssistantMessage
import dev.switchboard.BadRequestException
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
import dev.switchboard.mistral.internal.ChatRequestDto
import dev.switchboard.mistral.internal.WireJson
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject

/** The options a client adds to every request: [MistralConfig.safePrompt] and [MistralConfig.promptMode]. */
internal class MistralEncoderOptions(val safePrompt: Boolean, val promptMode: String?)

/**
 * Builds the JSON body of a Mistral chat request, with only the fields Mistral's spec lists (the API rejects any
 * other): modelled options become typed fields (nulls omitted), [CreateRequest.extraBody] is merged last and
 * overrides them. What the API cannot take is a [BadRequestException] (status 0) naming the option, before
 * anything is sent.
 */
internal object MistralRequestEncoder {
    private const val PROVIDER = "mistral"
    private const val MAX_TEMPERATURE = 1.5
    private val EFFORTS = setOf("high", "none")
    private const val TYPE = "type"
    private val TEXT = JsonPrimitive("text")
    private val FUNCTION = JsonPrimitive("function")

    fun encode(model: String, request: CreateRequest, stream: Boolean, options: MistralEncoderOptions): ByteArray {
        rejectUnsupported(request)
        val dto = ChatRequestDto(
            model = model,
            messages = messages(request.messages),
            temperature = request.temperature,
            topP = request.topP,
            maxTokens = request.maxTokens,
            stream = if (stream) true else null,
            stop = request.stop.ifEmpty { null },
            randomSeed = request.seed,
            responseFormat = responseFormat(request.responseFormat),
            tools = request.tools.ifEmpty { null }?.map { t ->
                val fn = LinkedHashMap<String, JsonElement>(4)
                fn["name"] = JsonPrimitive(t.name)
                t.description?.let { fn["description"] = JsonPrimitive(it) }
                fn["parameters"] = t.parameters
                if (t.strict) fn["strict"] = JsonPrimitive(true)
                JsonObject(mapOf(TYPE to FUNCTION, "function" to JsonObject(fn)))
            },
            toolChoice = toolChoice(request.toolChoice),
            presencePenalty = request.presencePenalty,
            frequencyPenalty = request.frequencyPenalty,
            n = request.n,
            parallelToolCalls = request.parallelToolCalls,
            promptMode = options.promptMode,
            reasoningEffort = request.reasoningEffort?.trim()?.lowercase(),
            safePrompt = if (options.safePrompt) true else null,
        )
        val serializer = ChatRequestDto.serializer()
        if (request.extraBody.isEmpty()) return WireJson.encodeToString(serializer, dto).encodeToByteArray()
        val merged = LinkedHashMap<String, JsonElement>(WireJson.encodeToJsonElement(serializer, dto).jsonObject)
        merged.putAll(request.extraBody)
        return JsonObject(merged).toString().encodeToByteArray()
    }

    private fun rejectUnsupported(request: CreateRequest) {
        fun reject(what: String): Nothing = throw BadRequestException("Mistral's chat API $what", PROVIDER, 0)
        if (request.logprobs == true || request.topLogprobs != null) {
            reject("returns no log probabilities: remove logprobs and topLogprobs")
        }
        if (request.logitBias.isNotEmpty()) reject("has no logit bias: remove logitBias")
        if (request.topK != null) reject("has no top-k sampling: remove topK (use topP or temperature)")
        if (request.user != null) {
            reject("has no end-user field: remove endUser (to tag requests, send `metadata` with extraBodyJson)")
        }
        if (request.thinkingBudget != null) {
            reject("takes no thinking budget: remove thinkingBudget; use reasoningEffort(\"high\") or \"none\" on a reasoning model")
        }
        request.seed?.let { if (it < 0) reject("takes a random seed of 0 or more (got seed $it)") }
        request.temperature?.let { if (it > MAX_TEMPERATURE) reject("takes a temperature between 0 and 1.5 (got $it)") }
        request.reasoningEffort?.trim()?.lowercase()?.let {
            if (it !in EFFORTS) reject("takes reasoning effort 'high' or 'none' (got '$it'): use one of those, or leave it unset")
        }
    }

    private fun responseFormat(format: ResponseFormat?): JsonObject? = when (format) {
        null -> null
        is ResponseFormat.Text -> JsonObject(mapOf(TYPE to TEXT))
        is ResponseFormat.JsonObjectFormat -> JsonObject(mapOf(TYPE to JsonPrimitive("json_object")))
        is ResponseFormat.JsonSchema -> {
            val schema = LinkedHashMap<String, JsonElement>(4)
            schema["name"] = JsonPrimitive(format.name)
            format.description?.let { schema["description"] = JsonPrimitive(it) }
            schema["schema"] = format.schema
            schema["strict"] = JsonPrimitive(format.strict)
            JsonObject(mapOf(TYPE to JsonPrimitive("json_schema"), "json_schema" to JsonObject(schema)))
        }
    }

    private fun toolChoice(choice: ToolChoice?): JsonElement? = when (choice) {
        null -> null
        ToolChoice.Auto -> JsonPrimitive("auto")
        ToolChoice.None -> JsonPrimitive("none")
        ToolChoice.Required -> JsonPrimitive("any")
        is ToolChoice.Named -> JsonObject(
            mapOf(TYPE to FUNCTION, "function" to JsonObject(mapOf("name" to JsonPrimitive(choice.name)))),
        )
    }

    // ------------------------------------------------------------ messages

    private fun messages(list: List<LlmMessage>): List<JsonObject> {
        val out = ArrayList<JsonObject>(list.size)
        for (m in list) {
            when (m) {
                is SystemMessage -> out += message("system", JsonPrimitive(m.content))
                is UserMessage -> out += message("user", userContent(m))
                is AssistantMessage -> out += assistant(m)
                is ToolResultMessage -> for (r in m.results) {
                    val o = LinkedHashMap<String, JsonElement>(4)
                    o["role"] = JsonPrimitive("tool")
                    o["content"] = JsonPrimitive(r.content)
                    o["tool_call_id"] = JsonPrimitive(r.callId)
                    r.name?.let { o["name"] = JsonPrimitive(it) }
                    out += JsonObject(o)
                }
            }
        }
        return out
    }

    private fun message(role: String, content: JsonElement): JsonObject =
        JsonObject(mapOf("role" to JsonPrimitive(role), "content" to content))

    /** A single text part as a string; several parts, or images, as chunks. */
    private fun userContent(m: UserMessage): JsonElement {
        val only = m.content.singleOrNull()
        if (only is TextPart) return JsonPrimitive(only.text)
        if (m.content.isEmpty()) return JsonPrimitive("")
        return JsonArray(
            m.content.map { part ->
                when (part) {
                    is TextPart -> textChunk(part.text)
                    is ImagePart -> {
                        val url = LinkedHashMap<String, JsonElement>(2)
                        url["url"] = JsonPrimitive(part.image.toUrl())
                        if (part.image.detail != ImageDetail.AUTO) url["detail"] = JsonPrimitive(part.image.detail.name.lowercase())
                        JsonObject(mapOf(TYPE to JsonPrimitive("image_url"), "image_url" to JsonObject(url)))
                    }
                    is DocumentPart -> throw BadRequestException(
                        "Mistral's chat API takes documents only by URL (document_url), not inline " +
                            "(got ${part.document}): extract its text and send it as a TextPart, " +
                            "or use a provider that takes documents (Anthropic, Bedrock, Gemini, OpenAI)",
                        PROVIDER, 0,
                    )
                }
            },
        )
    }

    /**
     * An assistant turn: its reasoning (when it has some) as a `thinking` chunk before its text, so that a reasoning
     * model sees what it thought; its tool calls with their arguments as JSON text.
     */
    private fun assistant(m: AssistantMessage): JsonObject {
        val o = LinkedHashMap<String, JsonElement>(3)
        o["role"] = JsonPrimitive("assistant")
        val text = m.content
        val thought = m.thought?.takeIf { it.isNotEmpty() }
        if (thought != null) {
            val chunks = ArrayList<JsonElement>(2)
            chunks += JsonObject(mapOf(TYPE to JsonPrimitive("thinking"), "thinking" to JsonArray(listOf(textChunk(thought)))))
            if (!text.isNullOrEmpty()) chunks += textChunk(text)
            o["content"] = JsonArray(chunks)
        } else if (text != null || m.toolCalls.isEmpty()) {
            o["content"] = JsonPrimitive(text ?: "")
        }
        if (m.toolCalls.isNotEmpty()) {
            o["tool_calls"] = JsonArray(
                m.toolCalls.map { c ->
                    JsonObject(
                        mapOf(
                            "id" to JsonPrimitive(c.id),
                            TYPE to FUNCTION,
                            "function" to JsonObject(
                                mapOf("name" to JsonPrimitive(c.name), "arguments" to JsonPrimitive(c.arguments.ifBlank { "{}" })),
                            ),
                        ),
                    )
                },
            )
        }
        return JsonObject(o)
    }

    private fun textChunk(text: String): JsonObject = JsonObject(mapOf(TYPE to TEXT, "text" to JsonPrimitive(text)))
}

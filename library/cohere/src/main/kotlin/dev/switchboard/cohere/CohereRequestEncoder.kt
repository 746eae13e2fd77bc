package dev.switchboard.cohere

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
import dev.switchboard.cohere.internal.ChatRequestDto
import dev.switchboard.cohere.internal.WireJson
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject

/** The options a client adds to every request: [CohereConfig.citationMode] and [CohereConfig.safetyMode]. */
internal class CohereEncoderOptions(val citationMode: String?, val safetyMode: String?)

/**
 * Builds the JSON body of a Cohere v2 chat request. Modelled options become typed fields (nulls omitted);
 * [CreateRequest.extraBody] (where [CohereDocuments] puts the documents) is merged last and overrides them. What the
 * API cannot take is a [BadRequestException] (status 0) naming the option, before anything is sent.
 */
internal object CohereRequestEncoder {
    private const val PROVIDER = "cohere"
    private const val TYPE = "type"
    private val TEXT = JsonPrimitive("text")

    fun encode(model: String, request: CreateRequest, stream: Boolean, options: CohereEncoderOptions): ByteArray {
        rejectUnsupported(request)
        val dto = ChatRequestDto(
            model = model,
            messages = messages(request.messages),
            stream = stream,
            tools = request.tools.ifEmpty { null }?.map { t ->
                val fn = LinkedHashMap<String, JsonElement>(3)
                fn["name"] = JsonPrimitive(t.name)
                t.description?.let { fn["description"] = JsonPrimitive(it) }
                fn["parameters"] = t.parameters
                JsonObject(mapOf(TYPE to JsonPrimitive("function"), "function" to JsonObject(fn)))
            },
            // Strictness is one switch for all the request's tools: a strict tool makes them all strict.
            strictTools = if (request.tools.any { it.strict }) true else null,
            toolChoice = when (request.toolChoice) {
                null, ToolChoice.Auto -> null
                ToolChoice.None -> "NONE"
                ToolChoice.Required -> "REQUIRED"
                is ToolChoice.Named -> null // rejected above
            },
            responseFormat = when (val f = request.responseFormat) {
                null -> null
                is ResponseFormat.Text -> JsonObject(mapOf(TYPE to TEXT))
                is ResponseFormat.JsonObjectFormat -> JsonObject(mapOf(TYPE to JsonPrimitive("json_object")))
                is ResponseFormat.JsonSchema -> JsonObject(mapOf(TYPE to JsonPrimitive("json_object"), "json_schema" to f.schema))
            },
            citationOptions = options.citationMode?.let { JsonObject(mapOf("mode" to JsonPrimitive(it))) },
            safetyMode = options.safetyMode,
            maxTokens = request.maxTokens,
            stopSequences = request.stop.ifEmpty { null },
            temperature = request.temperature,
            seed = request.seed,
            frequencyPenalty = request.frequencyPenalty,
            presencePenalty = request.presencePenalty,
            k = request.topK,
            p = request.topP,
            thinking = thinking(request),
        )
        val serializer = ChatRequestDto.serializer()
        if (request.extraBody.isEmpty()) return WireJson.encodeToString(serializer, dto).encodeToByteArray()
        val merged = LinkedHashMap<String, JsonElement>(WireJson.encodeToJsonElement(serializer, dto).jsonObject)
        merged.putAll(request.extraBody)
        return JsonObject(merged).toString().encodeToByteArray()
    }

    private fun rejectUnsupported(request: CreateRequest) {
        fun reject(what: String): Nothing = throw BadRequestException("Cohere's Chat API $what", PROVIDER, 0)
        request.n?.let { if (it > 1) reject("returns one answer per request (got n $it): send $it requests instead") }
        if (request.logprobs == true || request.topLogprobs != null) {
            reject("log probabilities are not read by this library: remove logprobs and topLogprobs")
        }
        if (request.logitBias.isNotEmpty()) reject("has no logit bias: remove logitBias")
        if (request.user != null) reject("has no end-user field: remove endUser")
        if (request.parallelToolCalls == false) {
            reject("cannot forbid parallel tool calls: remove parallelToolCalls(false), or offer one tool with toolChoice Required")
        }
        val choice = request.toolChoice
        if (choice is ToolChoice.Named) {
            reject("cannot be made to call one named tool ('${choice.name}'): offer only that tool and set toolChoice Required")
        }
        val effort = request.reasoningEffort?.trim()?.lowercase()
        if (effort != null && effort != "none" && effort != "high") {
            reject("switches reasoning on or off, with a token budget: use reasoningEffort 'high' or 'none', or thinkingBudget (got '$effort')")
        }
        if (effort == "none" && request.thinkingBudget != null) reject("cannot take a thinking budget with reasoning off: remove one of them")
    }

    /** `thinking`: enabled with the request's budget, enabled by effort `high`, disabled by effort `none`. */
    private fun thinking(request: CreateRequest): JsonObject? {
        val effort = request.reasoningEffort?.trim()?.lowercase()
        val budget = request.thinkingBudget
        if (effort == "none") return JsonObject(mapOf(TYPE to JsonPrimitive("disabled")))
        if (budget == null && effort == null) return null
        val out = LinkedHashMap<String, JsonElement>(2)
        out[TYPE] = JsonPrimitive("enabled")
        budget?.let { out["token_budget"] = JsonPrimitive(it) }
        return JsonObject(out)
    }

    // ------------------------------------------------------------ messages

    private fun messages(list: List<LlmMessage>): List<JsonObject> {
        val out = ArrayList<JsonObject>(list.size)
        for (m in list) {
            when (m) {
                is SystemMessage -> out += message("system", "content", JsonPrimitive(m.content))
                is UserMessage -> out += message("user", "content", userContent(m))
                is AssistantMessage -> assistant(m)?.let { out += it }
                is ToolResultMessage -> for (r in m.results) {
                    out += JsonObject(
                        mapOf("role" to JsonPrimitive("tool"), "tool_call_id" to JsonPrimitive(r.callId), "content" to JsonPrimitive(r.content)),
                    )
                }
            }
        }
        return out
    }

    private fun message(role: String, field: String, value: JsonElement): JsonObject =
        JsonObject(mapOf("role" to JsonPrimitive(role), field to value))

    private fun userContent(m: UserMessage): JsonElement {
        val only = m.content.singleOrNull()
        if (only is TextPart) return JsonPrimitive(only.text)
        if (m.content.isEmpty()) return JsonPrimitive("")
        return JsonArray(
            m.content.map { part ->
                when (part) {
                    is TextPart -> JsonObject(mapOf(TYPE to TEXT, "text" to JsonPrimitive(part.text)))
                    is ImagePart -> {
                        val url = LinkedHashMap<String, JsonElement>(2)
                        url["url"] = JsonPrimitive(part.image.toUrl())
                        if (part.image.detail != ImageDetail.AUTO) url["detail"] = JsonPrimitive(part.image.detail.name.lowercase())
                        JsonObject(mapOf(TYPE to JsonPrimitive("image_url"), "image_url" to JsonObject(url)))
                    }
                    is DocumentPart -> throw BadRequestException(
                        "Cohere's Chat API takes documents only as text in its top-level documents field, which this client does not fill " +
                            "(got ${part.document}): extract its text and send it as a TextPart, " +
                            "or use a provider that takes documents (Anthropic, Bedrock, Gemini, OpenAI)",
                        PROVIDER, 0,
                    )
                }
            },
        )
    }

    /**
     * An assistant turn. With tool calls, its reasoning (or, without reasoning, its text) is the `tool_plan`, as Cohere
     * returned it; without, its text is the content. A turn with nothing to send (an empty answer) is left out.
     */
    private fun assistant(m: AssistantMessage): JsonObject? {
        val text = m.content?.takeIf { it.isNotEmpty() }
        val thought = m.thought?.takeIf { it.isNotEmpty() }
        val o = LinkedHashMap<String, JsonElement>(4)
        o["role"] = JsonPrimitive("assistant")
        if (m.toolCalls.isEmpty()) {
            o["content"] = JsonPrimitive(text ?: return null)
            return JsonObject(o)
        }
        (thought ?: text)?.let { o["tool_plan"] = JsonPrimitive(it) }
        if (thought != null && text != null) o["content"] = JsonPrimitive(text)
        o["tool_calls"] = JsonArray(
            m.toolCalls.map { c ->
                JsonObject(
                    mapOf(
                        "id" to JsonPrimitive(c.id),
                        TYPE to JsonPrimitive("function"),
                        "function" to JsonObject(mapOf("name" to JsonPrimitive(c.name), "arguments" to JsonPrimitive(c.arguments.ifBlank { "{}" }))),
                    ),
                )
            },
        )
        return JsonObject(o)
    }
}

package dev.switchboard.anthropic

import dev.switchboard.AssistantMessage
import dev.switchboard.BadRequestException
import dev.switchboard.CacheMarker
import dev.switchboard.CreateRequest
import dev.switchboard.DocumentPart
import dev.switchboard.ImagePart
import dev.switchboard.LlmMessage
import dev.switchboard.ResponseFormat
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.Tool
import dev.switchboard.ToolChoice
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.anthropic.internal.InputMessageDto
import dev.switchboard.anthropic.internal.MessagesRequestDto
import dev.switchboard.anthropic.internal.WireJson
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject
import java.time.Duration

/** How a client writes requests for its model; see [AnthropicConfig] and [AnthropicModels]. */
internal class EncoderOptions(
    /** The `max_tokens` when a request sets none. */
    val defaultMaxTokens: Int,
    /** The model's most output tokens, or null when unknown. */
    val maxOutputTokens: Int?,
    /** Whether a JSON schema goes as `output_config.format` (true) or as a forced tool call (false). */
    val nativeStructuredOutput: Boolean,
    /** Whether the model can think (null: unknown, left to the API). */
    val thinking: Boolean?,
)

/**
 * Builds the JSON body of a Messages request. Modelled options become typed fields (nulls omitted);
 * [CreateRequest.extraBody] is merged last and overrides them. Everything the API cannot take is a
 * [BadRequestException] (status 0) naming the option, before anything is sent.
 */
internal object MessagesRequestEncoder {
    /** The name of the tool that carries a structured answer when the model has no native structured output. */
    const val ANSWER_TOOL: String = "structured_output"

    /** The smallest thinking budget the API takes. */
    const val MIN_THINKING_BUDGET: Int = 1024

    private const val PROVIDER = "anthropic"

    /** The [ThoughtBlock.origin] of the blocks this API returns, and the only one (besides none) it is sent back. */
    const val THOUGHT_ORIGIN: String = "anthropic"
    private val IMAGE_TYPES = setOf("image/jpeg", "image/png", "image/gif", "image/webp")
    private val EFFORT_BUDGETS = mapOf("minimal" to 1024, "low" to 2048, "medium" to 8192, "high" to 16_384)
    private val ANY_OBJECT = JsonObject(mapOf("type" to JsonPrimitive("object")))
    private val EPHEMERAL = JsonPrimitive("ephemeral")
    private val TEXT = JsonPrimitive("text")

    /**
     * The tool whose call is the answer to [request] on a model whose structured output goes through
     * [options], or null when the answer is plain text (or native structured output).
     */
    fun answerTool(request: CreateRequest, options: EncoderOptions): String? = when (request.responseFormat) {
        is ResponseFormat.JsonObjectFormat -> ANSWER_TOOL
        is ResponseFormat.JsonSchema -> if (options.nativeStructuredOutput) null else ANSWER_TOOL
        else -> null
    }

    /** The body for [request] to [model], whose structured answer (if any) is a call of [answerTool] (see [answerTool]). */
    fun encode(model: String, request: CreateRequest, stream: Boolean, options: EncoderOptions, answerTool: String?): ByteArray {
        rejectUnsupported(request)
        val budget = thinkingBudget(model, request, options)
        val (system, messages) = messages(request.messages)
        val dto = MessagesRequestDto(
            model = model,
            messages = messages,
            maxTokens = maxTokens(request, budget, options),
            system = system,
            metadata = request.user?.let { JsonObject(mapOf("user_id" to JsonPrimitive(it))) },
            stopSequences = request.stop.ifEmpty { null },
            stream = if (stream) true else null,
            temperature = request.temperature,
            topP = request.topP,
            topK = request.topK,
            thinking = budget?.let {
                JsonObject(mapOf("type" to JsonPrimitive("enabled"), "budget_tokens" to JsonPrimitive(it)))
            },
            toolChoice = toolChoice(request, answerTool, budget != null),
            tools = tools(request, answerTool, options),
            outputConfig = (request.responseFormat as? ResponseFormat.JsonSchema)?.takeIf { answerTool == null }?.let {
                JsonObject(
                    mapOf("format" to JsonObject(mapOf("type" to JsonPrimitive("json_schema"), "schema" to it.schema))),
                )
            },
        )
        val serializer = MessagesRequestDto.serializer()
        if (request.extraBody.isEmpty()) return WireJson.encodeToString(serializer, dto).encodeToByteArray()
        val merged = LinkedHashMap<String, JsonElement>(WireJson.encodeToJsonElement(serializer, dto).jsonObject)
        merged.putAll(request.extraBody)
        return JsonObject(merged).toString().encodeToByteArray()
    }

    private fun rejectUnsupported(request: CreateRequest) {
        fun reject(option: String, advice: String): Nothing =
            throw BadRequestException("Anthropic's Messages API has no $option: $advice", PROVIDER, 0)
        request.n?.let { if (it > 1) reject("n (several choices per request)", "send $it requests instead") }
        if (request.seed != null) reject("seed", "remove it; Anthropic's sampling cannot be seeded")
        if (request.presencePenalty != null) reject("presence penalty", "remove presencePenalty")
        if (request.frequencyPenalty != null) reject("frequency penalty", "remove frequencyPenalty")
        if (request.logitBias.isNotEmpty()) reject("logit bias", "remove logitBias")
        if (request.logprobs == true || request.topLogprobs != null) reject("log probabilities", "remove logprobs and topLogprobs")
        request.temperature?.let {
            if (it > 1.0) throw BadRequestException("Anthropic takes a temperature between 0 and 1 (got $it)", PROVIDER, 0)
        }
    }

    private fun thinkingBudget(model: String, request: CreateRequest, options: EncoderOptions): Int? {
        val effort = request.reasoningEffort?.trim()?.lowercase()
        val budget = request.thinkingBudget ?: effort?.let {
            EFFORT_BUDGETS[it] ?: throw BadRequestException(
                "Unknown reasoning effort '$it': use minimal, low, medium or high (Anthropic thinks with a budget of " +
                    "${EFFORT_BUDGETS.values.joinToString()} tokens for them), or set thinkingBudget",
                PROVIDER, 0,
            )
        } ?: return null
        if (options.thinking == false) {
            throw BadRequestException(
                "Model '$model' cannot think before answering (extended thinking): remove thinkingBudget and reasoningEffort, " +
                    "or use a model that thinks (Claude 3.7 Sonnet, Claude 4 and later)",
                PROVIDER, 0,
            )
        }
        if (budget < MIN_THINKING_BUDGET) {
            throw BadRequestException(
                "Anthropic's thinking budget is at least $MIN_THINKING_BUDGET tokens (got thinkingBudget $budget)", PROVIDER, 0,
            )
        }
        return budget
    }

    /**
     * The request's own limit, or the default; with thinking, the default leaves the default answer length on
     * top of the budget (within the model's maximum), since the thinking counts toward `max_tokens`.
     */
    private fun maxTokens(request: CreateRequest, budget: Int?, options: EncoderOptions): Int {
        val asked = request.maxTokens
        if (budget == null) return asked ?: options.defaultMaxTokens
        val max = asked ?: minOf(budget.toLong() + options.defaultMaxTokens, (options.maxOutputTokens ?: Int.MAX_VALUE).toLong()).toInt()
        if (max <= budget) {
            throw BadRequestException(
                "The thinking budget ($budget tokens) must be less than the output limit (max_tokens $max), which it counts " +
                    "toward: raise maxTokens or lower the budget",
                PROVIDER, 0,
            )
        }
        return max
    }

    // ------------------------------------------------------------ messages

    private class Turn(val role: String, val blocks: MutableList<JsonObject>)

    /** The top-level system blocks and the conversation, consecutive messages of one role merged into one turn. */
    private fun messages(list: List<LlmMessage>): Pair<JsonArray?, List<InputMessageDto>> {
        val system = ArrayList<JsonObject>()
        val turns = ArrayList<Turn>(list.size)
        for ((position, m) in list.withIndex()) {
            when (m) {
                is SystemMessage -> {
                    if (turns.isNotEmpty()) {
                        throw BadRequestException(
                            "Anthropic takes system instructions only before the conversation, but message $position is a " +
                                "SystemMessage after it: move it to the start, or send it as a UserMessage",
                            PROVIDER, 0,
                        )
                    }
                    if (m.content.isNotEmpty()) system += cached(textBlock(m.content), m.cache)
                }
                is UserMessage -> add(turns, "user", userBlocks(m, position), m.cache)
                is AssistantMessage -> add(turns, "assistant", assistantBlocks(m, position), m.cache)
                is ToolResultMessage -> add(turns, "user", m.results.map { r ->
                    val block = LinkedHashMap<String, JsonElement>(4)
                    block["type"] = JsonPrimitive("tool_result")
                    block["tool_use_id"] = JsonPrimitive(r.callId)
                    if (r.content.isNotEmpty()) block["content"] = JsonPrimitive(r.content)
                    if (r.isError) block["is_error"] = JsonPrimitive(true)
                    JsonObject(block)
                }.toMutableList(), m.cache)
            }
        }
        if (turns.isEmpty()) {
            throw BadRequestException(
                "An Anthropic request needs at least one user or assistant message besides the system instructions", PROVIDER, 0,
            )
        }
        return (if (system.isEmpty()) null else JsonArray(system)) to turns.map { InputMessageDto(it.role, it.blocks) }
    }

    private fun add(turns: MutableList<Turn>, role: String, blocks: MutableList<JsonObject>, cache: CacheMarker?) {
        // An assistant turn with nothing to send (an empty answer) is left out; the API rejects empty text.
        if (blocks.isEmpty()) return
        if (cache != null) blocks[blocks.size - 1] = cached(blocks[blocks.size - 1], cache)
        val last = turns.lastOrNull()
        if (last != null && last.role == role) last.blocks += blocks else turns += Turn(role, blocks)
    }

    private fun userBlocks(m: UserMessage, position: Int): MutableList<JsonObject> {
        val blocks = ArrayList<JsonObject>(m.content.size)
        for (part in m.content) {
            when (part) {
                is TextPart -> if (part.text.isNotEmpty()) blocks += textBlock(part.text)
                is ImagePart -> blocks += imageBlock(part, position)
                is DocumentPart -> blocks += DocumentBlocks.block(part, position, PROVIDER)
            }
        }
        if (blocks.isEmpty()) {
            throw BadRequestException(
                "Message $position is a UserMessage with only empty text, which Anthropic rejects: give it some text", PROVIDER, 0,
            )
        }
        return blocks
    }

    private fun imageBlock(part: ImagePart, position: Int): JsonObject {
        val image = part.image
        val source = if (image.isInline) {
            val type = image.mediaType
            if (type !in IMAGE_TYPES) {
                throw BadRequestException(
                    "Anthropic takes images as ${IMAGE_TYPES.joinToString()}, but message $position has one of type $type: convert it",
                    PROVIDER, 0,
                )
            }
            JsonObject(mapOf("type" to JsonPrimitive("base64"), "media_type" to JsonPrimitive(type), "data" to JsonPrimitive(image.base64())))
        } else {
            JsonObject(mapOf("type" to JsonPrimitive("url"), "url" to JsonPrimitive(image.url)))
        }
        return JsonObject(mapOf("type" to JsonPrimitive("image"), "source" to source))
    }

    private fun assistantBlocks(m: AssistantMessage, position: Int): MutableList<JsonObject> {
        val blocks = ArrayList<JsonObject>(m.thoughtBlocks.size + m.toolCalls.size + 1)
        // Reasoning goes back first and unchanged, as the API requires; a block without a signature (plain `thought`
        // text) or of another API (whose signature or encryption Anthropic cannot verify) is not sent.
        for (t in m.thoughtBlocks) {
            if (!t.isReadableBy(THOUGHT_ORIGIN)) continue
            val data = t.redactedData
            val signature = t.signature
            if (data != null) {
                blocks += JsonObject(mapOf("type" to JsonPrimitive("redacted_thinking"), "data" to JsonPrimitive(data)))
            } else if (signature != null) {
                blocks += JsonObject(
                    mapOf("type" to JsonPrimitive("thinking"), "thinking" to JsonPrimitive(t.text), "signature" to JsonPrimitive(signature)),
                )
            }
        }
        m.content?.let { if (it.isNotEmpty()) blocks += textBlock(it) }
        for (call in m.toolCalls) {
            blocks += JsonObject(
                mapOf(
                    "type" to JsonPrimitive("tool_use"),
                    "id" to JsonPrimitive(call.id),
                    "name" to JsonPrimitive(call.name),
                    "input" to toolInput(call.arguments, call.name, position),
                ),
            )
        }
        return blocks
    }

    private fun toolInput(arguments: String, name: String, position: Int): JsonObject {
        if (arguments.isBlank()) return JsonObject(emptyMap())
        val parsed = try {
            WireJson.parseToJsonElement(arguments)
        } catch (e: IllegalArgumentException) {
            null
        }
        return parsed as? JsonObject ?: throw BadRequestException(
            "The arguments of the '$name' tool call in message $position are not a JSON object, which Anthropic needs to " +
                "take the call back: fix or drop the call (arguments start: ${arguments.take(60)})",
            PROVIDER, 0,
        )
    }

    private fun textBlock(text: String): JsonObject = JsonObject(mapOf("type" to TEXT, "text" to JsonPrimitive(text)))

    private fun cached(block: JsonObject, marker: CacheMarker?): JsonObject {
        if (marker == null) return block
        val out = LinkedHashMap<String, JsonElement>(block)
        out["cache_control"] = cacheControl(marker)
        return JsonObject(out)
    }

    private fun cacheControl(marker: CacheMarker): JsonObject {
        val ttl = marker.ttl ?: return JsonObject(mapOf("type" to EPHEMERAL))
        val value = when (ttl) {
            Duration.ofMinutes(5) -> "5m"
            Duration.ofHours(1) -> "1h"
            else -> throw BadRequestException(
                "Anthropic keeps cache entries for 5 minutes or 1 hour, not $ttl: use CacheMarker.DEFAULT, " +
                    "CacheMarker.withTtl(Duration.ofMinutes(5)) or CacheMarker.withTtl(Duration.ofHours(1))",
                PROVIDER, 0,
            )
        }
        return JsonObject(mapOf("type" to EPHEMERAL, "ttl" to JsonPrimitive(value)))
    }

    // ------------------------------------------------------------ tools

    private fun tools(request: CreateRequest, answerTool: String?, options: EncoderOptions): List<JsonObject>? {
        if (request.tools.isEmpty() && answerTool == null) return null
        val out = ArrayList<JsonObject>(request.tools.size + 1)
        for (t in request.tools) {
            if (t.name == answerTool) {
                throw BadRequestException(
                    "The tool name '${t.name}' is taken by the structured answer on this model (which has no native structured " +
                        "output): rename the tool",
                    PROVIDER, 0,
                )
            }
            out += tool(t, options)
        }
        if (answerTool != null) {
            val format = request.responseFormat
            val schema = if (format is ResponseFormat.JsonSchema) format.schema else ANY_OBJECT
            if ((schema["type"] as? JsonPrimitive)?.content != "object") {
                throw BadRequestException(
                    "On this model a structured answer is a tool call, whose input must be a JSON object: give the schema " +
                        "\"type\": \"object\" (wrap a list in an object property)",
                    PROVIDER, 0,
                )
            }
            val description = (format as? ResponseFormat.JsonSchema)?.let { f ->
                "Give the answer by calling this tool: its input is the answer, a '${f.name}' JSON object" +
                    (f.description?.let { ". $it" } ?: "")
            } ?: "Give the answer by calling this tool: its input is the answer, as a JSON object"
            out += JsonObject(
                mapOf("name" to JsonPrimitive(answerTool), "description" to JsonPrimitive(description), "input_schema" to schema),
            )
        }
        return out
    }

    private fun tool(t: Tool, options: EncoderOptions): JsonObject {
        val out = LinkedHashMap<String, JsonElement>(5)
        out["name"] = JsonPrimitive(t.name)
        t.description?.let { out["description"] = JsonPrimitive(it) }
        out["input_schema"] = t.parameters
        // Strict tool use comes with native structured output; other models take the schema without the guarantee.
        if (t.strict && options.nativeStructuredOutput) out["strict"] = JsonPrimitive(true)
        t.cache?.let { out["cache_control"] = cacheControl(it) }
        return JsonObject(out)
    }

    private fun toolChoice(request: CreateRequest, answerTool: String?, thinking: Boolean): JsonObject? {
        val choice = request.toolChoice
        val disableParallel = request.parallelToolCalls == false
        fun of(type: String, name: String? = null): JsonObject {
            val out = LinkedHashMap<String, JsonElement>(3)
            out["type"] = JsonPrimitive(type)
            name?.let { out["name"] = JsonPrimitive(it) }
            if (disableParallel && type != "none") out["disable_parallel_tool_use"] = JsonPrimitive(true)
            return JsonObject(out)
        }
        if (answerTool != null) {
            if (thinking) {
                throw BadRequestException(
                    "On this model a structured answer is a forced tool call, which Anthropic does not allow with extended " +
                        "thinking: drop thinkingBudget/reasoningEffort, or use a model with native structured output",
                    PROVIDER, 0,
                )
            }
            return when {
                choice == ToolChoice.None -> throw BadRequestException(
                    "On this model a structured answer is a tool call, which toolChoice None forbids: remove toolChoice",
                    PROVIDER, 0,
                )
                choice is ToolChoice.Named -> of("tool", choice.name)
                request.tools.isEmpty() -> of("tool", answerTool)
                // Any tool: one of the caller's, or the answer.
                else -> of("any")
            }
        }
        return when (choice) {
            null -> if (disableParallel && request.tools.isNotEmpty()) of("auto") else null
            ToolChoice.Auto -> of("auto")
            ToolChoice.None -> of("none")
            ToolChoice.Required -> of("any")
            is ToolChoice.Named -> of("tool", choice.name)
        }
    }
}

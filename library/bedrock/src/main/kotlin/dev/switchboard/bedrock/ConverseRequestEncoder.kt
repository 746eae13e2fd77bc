package dev.switchboard.bedrock

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
import dev.switchboard.ToolChoice
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.bedrock.internal.WireJson
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.time.Duration

/** How a client writes requests for its model; see [BedrockModels]. */
internal class EncoderOptions(
    /** Whether the model is one of Anthropic's (its model-specific fields are `top_k` and `thinking`). */
    val anthropic: Boolean,
    /** Whether the model thinks with a budget (null: unknown, left to the service). */
    val thinking: Boolean?,
    /** The guardrail of every call, or null. */
    val guardrail: BedrockGuardrail?,
)

/**
 * Builds the JSON body of a `Converse` / `ConverseStream` request: `messages`, `system`, `inferenceConfig`,
 * `toolConfig`, `guardrailConfig`, `additionalModelRequestFields` (what is model-specific) and `requestMetadata`.
 * [CreateRequest.extraBody] is merged last (an `additionalModelRequestFields` object in it joins the encoder's).
 * What Converse cannot take is a [BadRequestException] (status 0) naming the option, before anything is sent.
 */
internal object ConverseRequestEncoder {
    /** The tool whose forced call carries a structured answer (Converse has no JSON mode). */
    const val ANSWER_TOOL: String = "structured_output"

    /** The [dev.switchboard.ThoughtBlock.origin] of the reasoning Converse returns, the only reasoning it takes back. */
    const val THOUGHT_ORIGIN: String = "bedrock-converse"

    private const val PROVIDER = BedrockChatCodec.PROVIDER
    private const val MODEL_FIELDS = "additionalModelRequestFields"
    private val DOCUMENT_FORMATS = mapOf(
        "application/pdf" to "pdf", "text/csv" to "csv", "application/msword" to "doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" to "docx",
        "application/vnd.ms-excel" to "xls",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" to "xlsx",
        "text/html" to "html", "text/plain" to "txt", "text/markdown" to "md",
    )
    private val IMAGE_FORMATS = mapOf("image/png" to "png", "image/jpeg" to "jpeg", "image/gif" to "gif", "image/webp" to "webp")
    private val EFFORT_BUDGETS = mapOf("minimal" to 1024, "low" to 2048, "medium" to 8192, "high" to 16_384)
    private val EMPTY = JsonObject(emptyMap())
    private val CACHE_POINT = obj("cachePoint" to obj("type" to JsonPrimitive("default")))

    /** The tool whose call is the answer to [request], or null for a plain answer. */
    fun answerTool(request: CreateRequest): String? = when (request.responseFormat) {
        is ResponseFormat.JsonObjectFormat, is ResponseFormat.JsonSchema -> ANSWER_TOOL
        else -> null
    }

    fun encode(model: String, request: CreateRequest, stream: Boolean, options: EncoderOptions, answerTool: String?): ByteArray {
        rejectUnsupported(request, options)
        val body = LinkedHashMap<String, JsonElement>()
        val (system, messages) = messages(request.messages)
        body["messages"] = JsonArray(messages)
        if (system.isNotEmpty()) body["system"] = JsonArray(system)
        inferenceConfig(request)?.let { body["inferenceConfig"] = it }
        toolConfig(request, answerTool)?.let { body["toolConfig"] = it }
        options.guardrail?.let { g ->
            val config = linkedMapOf<String, JsonElement>(
                "guardrailIdentifier" to JsonPrimitive(g.identifier),
                "guardrailVersion" to JsonPrimitive(g.version),
                "trace" to JsonPrimitive(g.trace.wire),
            )
            if (stream) config["streamProcessingMode"] = JsonPrimitive(if (g.asyncStreaming) "async" else "sync")
            body["guardrailConfig"] = JsonObject(config)
        }
        val modelFields = modelFields(model, request, options)
        if (modelFields.isNotEmpty()) body[MODEL_FIELDS] = JsonObject(modelFields)
        request.user?.let { body["requestMetadata"] = obj("user" to JsonPrimitive(it)) }
        for ((name, value) in request.extraBody) {
            val mine = body[name]
            body[name] = if (name == MODEL_FIELDS && mine is JsonObject && value is JsonObject) JsonObject(mine + value) else value
        }
        return JsonObject(body).toString().encodeToByteArray()
    }

    private fun reject(option: String, advice: String): Nothing =
        throw BadRequestException("Bedrock's Converse API has no $option: $advice", PROVIDER, 0)

    private fun rejectUnsupported(request: CreateRequest, options: EncoderOptions) {
        request.n?.let { if (it > 1) reject("n (several choices per request)", "send $it requests instead") }
        if (request.seed != null) reject("seed", "remove it, or pass the model's own seed field in extraBody additionalModelRequestFields")
        if (request.presencePenalty != null) reject("presence penalty", "remove presencePenalty, or pass the model's own field in additionalModelRequestFields")
        if (request.frequencyPenalty != null) reject("frequency penalty", "remove frequencyPenalty, or pass the model's own field in additionalModelRequestFields")
        if (request.logitBias.isNotEmpty()) reject("logit bias", "remove logitBias")
        if (request.logprobs == true || request.topLogprobs != null) reject("log probabilities", "remove logprobs and topLogprobs")
        if (request.parallelToolCalls == false) {
            reject("switch for parallel tool calls", "remove parallelToolCalls(false), or pass the model's own field in additionalModelRequestFields")
        }
        if (request.topK != null && !options.anthropic) {
            reject("common topK", "pass the model's own field in extraBody additionalModelRequestFields (its name differs by model)")
        }
    }

    private fun inferenceConfig(request: CreateRequest): JsonObject? {
        val config = LinkedHashMap<String, JsonElement>()
        request.maxTokens?.let { config["maxTokens"] = JsonPrimitive(it) }
        request.temperature?.let { config["temperature"] = JsonPrimitive(it) }
        request.topP?.let { config["topP"] = JsonPrimitive(it) }
        if (request.stop.isNotEmpty()) config["stopSequences"] = JsonArray(request.stop.map(::JsonPrimitive))
        return if (config.isEmpty()) null else JsonObject(config)
    }

    /** `top_k` and `thinking` for Anthropic's models; other models take theirs through extraBody. */
    private fun modelFields(model: String, request: CreateRequest, options: EncoderOptions): Map<String, JsonElement> {
        val out = LinkedHashMap<String, JsonElement>()
        request.topK?.let { out["top_k"] = JsonPrimitive(it) }
        val effort = request.reasoningEffort?.trim()?.lowercase()
        val budget = request.thinkingBudget ?: effort?.let {
            EFFORT_BUDGETS[it] ?: throw BadRequestException(
                "Unknown reasoning effort '$it': use minimal, low, medium or high, or set thinkingBudget", PROVIDER, 0,
            )
        }
        if (budget != null) {
            if (!options.anthropic || options.thinking == false) {
                throw BadRequestException(
                    "Model '$model' does not think with a budget through Converse: remove thinkingBudget and reasoningEffort, or " +
                        "pass the model's own reasoning fields in extraBody additionalModelRequestFields",
                    PROVIDER, 0,
                )
            }
            if (budget < 1024) throw BadRequestException("Claude's thinking budget is at least 1024 tokens (got $budget)", PROVIDER, 0)
            val max = request.maxTokens
            if (max != null && max <= budget) {
                throw BadRequestException(
                    "The thinking budget ($budget tokens) must be less than maxTokens ($max), which it counts toward", PROVIDER, 0,
                )
            }
            out["thinking"] = obj("type" to JsonPrimitive("enabled"), "budget_tokens" to JsonPrimitive(budget))
        }
        return out
    }

    private fun toolConfig(request: CreateRequest, answerTool: String?): JsonObject? {
        val tools = ArrayList<JsonElement>(request.tools.size + 1)
        for (t in request.tools) {
            val spec = LinkedHashMap<String, JsonElement>()
            spec["name"] = JsonPrimitive(t.name)
            t.description?.let { if (it.isNotEmpty()) spec["description"] = JsonPrimitive(it) }
            spec["inputSchema"] = obj("json" to t.parameters)
            tools += obj("toolSpec" to JsonObject(spec))
            if (t.cache != null) tools += cachePoint(t.cache!!)
        }
        if (answerTool != null) {
            val schema = when (val f = request.responseFormat) {
                is ResponseFormat.JsonSchema -> f.schema
                else -> obj("type" to JsonPrimitive("object"))
            }
            tools += obj(
                "toolSpec" to obj(
                    "name" to JsonPrimitive(answerTool),
                    "description" to JsonPrimitive("Answer with the structured output"),
                    "inputSchema" to obj("json" to schema),
                ),
            )
        }
        if (tools.isEmpty()) return null
        if (request.toolChoice == ToolChoice.None) {
            reject("tool choice 'none'", "leave the tools out of this request instead")
        }
        val choice: JsonObject? = when {
            answerTool != null && request.tools.isEmpty() -> obj("tool" to obj("name" to JsonPrimitive(answerTool)))
            answerTool != null -> obj("any" to EMPTY)
            else -> when (val c = request.toolChoice) {
                null, ToolChoice.Auto -> null
                ToolChoice.Required -> obj("any" to EMPTY)
                is ToolChoice.Named -> obj("tool" to obj("name" to JsonPrimitive(c.name)))
                ToolChoice.None -> null
            }
        }
        return if (choice == null) obj("tools" to JsonArray(tools)) else obj("tools" to JsonArray(tools), "toolChoice" to choice)
    }

    // ------------------------------------------------------------ messages

    private class Turn(val role: String, val blocks: MutableList<JsonElement>)

    private fun messages(list: List<LlmMessage>): Pair<List<JsonElement>, List<JsonElement>> {
        val system = ArrayList<JsonElement>()
        val turns = ArrayList<Turn>(list.size)
        for ((position, m) in list.withIndex()) {
            when (m) {
                is SystemMessage -> {
                    if (turns.isNotEmpty()) {
                        throw BadRequestException(
                            "Converse takes system instructions only before the conversation, but message $position is a " +
                                "SystemMessage after it: move it to the start, or send it as a UserMessage",
                            PROVIDER, 0,
                        )
                    }
                    if (m.content.isNotEmpty()) system += obj("text" to JsonPrimitive(m.content))
                    m.cache?.let { system += cachePoint(it) }
                }
                is UserMessage -> add(turns, "user", userBlocks(m, position), m.cache)
                is AssistantMessage -> add(turns, "assistant", assistantBlocks(m, position), m.cache)
                is ToolResultMessage -> add(turns, "user", m.results.map { r ->
                    val result = linkedMapOf<String, JsonElement>(
                        "toolUseId" to JsonPrimitive(r.callId),
                        "content" to JsonArray(listOf(obj("text" to JsonPrimitive(r.content)))),
                    )
                    if (r.isError) result["status"] = JsonPrimitive("error")
                    obj("toolResult" to JsonObject(result))
                }.toMutableList<JsonElement>(), m.cache)
            }
        }
        if (turns.isEmpty()) {
            throw BadRequestException("A Converse request needs at least one user message besides the system instructions", PROVIDER, 0)
        }
        return system to turns.map { obj("role" to JsonPrimitive(it.role), "content" to JsonArray(it.blocks)) }
    }

    private fun add(turns: MutableList<Turn>, role: String, blocks: MutableList<JsonElement>, cache: CacheMarker?) {
        if (blocks.isEmpty()) return
        if (cache != null) blocks += cachePoint(cache)
        val last = turns.lastOrNull()
        if (last != null && last.role == role) last.blocks += blocks else turns += Turn(role, blocks)
    }

    private fun userBlocks(m: UserMessage, position: Int): MutableList<JsonElement> {
        val blocks = ArrayList<JsonElement>(m.content.size)
        for (part in m.content) {
            when (part) {
                is TextPart -> if (part.text.isNotEmpty()) blocks += obj("text" to JsonPrimitive(part.text))
                is ImagePart -> blocks += image(part, position)
                is DocumentPart -> blocks += document(part, position)
            }
        }
        if (blocks.isEmpty()) {
            throw BadRequestException("Message $position is a UserMessage with only empty text, which Converse rejects: give it some text", PROVIDER, 0)
        }
        return blocks
    }

    private fun image(part: ImagePart, position: Int): JsonElement {
        val image = part.image
        // Converse also takes s3:// locations, but the core Image holds only bytes and http(s) URLs.
        if (!image.isInline) {
            throw BadRequestException(
                "Converse takes images as bytes, but message $position has one at a URL: download it and pass Image.fromBytes(...)",
                PROVIDER, 0,
            )
        }
        val source = obj("bytes" to JsonPrimitive(image.base64()))
        val type = image.mediaType
        val format = IMAGE_FORMATS[type] ?: throw BadRequestException(
            "Converse takes images as ${IMAGE_FORMATS.keys.joinToString()}, but message $position has one of type $type: convert it",
            PROVIDER, 0,
        )
        return obj("image" to obj("format" to JsonPrimitive(format), "source" to source))
    }

    /** A `document` block; the name keeps only what Converse allows (letters, digits, single spaces, `-()[]`). */
    private fun document(part: DocumentPart, position: Int): JsonElement {
        val doc = part.document
        val format = DOCUMENT_FORMATS[doc.mediaType] ?: throw BadRequestException(
            "Converse takes documents as ${DOCUMENT_FORMATS.values.joinToString()}, but message $position has one of " +
                "type ${doc.mediaType}: convert it to one of these",
            PROVIDER, 0,
        )
        val name = doc.name.substringBeforeLast('.').ifEmpty { doc.name }
            .replace(Regex("[^A-Za-z0-9\\s()\\[\\]-]"), "-").replace(Regex("\\s+"), " ").trim().take(200)
            .ifEmpty { "document $position" }
        return obj(
            "document" to obj(
                "format" to JsonPrimitive(format),
                "name" to JsonPrimitive(name),
                "source" to obj("bytes" to JsonPrimitive(doc.base64())),
            ),
        )
    }

    private fun assistantBlocks(m: AssistantMessage, position: Int): MutableList<JsonElement> {
        val blocks = ArrayList<JsonElement>(m.thoughtBlocks.size + m.toolCalls.size + 1)
        // Reasoning goes back first and unchanged; a block without a signature cannot be verified and is not sent,
        // nor one another API made (its signature would be rejected).
        for (t in m.thoughtBlocks) {
            if (!t.isReadableBy(THOUGHT_ORIGIN)) continue
            val data = t.redactedData
            val signature = t.signature
            if (data != null) {
                blocks += obj("reasoningContent" to obj("redactedContent" to JsonPrimitive(data)))
            } else if (signature != null) {
                blocks += obj(
                    "reasoningContent" to obj("reasoningText" to obj("text" to JsonPrimitive(t.text), "signature" to JsonPrimitive(signature))),
                )
            }
        }
        m.content?.let { if (it.isNotEmpty()) blocks += obj("text" to JsonPrimitive(it)) }
        for (call in m.toolCalls) {
            blocks += obj(
                "toolUse" to obj(
                    "toolUseId" to JsonPrimitive(call.id),
                    "name" to JsonPrimitive(call.name),
                    "input" to toolInput(call.arguments, call.name, position),
                ),
            )
        }
        return blocks
    }

    private fun toolInput(arguments: String, name: String, position: Int): JsonObject {
        if (arguments.isBlank()) return EMPTY
        val parsed = try {
            WireJson.parseToJsonElement(arguments)
        } catch (e: IllegalArgumentException) {
            null
        }
        return parsed as? JsonObject ?: throw BadRequestException(
            "The arguments of the '$name' tool call in message $position are not a JSON object, which Converse needs to take " +
                "the call back: fix or drop the call (arguments start: ${arguments.take(60)})",
            PROVIDER, 0,
        )
    }

    private fun cachePoint(marker: CacheMarker): JsonElement {
        val ttl = marker.ttl
        if (ttl != null && ttl != Duration.ofMinutes(5)) {
            throw BadRequestException(
                "Bedrock's cache points last 5 minutes, not $ttl: use CacheMarker.DEFAULT", PROVIDER, 0,
            )
        }
        return CACHE_POINT
    }

    private fun obj(vararg pairs: Pair<String, JsonElement>): JsonObject = JsonObject(linkedMapOf(*pairs))
}

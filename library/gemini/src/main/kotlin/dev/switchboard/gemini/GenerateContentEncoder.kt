package dev.switchboard.gemini

import dev.switchboard.AssistantMessage
import dev.switchboard.BadRequestException
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
import dev.switchboard.gemini.internal.WireJson
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Builds the JSON body of a `generateContent` / `streamGenerateContent` request (the same for the Gemini API and
 * Vertex AI). Modelled options become typed fields; [CreateRequest.extraBody] is merged last at the top level and
 * overrides them (`safetySettings`, `cachedContent`, or a whole `generationConfig`). Everything the API cannot take
 * is a [BadRequestException] (status 0) naming the option, before anything is sent.
 */
internal object GenerateContentEncoder {
    private const val PROVIDER = "gemini"

    /** The [dev.switchboard.ThoughtBlock.origin] of the blocks Gemini returns, and the only one (besides none) sent back. */
    const val THOUGHT_ORIGIN: String = "gemini"
    private val EFFORTS = setOf("minimal", "low", "medium", "high")
    private val DOCUMENT_TYPES = listOf("application/pdf", "text/plain", "text/html", "text/csv", "text/xml", "text/rtf")
    private val IMAGE_TYPES = mapOf(
        ".png" to "image/png", ".jpg" to "image/jpeg", ".jpeg" to "image/jpeg", ".gif" to "image/gif",
        ".webp" to "image/webp", ".heic" to "image/heic", ".heif" to "image/heif",
    )

    fun encode(request: CreateRequest, includeThoughts: Boolean): ByteArray {
        rejectUnsupported(request)
        val body = LinkedHashMap<String, JsonElement>()
        val (system, contents) = contents(request.messages)
        body["contents"] = JsonArray(contents)
        system?.let { body["systemInstruction"] = it }
        if (request.tools.isNotEmpty()) {
            body["tools"] = JsonArray(listOf(obj("functionDeclarations" to JsonArray(request.tools.map { t ->
                val d = LinkedHashMap<String, JsonElement>()
                d["name"] = JsonPrimitive(t.name)
                t.description?.let { d["description"] = JsonPrimitive(it) }
                // An object without properties is left out: the API rejects OBJECT schemas with no properties.
                val props = t.parameters["properties"] as? JsonObject
                val constraining = t.parameters.keys - setOf("type", "properties", "additionalProperties", "required", "\$schema")
                if (!props.isNullOrEmpty() || constraining.isNotEmpty()) {
                    d["parameters"] = GeminiSchemas.convert(t.parameters, "the parameters of tool '${t.name}'")
                }
                JsonObject(d)
            }))))
        }
        toolConfig(request)?.let { body["toolConfig"] = it }
        generationConfig(request, includeThoughts).takeIf { it.isNotEmpty() }?.let { body["generationConfig"] = JsonObject(it) }
        body.putAll(request.extraBody)
        return JsonObject(body).toString().encodeToByteArray()
    }

    private fun rejectUnsupported(request: CreateRequest) {
        fun reject(option: String, advice: String): Nothing =
            throw BadRequestException("Gemini's generateContent has no $option: $advice", PROVIDER, 0)
        if (request.logitBias.isNotEmpty()) reject("logit bias", "remove logitBias")
        if (request.logprobs == true || request.topLogprobs != null) {
            reject("log probabilities that this client reads", "remove logprobs and topLogprobs (responseLogprobs is not decoded yet)")
        }
        if (request.user != null) reject("end-user identifier", "remove endUser(...); on Vertex AI, send labels through extraBody")
        if (request.parallelToolCalls == false) {
            reject("switch for parallel function calls", "remove parallelToolCalls(false); Gemini may call several functions in one turn")
        }
        request.seed?.let {
            if (it !in Int.MIN_VALUE..Int.MAX_VALUE) {
                throw BadRequestException("Gemini's seed is a 32-bit integer (got $it): use a smaller seed", PROVIDER, 0)
            }
        }
        if (request.thinkingBudget != null && request.reasoningEffort != null) {
            throw BadRequestException(
                "Give Gemini either thinkingBudget (thinkingConfig.thinkingBudget) or reasoningEffort (thinkingLevel), not both",
                PROVIDER, 0,
            )
        }
    }

    private fun generationConfig(request: CreateRequest, includeThoughts: Boolean): Map<String, JsonElement> {
        val c = LinkedHashMap<String, JsonElement>()
        request.temperature?.let { c["temperature"] = JsonPrimitive(it) }
        request.topP?.let { c["topP"] = JsonPrimitive(it) }
        request.topK?.let { c["topK"] = JsonPrimitive(it) }
        request.n?.let { c["candidateCount"] = JsonPrimitive(it) }
        if (request.stop.isNotEmpty()) c["stopSequences"] = JsonArray(request.stop.map { JsonPrimitive(it) })
        request.maxTokens?.let { c["maxOutputTokens"] = JsonPrimitive(it) }
        request.seed?.let { c["seed"] = JsonPrimitive(it.toInt()) }
        request.presencePenalty?.let { c["presencePenalty"] = JsonPrimitive(it) }
        request.frequencyPenalty?.let { c["frequencyPenalty"] = JsonPrimitive(it) }
        when (val f = request.responseFormat) {
            is ResponseFormat.JsonObjectFormat -> c["responseMimeType"] = JsonPrimitive("application/json")
            is ResponseFormat.JsonSchema -> {
                c["responseMimeType"] = JsonPrimitive("application/json")
                c["responseSchema"] = GeminiSchemas.convert(f.schema, "the response format '${f.name}'")
            }
            else -> Unit
        }
        val thinking = LinkedHashMap<String, JsonElement>()
        request.thinkingBudget?.let { thinking["thinkingBudget"] = JsonPrimitive(it) }
        request.reasoningEffort?.trim()?.lowercase()?.let {
            if (it !in EFFORTS) {
                throw BadRequestException(
                    "Unknown reasoning effort '$it': Gemini's thinking levels are ${EFFORTS.joinToString()} (which ones a model takes " +
                        "depends on the model), or set thinkingBudget",
                    PROVIDER, 0,
                )
            }
            thinking["thinkingLevel"] = JsonPrimitive(it.uppercase())
        }
        if (thinking.isNotEmpty()) {
            if (includeThoughts) thinking["includeThoughts"] = JsonPrimitive(true)
            c["thinkingConfig"] = JsonObject(thinking)
        }
        return c
    }

    private fun toolConfig(request: CreateRequest): JsonObject? {
        val mode = when (val choice = request.toolChoice ?: return null) {
            ToolChoice.Auto -> obj("mode" to JsonPrimitive("AUTO"))
            ToolChoice.None -> obj("mode" to JsonPrimitive("NONE"))
            ToolChoice.Required -> obj("mode" to JsonPrimitive("ANY"))
            is ToolChoice.Named -> obj("mode" to JsonPrimitive("ANY"), "allowedFunctionNames" to JsonArray(listOf(JsonPrimitive(choice.name))))
        }
        return obj("functionCallingConfig" to mode)
    }

    // ------------------------------------------------------------ contents

    private class Turn(val role: String, val parts: MutableList<JsonObject>)

    private fun contents(list: List<LlmMessage>): Pair<JsonObject?, List<JsonObject>> {
        val system = ArrayList<JsonObject>()
        val turns = ArrayList<Turn>(list.size)
        for ((position, m) in list.withIndex()) {
            when (m) {
                is SystemMessage -> {
                    if (turns.isNotEmpty()) {
                        throw BadRequestException(
                            "Gemini takes system instructions only before the conversation (systemInstruction), but message $position " +
                                "is a SystemMessage after it: move it to the start, or send it as a UserMessage",
                            PROVIDER, 0,
                        )
                    }
                    if (m.content.isNotEmpty()) system += text(m.content)
                }
                is UserMessage -> add(turns, "user", userParts(m, position))
                is AssistantMessage -> add(turns, "model", modelParts(m))
                is ToolResultMessage -> add(turns, "user", m.results.map { r ->
                    val name = r.name ?: nameOfCall(list, position, r.callId)
                    val response = if (r.isError) obj("error" to JsonPrimitive(r.content)) else resultObject(r.content)
                    obj("functionResponse" to obj("name" to JsonPrimitive(name), "response" to response))
                }.toMutableList())
            }
        }
        if (turns.isEmpty()) {
            throw BadRequestException("A Gemini request needs at least one user or model message besides the system instructions", PROVIDER, 0)
        }
        val instruction = if (system.isEmpty()) null else obj("parts" to JsonArray(system))
        return instruction to turns.map { obj("role" to JsonPrimitive(it.role), "parts" to JsonArray(it.parts)) }
    }

    /** A tool's output as the `response` object: the output itself when it is a JSON object, else `{"output": text}`. */
    private fun resultObject(content: String): JsonObject {
        val trimmed = content.trim()
        if (trimmed.startsWith("{")) {
            try {
                (WireJson.parseToJsonElement(trimmed) as? JsonObject)?.let { return it }
            } catch (_: IllegalArgumentException) {
                // Not JSON after all: sent as text.
            }
        }
        return obj("output" to JsonPrimitive(content))
    }

    /** The name of the call [callId] in the latest model turn before [position]: Gemini's function responses need it. */
    private fun nameOfCall(list: List<LlmMessage>, position: Int, callId: String): String {
        for (i in position - 1 downTo 0) {
            val m = list[i] as? AssistantMessage ?: continue
            m.toolCalls.firstOrNull { it.id == callId }?.let { return it.name }
        }
        throw BadRequestException(
            "The tool result for call '$callId' in message $position has no tool name, and no earlier assistant message made that " +
                "call: Gemini's functionResponse needs the function's name, so give it in FunctionExecutionResult.of(callId, name, content)",
            PROVIDER, 0,
        )
    }

    private fun add(turns: MutableList<Turn>, role: String, parts: MutableList<JsonObject>) {
        if (parts.isEmpty()) return // an assistant message with nothing to send (an empty answer)
        val last = turns.lastOrNull()
        if (last != null && last.role == role) last.parts += parts else turns += Turn(role, parts)
    }

    private fun userParts(m: UserMessage, position: Int): MutableList<JsonObject> {
        val parts = ArrayList<JsonObject>(m.content.size)
        for (part in m.content) {
            when (part) {
                is TextPart -> if (part.text.isNotEmpty()) parts += text(part.text)
                is ImagePart -> {
                    val image = part.image
                    parts += if (image.isInline) {
                        obj("inlineData" to obj("mimeType" to JsonPrimitive(image.mediaType), "data" to JsonPrimitive(image.base64())))
                    } else {
                        val url = image.url!!
                        val type = IMAGE_TYPES.entries.firstOrNull { url.substringBefore('?').lowercase().endsWith(it.key) }?.value
                        val data = LinkedHashMap<String, JsonElement>()
                        type?.let { data["mimeType"] = JsonPrimitive(it) }
                        data["fileUri"] = JsonPrimitive(url)
                        obj("fileData" to JsonObject(data))
                    }
                }
                is DocumentPart -> parts += document(part, position)
            }
        }
        if (parts.isEmpty()) {
            throw BadRequestException("Message $position is a UserMessage with only empty text, which Gemini rejects: give it some text", PROVIDER, 0)
        }
        return parts
    }

    /** A document as `inlineData`: PDF, or text Gemini reads as text (Markdown goes as `text/plain`, the same bytes). */
    private fun document(part: DocumentPart, position: Int): JsonObject {
        val doc = part.document
        val type = if (doc.mediaType == "text/markdown") "text/plain" else doc.mediaType
        if (type !in DOCUMENT_TYPES) {
            throw BadRequestException(
                "Gemini takes documents as ${DOCUMENT_TYPES.joinToString()} (and text/markdown), but message $position " +
                    "has '${doc.name}' of type ${doc.mediaType}: convert it to PDF or text",
                PROVIDER, 0,
            )
        }
        return obj("inlineData" to obj("mimeType" to JsonPrimitive(type), "data" to JsonPrimitive(doc.base64())))
    }

    /**
     * A model turn as Gemini returned it: the thought parts (with their signatures), the answer text carrying the
     * signature Gemini put on it (a [dev.switchboard.ThoughtBlock] with empty text), then each function call with its own.
     */
    private fun modelParts(m: AssistantMessage): MutableList<JsonObject> {
        val parts = ArrayList<JsonObject>()
        var textSignature: String? = null
        for (t in m.thoughtBlocks) {
            // Another API's block (its signature would be rejected) or encrypted reasoning: Gemini cannot read it.
            if (t.isRedacted || !t.isReadableBy(THOUGHT_ORIGIN)) continue
            val signature = t.signature
            if (t.text.isEmpty()) {
                if (signature != null) textSignature = signature
                continue
            }
            val p = LinkedHashMap<String, JsonElement>()
            p["text"] = JsonPrimitive(t.text)
            p["thought"] = JsonPrimitive(true)
            signature?.let { p["thoughtSignature"] = JsonPrimitive(it) }
            parts += JsonObject(p)
        }
        val content = m.content
        if (!content.isNullOrEmpty() || textSignature != null) {
            val p = LinkedHashMap<String, JsonElement>()
            p["text"] = JsonPrimitive(content ?: "")
            textSignature?.let { p["thoughtSignature"] = JsonPrimitive(it) }
            parts += JsonObject(p)
        }
        for (call in m.toolCalls) {
            val p = LinkedHashMap<String, JsonElement>()
            p["functionCall"] = obj("name" to JsonPrimitive(call.name), "args" to arguments(call.arguments, call.name))
            call.signature?.let { p["thoughtSignature"] = JsonPrimitive(it) }
            parts += JsonObject(p)
        }
        return parts
    }

    private fun arguments(arguments: String, name: String): JsonObject {
        if (arguments.isBlank()) return JsonObject(emptyMap())
        val parsed = try {
            WireJson.parseToJsonElement(arguments)
        } catch (e: IllegalArgumentException) {
            null
        }
        return parsed as? JsonObject ?: throw BadRequestException(
            "The arguments of the '$name' call are not a JSON object, which Gemini needs to take the call back: fix or drop the call",
            PROVIDER, 0,
        )
    }

    private fun text(value: String): JsonObject = obj("text" to JsonPrimitive(value))

    private fun obj(vararg pairs: Pair<String, JsonElement>): JsonObject = JsonObject(linkedMapOf(*pairs))
}

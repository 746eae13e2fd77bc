package dev.switchboard.ollama

import dev.switchboard.AssistantMessage
import dev.switchboard.BadRequestException
import dev.switchboard.CreateRequest
import dev.switchboard.FunctionCall
import dev.switchboard.DocumentPart
import dev.switchboard.ImagePart
import dev.switchboard.LlmMessage
import dev.switchboard.ResponseFormat
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.ToolChoice
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.ollama.internal.ChatRequestDto
import dev.switchboard.ollama.internal.FunctionCallDto
import dev.switchboard.ollama.internal.MessageDto
import dev.switchboard.ollama.internal.ToolCallDto
import dev.switchboard.ollama.internal.ToolDto
import dev.switchboard.ollama.internal.ToolFunctionDto
import dev.switchboard.ollama.internal.WireJson
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject
import java.time.Duration

/** What a client sends with every request, from its [OllamaConfig]. */
internal class RequestDefaults(
    /** Model options, before the request's own. */
    val options: Map<String, JsonElement>,
    /** `keep_alive`, already in wire form. */
    val keepAlive: JsonElement?,
    /** `think`, unless the request sets a reasoning effort. */
    val think: Boolean?,
) {
    companion object {
        val NONE = RequestDefaults(emptyMap(), null, null)

        fun of(config: OllamaConfig): RequestDefaults = RequestDefaults(config.options, config.keepAlive?.let(::keepAlive), config.think)

        /** Seconds as a number, as Ollama reads it; any negative duration is -1 (forever). */
        fun keepAlive(d: Duration): JsonElement {
            if (d.isNegative) return JsonPrimitive(-1)
            if (d.nano == 0) return JsonPrimitive(d.seconds)
            return JsonPrimitive(d.toNanos() / 1e9)
        }
    }
}

/**
 * Builds the JSON body of a `/api/chat` request, refusing (with a [BadRequestException], before anything is
 * sent) what Ollama cannot do, so that nothing a request asks for is silently dropped.
 */
internal object OllamaRequestEncoder {
    private val JSON_MODE = JsonPrimitive("json")
    private val THINK_LEVELS = setOf("low", "medium", "high", "max")

    fun encode(provider: String, model: String, request: CreateRequest, stream: Boolean, defaults: RequestDefaults): ByteArray {
        fun refuse(what: String): Nothing = throw BadRequestException(what, provider, 0)

        request.thinkingBudget?.let {
            refuse("Ollama's thinking takes no token budget (thinkingBudget = $it): use reasoningEffort(\"low\" | \"medium\" | \"high\") or OllamaConfig.think(true)")
        }
        request.n?.let { if (it > 1) refuse("Ollama generates one answer per request (n = $it): call the client $it times instead") }
        if (request.logitBias.isNotEmpty()) refuse("Ollama does not support logitBias: remove it from the request")
        if (request.parallelToolCalls == false) {
            refuse("Ollama cannot be told to call one tool at a time (parallelToolCalls = false): leave parallelToolCalls unset")
        }
        val sendTools = when (val choice = request.toolChoice) {
            null, ToolChoice.Auto -> true
            ToolChoice.None -> false // the model cannot call tools it is not shown
            ToolChoice.Required -> refuse(
                "Ollama cannot force a tool call (ToolChoice.Required): use ToolChoice.Auto and ask for a tool in the prompt",
            )
            is ToolChoice.Named -> refuse(
                "Ollama cannot force a tool call (ToolChoice.Named '${choice.name}'): send only that tool with ToolChoice.Auto " +
                    "and ask for it in the prompt",
            )
        }
        for (t in request.tools) {
            if (t.strict) {
                refuse("Ollama cannot hold tool arguments to their schema (tool '${t.name}' is strict): create the tool with strict = false")
            }
        }

        val options = LinkedHashMap<String, JsonElement>(defaults.options)
        request.temperature?.let { options["temperature"] = JsonPrimitive(it) }
        request.topP?.let { options["top_p"] = JsonPrimitive(it) }
        request.topK?.let { options["top_k"] = JsonPrimitive(it) }
        request.seed?.let { options["seed"] = JsonPrimitive(it) }
        if (request.stop.isNotEmpty()) options["stop"] = JsonArray(request.stop.map(::JsonPrimitive))
        request.maxTokens?.let { options["num_predict"] = JsonPrimitive(it) }
        request.presencePenalty?.let { options["presence_penalty"] = JsonPrimitive(it) }
        request.frequencyPenalty?.let { options["frequency_penalty"] = JsonPrimitive(it) }
        val extraOptions = request.extraBody["options"]
        if (extraOptions is JsonObject) options.putAll(extraOptions)

        val think: JsonElement? = when (val effort = request.reasoningEffort?.trim()?.lowercase()) {
            null -> defaults.think?.let(::JsonPrimitive)
            "none" -> JsonPrimitive(false)
            in THINK_LEVELS -> JsonPrimitive(effort)
            else -> refuse(
                "Ollama takes the thinking levels low, medium, high and max, or none to turn thinking off " +
                    "(got reasoningEffort '${request.reasoningEffort!!.take(32)}')",
            )
        }

        val dto = ChatRequestDto(
            model = model,
            messages = messages(provider, request.messages),
            tools = if (sendTools) {
                request.tools.ifEmpty { null }?.map { ToolDto("function", ToolFunctionDto(it.name, it.description, it.parameters)) }
            } else {
                null
            },
            format = when (val f = request.responseFormat) {
                null, ResponseFormat.Text -> null
                ResponseFormat.JsonObjectFormat -> JSON_MODE
                is ResponseFormat.JsonSchema -> schema(f)
            },
            options = options.ifEmpty { null }?.let(::JsonObject),
            stream = stream,
            think = think,
            keepAlive = defaults.keepAlive,
            logprobs = request.logprobs,
            topLogprobs = request.topLogprobs,
        )
        val serializer = ChatRequestDto.serializer()
        val extra = request.extraBody.filterKeys { it != "options" || request.extraBody["options"] !is JsonObject }
        if (extra.isEmpty()) return WireJson.encodeToString(serializer, dto).encodeToByteArray()
        val merged = LinkedHashMap<String, JsonElement>(WireJson.encodeToJsonElement(serializer, dto).jsonObject)
        merged.putAll(extra)
        return JsonObject(merged).toString().encodeToByteArray()
    }

    /** The schema itself (Ollama's `format` has no name); the description, if any, goes into it when it has none. */
    private fun schema(f: ResponseFormat.JsonSchema): JsonObject {
        val description = f.description ?: return f.schema
        if (f.schema.containsKey("description")) return f.schema
        return JsonObject(LinkedHashMap(f.schema).apply { put("description", JsonPrimitive(description)) })
    }

    private fun messages(provider: String, messages: List<LlmMessage>): List<MessageDto> {
        val out = ArrayList<MessageDto>(messages.size + 2)
        for ((i, m) in messages.withIndex()) {
            when (m) {
                is SystemMessage -> out += MessageDto("system", m.content)
                is UserMessage -> out += user(provider, m, i)
                is AssistantMessage -> out += MessageDto(
                    role = "assistant",
                    content = m.content ?: "",
                    thinking = m.thought,
                    toolCalls = m.toolCalls.ifEmpty { null }?.map { ToolCallDto(it.id, FunctionCallDto(name = it.name, arguments = arguments(provider, it))) },
                )
                is ToolResultMessage -> for (r in m.results) {
                    out += MessageDto("tool", r.content, toolName = r.name ?: toolNameOf(r.callId, messages, i), toolCallId = r.callId)
                }
            }
        }
        return out
    }

    private fun user(provider: String, m: UserMessage, position: Int): MessageDto {
        var text: StringBuilder? = null
        var images: ArrayList<String>? = null
        for (part in m.content) {
            when (part) {
                is TextPart -> {
                    val sb = text ?: StringBuilder().also { text = it }
                    if (sb.isNotEmpty()) sb.append('\n')
                    sb.append(part.text)
                }
                is ImagePart -> {
                    val base64 = part.image.base64() ?: throw BadRequestException(
                        "Ollama takes images as bytes only, not by URL (message $position has ${part.image}): download the image " +
                            "and pass it with Image.fromBytes, Image.fromPath or a data: URI",
                        provider, 0,
                    )
                    (images ?: ArrayList<String>().also { images = it }) += base64
                }
                is DocumentPart -> throw BadRequestException(
                    "Ollama's chat API takes no documents (message $position has ${part.document}): extract its text and " +
                        "send it as a TextPart, or use a provider that takes documents (Anthropic, Bedrock, Gemini, OpenAI)",
                    provider, 0,
                )
            }
        }
        return MessageDto("user", text?.toString() ?: "", images = images)
    }

    /** Ollama takes arguments as a JSON object: an empty text is no arguments, anything else must parse as an object. */
    private fun arguments(provider: String, call: FunctionCall): JsonObject {
        if (call.arguments.isBlank()) return JsonObject(emptyMap())
        val parsed = try {
            WireJson.parseToJsonElement(call.arguments)
        } catch (e: IllegalArgumentException) {
            null
        }
        return parsed as? JsonObject ?: throw BadRequestException(
            "Ollama takes tool call arguments as a JSON object, but those of call '${call.id}' to '${call.name}' are not one: " +
                "correct them in the AssistantMessage before sending it back",
            provider, 0,
        )
    }

    /** The name of the tool that call [callId] called, from the latest assistant turn before [before] that made it. */
    private fun toolNameOf(callId: String, messages: List<LlmMessage>, before: Int): String? {
        for (j in before - 1 downTo 0) {
            val m = messages[j] as? AssistantMessage ?: continue
            m.toolCalls.firstOrNull { it.id == callId }?.let { return it.name }
        }
        return null
    }
}

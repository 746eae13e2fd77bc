package dev.switchboard.mistral

import dev.switchboard.Choice
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.mistral.internal.CompletionDto
import dev.switchboard.mistral.internal.ToolCallDto
import dev.switchboard.mistral.internal.UsageDto
import dev.switchboard.mistral.internal.WireJson
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Reads a whole Mistral chat completion: per choice, the text chunks make the content, `thinking` chunks the
 * thought, and tool calls (whose arguments may arrive as a JSON object rather than JSON text) the calls.
 */
internal class MistralResponseDecoder(private val provider: String, private val secrets: Secrets = Secrets.NONE) {

    fun decode(body: ByteArray, requestId: String?): CreateResult {
        val text = body.decodeToString()
        val dto = try {
            WireJson.decodeFromString(CompletionDto.serializer(), text)
        } catch (e: IllegalArgumentException) { // SerializationException is one
            throw DecodeErrors.unreadable(provider, "response is not a valid chat completion", text, requestId, e, secrets)
        }
        if (dto.`object` == "error") throw MistralErrors.fromPayload(provider, text, requestId, streaming = false, secrets = secrets)
        val list = dto.choices?.takeIf { it.isNotEmpty() }
            ?: throw DecodeErrors.unreadable(provider, "response has no choices", text, requestId, null, secrets)
        val choices = list.sortedBy { it.index }.map { c ->
            val m = c.message
            val content = Content().apply { add(m?.content) }
            val calls = m?.toolCalls.orEmpty().mapIndexed { position, call -> toCall(call, c.index, position, requestId) }
            choice(c.index, c.finishReason, content, calls)
        }
        return CreateResult(choices, usage(dto.usage), id = dto.id?.ifEmpty { null }, model = dto.model?.ifEmpty { null })
    }

    private fun toCall(call: ToolCallDto, choice: Int, position: Int, requestId: String?): FunctionCall {
        val name = call.function?.name?.ifEmpty { null } ?: throw ProtocolException(
            "The $provider response has a tool call without a function name (choice $choice, call $position)", provider, 200, requestId,
        )
        return FunctionCall(call.id?.ifEmpty { null } ?: syntheticCallId(choice, position), name, arguments(call.function.arguments))
    }

    /** Message content as Mistral sends it (a string, or `text` and `thinking` chunks), gathered piece by piece. */
    class Content {
        var text: StringBuilder? = null
        var thought: StringBuilder? = null

        /** Adds [element]'s text and reasoning; calls [onText] and [onThought] with each non-empty piece. */
        fun add(element: JsonElement?, onText: (String) -> Unit = {}, onThought: (String) -> Unit = {}) {
            when (element) {
                null, JsonNull -> Unit
                is JsonPrimitive -> if (element.isString) appendText(element.content, onText)
                is JsonArray -> for (chunk in element) {
                    val o = chunk as? JsonObject ?: continue
                    when (string(o["type"])) {
                        "thinking" -> thinking(o["thinking"], onThought)
                        "text", null -> string(o["text"])?.let { appendText(it, onText) }
                        else -> Unit // references, images and other chunk kinds carry no answer text
                    }
                }
                is JsonObject -> string(element["text"])?.let { appendText(it, onText) }
            }
        }

        private fun thinking(element: JsonElement?, onThought: (String) -> Unit) {
            val pieces = when (element) {
                is JsonArray -> element.mapNotNull { string((it as? JsonObject)?.get("text") ?: it) }
                is JsonPrimitive -> listOfNotNull(string(element))
                else -> emptyList()
            }
            for (p in pieces) {
                (thought ?: StringBuilder().also { thought = it }).append(p)
                if (p.isNotEmpty()) onThought(p)
            }
        }

        private fun appendText(piece: String, onText: (String) -> Unit) {
            (text ?: StringBuilder().also { text = it }).append(piece)
            if (piece.isNotEmpty()) onText(piece)
        }

        private fun string(e: JsonElement?): String? = (e as? JsonPrimitive)?.takeIf { it.isString }?.content
    }

    companion object {
        /** The choice of [content] and [calls]; an answer that only calls tools has no content, even an empty one. */
        fun choice(index: Int, rawFinishReason: String?, content: Content, calls: List<FunctionCall>): Choice {
            val text = content.text?.toString()?.takeUnless { it.isEmpty() && calls.isNotEmpty() }
            return Choice(index, finishReason(rawFinishReason), rawFinishReason, text, calls, thought = content.thought?.toString())
        }

        fun finishReason(raw: String?): FinishReason = when (raw) {
            "stop" -> FinishReason.STOP
            "length", "model_length" -> FinishReason.LENGTH
            "tool_calls" -> FinishReason.TOOL_CALLS
            else -> FinishReason.UNKNOWN
        }

        /** The usage; cached tokens from whichever field the server fills (`prompt_tokens_details`, its misspelling, or `num_cached_tokens`). */
        fun usage(u: UsageDto?): RequestUsage {
            if (u == null) return RequestUsage.ZERO
            val cached = u.promptTokensDetails?.cachedTokens ?: u.promptTokenDetails?.cachedTokens ?: u.numCachedTokens ?: 0
            return RequestUsage(u.promptTokens ?: 0, u.completionTokens ?: 0, cachedTokens = cached)
        }

        /** Tool-call arguments as JSON text: a string as it is, an object (as some servers send) serialised, none as `{}`. */
        fun arguments(element: JsonElement?): String = when (element) {
            null, JsonNull -> "{}"
            is JsonPrimitive -> element.content
            else -> element.toString()
        }

        /** The id of a call the server sent without one. */
        fun syntheticCallId(choice: Int, position: Int): String = "call_${choice}_$position"
    }
}

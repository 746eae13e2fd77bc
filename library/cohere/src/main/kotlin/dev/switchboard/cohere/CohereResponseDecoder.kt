package dev.switchboard.cohere

import dev.switchboard.Choice
import dev.switchboard.Citation
import dev.switchboard.CitationSource
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.cohere.internal.ChatResponseDto
import dev.switchboard.cohere.internal.CitationDto
import dev.switchboard.cohere.internal.UsageDto
import dev.switchboard.cohere.internal.WireJson
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets
import kotlinx.serialization.json.JsonPrimitive

/**
 * Reads a whole Cohere v2 chat response: `text` content makes the content, `thinking` content and then the tool plan
 * the thought, tool calls the calls, and citations (with their document or tool sources) the choice's citations.
 */
internal class CohereResponseDecoder(private val provider: String, private val secrets: Secrets = Secrets.NONE) {

    fun decode(body: ByteArray, requestId: String?): CreateResult {
        val text = body.decodeToString()
        val dto = try {
            WireJson.decodeFromString(ChatResponseDto.serializer(), text)
        } catch (e: IllegalArgumentException) { // SerializationException is one
            throw DecodeErrors.unreadable(provider, "response is not a valid chat response", text, requestId, e, secrets)
        }
        val m = dto.message ?: throw DecodeErrors.unreadable(provider, "response has no message", text, requestId, null, secrets)
        val answer = Answer(provider, requestId)
        for (c in m.content.orEmpty()) {
            when (c.type) {
                "text" -> answer.text(c.text ?: "")
                "thinking" -> answer.thought(c.thinking ?: "")
                else -> Unit // content kinds added later carry nothing this library models
            }
        }
        m.toolPlan?.let { answer.thought(it) }
        m.toolCalls.orEmpty().forEachIndexed { position, call ->
            answer.call(call.id ?: "", call.function?.name ?: "", call.function?.arguments, position)
        }
        m.citations.orEmpty().forEach { answer.citations += citation(it) }
        return CreateResult(listOf(answer.toChoice(dto.finishReason)), usage(dto.usage), id = dto.id?.ifEmpty { null })
    }

    /** What a response says, gathered piece by piece; shared by the plain and the streaming decoder. */
    class Answer(private val provider: String, private val requestId: String?) {
        private var text: StringBuilder? = null
        private var thought: StringBuilder? = null
        val calls = ArrayList<FunctionCall>(0)
        val citations = ArrayList<Citation>(0)

        val textLength: Int get() = text?.length ?: 0

        fun text(piece: String) {
            (text ?: StringBuilder().also { text = it }).append(piece)
        }

        fun thought(piece: String) {
            if (piece.isEmpty()) return
            (thought ?: StringBuilder().also { thought = it }).append(piece)
        }

        /** Records a call; Cohere sends `null` as the arguments of a tool that takes none. */
        fun call(id: String, name: String, arguments: String?, position: Int): FunctionCall {
            if (id.isEmpty() || name.isEmpty()) {
                throw ProtocolException("The $provider answer has a tool call without its id or name (call $position)", provider, 200, requestId)
            }
            return FunctionCall(id, name, normalArguments(arguments)).also { calls += it }
        }

        fun toChoice(rawFinishReason: String?): Choice {
            val content = text?.toString()?.takeUnless { it.isEmpty() && calls.isNotEmpty() }
            return Choice.builder().finishReason(finishReason(rawFinishReason)).rawFinishReason(rawFinishReason).content(content)
                .toolCalls(calls).thought(thought?.toString()).citations(citations).build()
        }
    }

    companion object {
        fun finishReason(raw: String?): FinishReason = when (raw) {
            "COMPLETE", "STOP_SEQUENCE" -> FinishReason.STOP
            "MAX_TOKENS" -> FinishReason.LENGTH
            "TOOL_CALL" -> FinishReason.TOOL_CALLS
            else -> FinishReason.UNKNOWN
        }

        /** Arguments as JSON text: Cohere's `null` (or nothing) for a tool without parameters is `{}`. */
        fun normalArguments(arguments: String?): String = arguments?.takeUnless { it.isBlank() || it.trim() == "null" } ?: "{}"

        /**
         * The usage in tokens the model processed (`tokens`), or, where a server reports only those, the billed units;
         * `cached_tokens` is the part of the prompt read from Cohere's cache.
         */
        fun usage(u: UsageDto?): RequestUsage {
            if (u == null) return RequestUsage.ZERO
            val input = u.tokens?.inputTokens ?: u.billedUnits?.inputTokens ?: 0.0
            val output = u.tokens?.outputTokens ?: u.billedUnits?.outputTokens ?: 0.0
            return RequestUsage(count(input), count(output), cachedTokens = u.cachedTokens ?: 0)
        }

        private fun count(value: Double): Int = value.coerceIn(0.0, Int.MAX_VALUE.toDouble()).toInt()

        fun citation(c: CitationDto): Citation {
            val sources = c.sources.orEmpty().map { s ->
                val doc = s.document
                val id = s.id ?: (doc?.get("id") as? JsonPrimitive)?.content ?: ""
                val text = (doc?.get("text") as? JsonPrimitive)?.content ?: s.toolOutput?.toString() ?: doc?.toString()
                CitationSource(id, s.type, (doc?.get("title") as? JsonPrimitive)?.content, text)
            }
            return Citation(c.start ?: 0, c.end ?: 0, c.text ?: "", sources, c.type)
        }
    }
}

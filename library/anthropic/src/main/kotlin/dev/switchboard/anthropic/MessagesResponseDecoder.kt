package dev.switchboard.anthropic

import dev.switchboard.Choice
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.ThoughtBlock
import dev.switchboard.anthropic.internal.MessageDto
import dev.switchboard.anthropic.internal.StopDetailsDto
import dev.switchboard.anthropic.internal.UsageDto
import dev.switchboard.anthropic.internal.WireJson
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets

/**
 * Reads a non-streaming Messages response: text blocks become the content, `thinking` blocks the thought
 * (and, with their signatures, [ThoughtBlock]s), `redacted_thinking` blocks redacted [ThoughtBlock]s, and
 * `tool_use` blocks tool calls, except a call of [answerTool], whose input is the structured answer.
 */
internal class MessagesResponseDecoder(private val provider: String, private val secrets: Secrets = Secrets.NONE) {

    fun decode(body: ByteArray, requestId: String?, answerTool: String?): CreateResult {
        val text = body.decodeToString()
        val dto = try {
            WireJson.decodeFromString(MessageDto.serializer(), text)
        } catch (e: IllegalArgumentException) { // SerializationException is one
            throw DecodeErrors.unreadable(provider, "response is not a valid message", text, requestId, e, secrets)
        }
        if (dto.type == "error" || dto.error != null) {
            throw AnthropicErrors.fromErrorPayload(provider, dto.error, requestId, text, streaming = false, secrets = secrets)
        }
        val blocks = dto.content ?: throw DecodeErrors.unreadable(provider, "response has no content", text, requestId, null, secrets)
        val answer = Answer(answerTool)
        for ((position, b) in blocks.withIndex()) {
            when (b.type) {
                "text" -> answer.text(b.text ?: "")
                "thinking" -> answer.thinking(b.thinking ?: "", b.signature)
                "redacted_thinking" -> answer.redacted(b.data ?: "")
                "tool_use" -> {
                    val name = b.name
                    val id = b.id
                    if (name.isNullOrEmpty() || id.isNullOrEmpty()) {
                        throw ProtocolException(
                            "The $provider response has a tool_use block without its id or name (block $position)",
                            provider, 200, requestId, excerpt(text),
                        )
                    }
                    answer.toolUse(id, name, b.input?.toString() ?: "{}")
                }
                // Server tools' blocks (web search and the like) are the server's own business.
                else -> Unit
            }
        }
        return CreateResult(
            listOf(answer.toChoice(dto.stopReason, dto.stopDetails)), usage(dto.usage, null),
            id = dto.id?.ifEmpty { null }, model = dto.model?.ifEmpty { null },
        )
    }

    private fun excerpt(text: String): String = DecodeErrors.excerpt(text, secrets)

    /** What a message says, gathered block by block; shared by the plain and the streaming decoder. */
    class Answer(private val answerTool: String?) {
        private var text: StringBuilder? = null
        private var thought: StringBuilder? = null
        private val thoughtBlocks = ArrayList<ThoughtBlock>(0)
        private val calls = ArrayList<FunctionCall>(0)
        private var structured: String? = null

        val callCount: Int get() = calls.size

        fun text(piece: String) {
            (text ?: StringBuilder().also { text = it }).append(piece)
        }

        fun thinking(reasoning: String, signature: String?) {
            (thought ?: StringBuilder().also { thought = it }).append(reasoning)
            thoughtBlocks += ThoughtBlock(reasoning, signature?.ifEmpty { null }, null, MessagesRequestEncoder.THOUGHT_ORIGIN)
        }

        fun redacted(data: String) {
            thoughtBlocks += ThoughtBlock("", null, data, MessagesRequestEncoder.THOUGHT_ORIGIN)
        }

        /** Records a tool call; a call of the answer tool is the structured answer instead. */
        fun toolUse(id: String, name: String, arguments: String) {
            if (name == answerTool) structured = arguments else calls += FunctionCall(id, name, arguments)
        }

        fun isAnswer(name: String): Boolean = name == answerTool

        fun toChoice(stopReason: String?, details: StopDetailsDto?): Choice {
            // An answer that only calls tools has no content, even when an empty text block came with the calls.
            val content = structured ?: text?.toString()?.takeUnless { it.isEmpty() && calls.isNotEmpty() }
            var reason = finishReason(stopReason)
            // The structured answer arrives as a tool call, but the model answered: it is done, not waiting for tools.
            if (reason == FinishReason.TOOL_CALLS && calls.isEmpty() && structured != null) reason = FinishReason.STOP
            val refusal = if (reason == FinishReason.REFUSAL) details?.explanation?.ifEmpty { null } else null
            return Choice(
                0, reason, stopReason, content, calls.toList(), refusal, thought?.toString(), null, thoughtBlocks.toList(),
            )
        }
    }

    companion object {
        fun finishReason(raw: String?): FinishReason = when (raw) {
            "end_turn", "stop_sequence" -> FinishReason.STOP
            "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH
            "tool_use" -> FinishReason.TOOL_CALLS
            "refusal" -> FinishReason.REFUSAL
            else -> FinishReason.UNKNOWN
        }

        /**
         * The usage of [base] with the fields [update] sets replacing its own (a stream's `message_delta` carries
         * cumulative counts). Anthropic's `input_tokens` leaves out the tokens read from and written to the cache,
         * which [RequestUsage.promptTokens] includes.
         */
        fun usage(base: UsageDto?, update: UsageDto?): RequestUsage {
            val input = update?.inputTokens ?: base?.inputTokens ?: 0
            val output = update?.outputTokens ?: base?.outputTokens ?: 0
            val write = update?.cacheCreationInputTokens ?: base?.cacheCreationInputTokens ?: 0
            val read = update?.cacheReadInputTokens ?: base?.cacheReadInputTokens ?: 0
            val prompt = (input.toLong() + write + read).coerceAtMost(Int.MAX_VALUE.toLong()).toInt()
            return RequestUsage(prompt, output, cachedTokens = read, cacheWriteTokens = write)
        }
    }
}

package dev.switchboard.ollama

import dev.switchboard.Choice
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.TokenLogprob
import dev.switchboard.TopLogprob
import dev.switchboard.ollama.internal.ChatResponseDto
import dev.switchboard.ollama.internal.LogprobDto
import dev.switchboard.ollama.internal.ToolCallDto
import dev.switchboard.ollama.internal.WireJson
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonPrimitive
import java.util.zip.CRC32

/** Reads a non-streaming `/api/chat` answer (`stream: false`). */
internal class OllamaResponseDecoder(private val provider: String, private val secrets: Secrets = Secrets.NONE) {

    fun decode(body: ByteArray, requestId: String?): CreateResult {
        val text = body.decodeToString()
        val dto = try {
            WireJson.decodeFromString(ChatResponseDto.serializer(), text)
        } catch (e: IllegalArgumentException) { // SerializationException is one
            throw DecodeErrors.unreadable(provider, "response is not a chat response", text, requestId, e, secrets)
        }
        dto.error?.let { throw OllamaErrors.inBand(provider, it, requestId, text, secrets) }
        if (!dto.done) {
            throw DecodeErrors.unreadable(
                provider, "response is not a finished answer (done is not true): the server may have ignored stream: false; body starts",
                text, requestId, null, secrets,
            )
        }
        val m = dto.message
        val calls = ArrayList<FunctionCall>()
        m?.toolCalls?.forEach { calls += toolCall(it, calls.size) ?: throw nameless(requestId, calls.size, text) }
        val choice = choice(m?.content ?: "", m?.thinking, calls, dto.doneReason, dto.logprobs?.let(::logprobs))
        return CreateResult(listOf(choice), usage(dto), model = dto.model?.ifEmpty { null })
    }

    private fun nameless(requestId: String?, position: Int, text: String) = ProtocolException(
        "The $provider response has a tool call without a function name (call $position)",
        provider, 200, requestId, DecodeErrors.excerpt(text, secrets),
    )

    companion object {
        /**
         * The finish reason for Ollama's `done_reason`: `stop` is [FinishReason.STOP], or [FinishReason.TOOL_CALLS]
         * when the model called tools (Ollama says `stop` then too); `length` is [FinishReason.LENGTH]; no reason
         * at all (servers before `done_reason` existed) counts as `stop`; any other is [FinishReason.UNKNOWN].
         */
        fun finishReason(raw: String?, hasToolCalls: Boolean): FinishReason = when (raw) {
            null, "", "stop" -> if (hasToolCalls) FinishReason.TOOL_CALLS else FinishReason.STOP
            "length" -> FinishReason.LENGTH
            else -> FinishReason.UNKNOWN
        }

        /** The one choice of an answer; the text is null when the model only called tools. */
        fun choice(content: String, thinking: String?, calls: List<FunctionCall>, doneReason: String?, logprobs: List<TokenLogprob>?): Choice =
            Choice(
                index = 0,
                finishReason = finishReason(doneReason, calls.isNotEmpty()),
                rawFinishReason = doneReason?.ifEmpty { null },
                content = if (content.isEmpty() && calls.isNotEmpty()) null else content,
                toolCalls = calls,
                thought = thinking?.ifEmpty { null },
                logprobs = logprobs,
            )

        fun usage(dto: ChatResponseDto): RequestUsage = RequestUsage(dto.promptEvalCount ?: 0, dto.evalCount ?: 0)

        /** The call at [position] of a turn, or null when it has no name; its arguments as compact JSON text. */
        fun toolCall(dto: ToolCallDto, position: Int): FunctionCall? {
            val name = dto.function?.name?.takeIf { it.isNotEmpty() } ?: return null
            val arguments = when (val a = dto.function.arguments) {
                null, JsonNull -> "{}"
                is JsonPrimitive -> if (a.isString) a.content else a.toString()
                else -> a.toString()
            }
            return FunctionCall(dto.id?.takeIf { it.isNotEmpty() } ?: syntheticId(position, name, arguments), name, arguments)
        }

        /**
         * The id of a call whose server sent none (Ollama before tool call ids): its position in the turn and a
         * checksum of its name and arguments, so that the same answer always gets the same ids, streamed or not,
         * and calls of different turns rarely share one.
         */
        fun syntheticId(position: Int, name: String, arguments: String): String {
            val crc = CRC32()
            crc.update(name.toByteArray())
            crc.update(0)
            crc.update(arguments.toByteArray())
            return "call_${position}_%08x".format(crc.value)
        }

        fun logprobs(list: List<LogprobDto>): List<TokenLogprob> = list.map(::logprob)

        fun logprob(t: LogprobDto): TokenLogprob =
            TokenLogprob(t.token, t.logprob, t.bytes, t.topLogprobs?.map { TopLogprob(it.token, it.logprob, it.bytes) } ?: emptyList())
    }
}

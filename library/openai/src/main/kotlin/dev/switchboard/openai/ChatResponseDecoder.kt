package dev.switchboard.openai

import dev.switchboard.openai.internal.ChatCompletionDto
import dev.switchboard.openai.internal.TokenLogprobDto
import dev.switchboard.openai.internal.UsageDto
import dev.switchboard.openai.internal.WireJson
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets
import dev.switchboard.Choice
import dev.switchboard.ContentFilterResult
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.TokenLogprob
import dev.switchboard.TopLogprob

/** Reads a non-streaming Chat Completions response. */
internal class ChatResponseDecoder(private val provider: String, private val secrets: Secrets = Secrets.NONE) {

    fun decode(body: ByteArray, requestId: String?): CreateResult {
        val text = body.decodeToString()
        val dto = try {
            WireJson.decodeFromString(ChatCompletionDto.serializer(), text)
        } catch (e: IllegalArgumentException) { // SerializationException is one
            throw DecodeErrors.unreadable(provider, "response is not a valid chat completion", text, requestId, e, secrets)
        }
        dto.error?.let { throw OpenAiErrors.fromErrorPayload(provider, it, requestId, text, streaming = false, secrets) }
        val choices = dto.choices
        if (choices.isNullOrEmpty()) {
            throw DecodeErrors.unreadable(provider, "response has no choices", text, requestId, null, secrets)
        }
        val out = ArrayList<Choice>(choices.size)
        for (c in choices.sortedBy { it.index }) {
            val m = c.message
            val calls = ArrayList<FunctionCall>()
            m?.toolCalls?.forEachIndexed { position, call ->
                val name = call.function?.name
                if (name.isNullOrEmpty()) {
                    throw ProtocolException(
                        "The $provider response has a tool call without a function name (choice ${c.index}, call $position)",
                        provider, 200, requestId, excerpt(text),
                    )
                }
                calls += FunctionCall(call.id ?: syntheticCallId(c.index, position), name, call.function.arguments ?: "")
            }
            m?.functionCall?.let { legacy ->
                val name = legacy.name
                if (!name.isNullOrEmpty()) calls += FunctionCall(syntheticCallId(c.index, calls.size), name, legacy.arguments ?: "")
            }
            out += assembleChoice(
                index = c.index,
                rawFinishReason = c.finishReason,
                content = m?.content?.text,
                refusal = m?.refusal,
                thought = m?.thought,
                toolCalls = calls,
                logprobs = c.logprobs?.let { it.content ?: it.refusal }?.let(::toLogprobs),
                contentFilter = ContentFilters.categories(c.contentFilterResults),
            )
        }
        return CreateResult(
            out, usage(dto.usage), id = dto.id?.ifEmpty { null }, model = dto.model?.ifEmpty { null },
            promptFilter = ContentFilters.prompt(dto.promptFilterResults),
        )
    }

    private fun excerpt(text: String): String = DecodeErrors.excerpt(text, secrets)

    companion object {
        /** The id given to a tool call whose server sent none (some OpenAI-compatible servers). */
        fun syntheticCallId(choice: Int, position: Int): String = "call_${choice}_$position"

        /**
         * One choice from its assembled parts; shared by the plain and the streaming decoder. An answer that
         * only calls tools has no content (null), whether the server sent `"content":null`, `""` or nothing.
         */
        fun assembleChoice(
            index: Int,
            rawFinishReason: String?,
            content: String?,
            refusal: String?,
            thought: String?,
            toolCalls: List<FunctionCall>,
            logprobs: List<TokenLogprob>?,
            contentFilter: List<ContentFilterResult> = emptyList(),
        ): Choice {
            var reason = finishReason(rawFinishReason)
            if (reason == FinishReason.STOP && refusal != null && content == null && toolCalls.isEmpty()) reason = FinishReason.REFUSAL
            val text = if (content.isNullOrEmpty() && toolCalls.isNotEmpty()) null else content
            return Choice(index, reason, rawFinishReason, text, toolCalls, refusal, thought, logprobs, contentFilter = contentFilter)
        }

        fun finishReason(raw: String?): FinishReason = when (raw) {
            "stop" -> FinishReason.STOP
            "length" -> FinishReason.LENGTH
            "tool_calls", "function_call" -> FinishReason.TOOL_CALLS
            "content_filter" -> FinishReason.CONTENT_FILTER
            else -> FinishReason.UNKNOWN
        }

        fun usage(u: UsageDto?): RequestUsage {
            if (u == null) return RequestUsage.ZERO
            return RequestUsage(
                promptTokens = u.promptTokens,
                completionTokens = u.completionTokens,
                cachedTokens = u.promptDetails?.cachedTokens ?: u.promptCacheHitTokens ?: 0,
                reasoningTokens = u.completionDetails?.reasoningTokens ?: 0,
            )
        }

        fun toLogprobs(list: List<TokenLogprobDto>): List<TokenLogprob> = list.map(::toLogprob)

        fun toLogprob(t: TokenLogprobDto): TokenLogprob = TokenLogprob(
            t.token, t.logprob, t.bytes,
            t.topLogprobs?.map { TopLogprob(it.token, it.logprob, it.bytes) } ?: emptyList(),
        )
    }
}

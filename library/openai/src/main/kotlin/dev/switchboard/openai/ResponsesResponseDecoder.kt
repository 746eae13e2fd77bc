package dev.switchboard.openai

import dev.switchboard.Choice
import dev.switchboard.ContentFilterResult
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.ThoughtBlock
import dev.switchboard.TokenLogprob
import dev.switchboard.openai.internal.OutputItemDto
import dev.switchboard.openai.internal.ResponseDto
import dev.switchboard.openai.internal.ResponsesUsageDto
import dev.switchboard.openai.internal.WireJson
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Reads a Responses API response object into a [CreateResult] with one choice: the text of its `message` items
 * (several messages joined by a blank line), their refusal and log probabilities, its `function_call`s, and its
 * `reasoning` items as [ThoughtBlock]s (id as the signature, encrypted content as the redacted data, summary as the
 * text) whose summaries, joined, are the thought. The response id is the result's id. Output items of OpenAI's own
 * built-in tools (web search and the like, which the server ran itself) are not part of the neutral result.
 */
internal class ResponsesResponseDecoder(private val provider: String, private val secrets: Secrets = Secrets.NONE) {

    fun decode(body: ByteArray, requestId: String?): CreateResult {
        val text = body.decodeToString()
        val dto = try {
            WireJson.decodeFromString(ResponseDto.serializer(), text)
        } catch (e: IllegalArgumentException) { // SerializationException is one
            throw DecodeErrors.unreadable(provider, "response is not a valid Responses API response", text, requestId, e, secrets)
        }
        return result(dto, requestId, text, streaming = false)
    }

    /**
     * The result of the finished response [dto] ([items] are its output when it lists none itself). [raw] is the text
     * it came in, for error excerpts; [streaming] says whether it ended a stream (its failure then interrupts it).
     */
    fun result(dto: ResponseDto, requestId: String?, raw: String, streaming: Boolean, items: List<OutputItemDto>? = null): CreateResult {
        when (dto.status) {
            "completed", "incomplete", null -> Unit
            "failed", "cancelled" -> throw OpenAiErrors.fromErrorPayload(
                provider, dto.error ?: JsonPrimitive("the response ${dto.status}"), requestId, raw, streaming, secrets,
            )
            else -> throw ProtocolException(
                "The $provider response is '${dto.status.take(40)}', not finished: background responses are not supported " +
                    "(do not set background in extraBody)",
                provider, 200, requestId, DecodeErrors.excerpt(raw, secrets),
            )
        }
        val output = dto.output?.takeIf { it.isNotEmpty() } ?: items ?: emptyList()
        val parts = Parts()
        for (item in output) parts.add(item, requestId)
        val filters = dto.contentFilters as? JsonArray
        val choice = parts.toChoice(dto.status, dto.incompleteDetails?.reason, filtered(filters, "completion"))
        return CreateResult(
            listOf(choice), usage(dto.usage), id = dto.id?.ifEmpty { null }, model = dto.model?.ifEmpty { null },
            promptFilter = filtered(filters, "prompt"),
        )
    }

    /** The output of one response, assembled item by item. */
    private inner class Parts {
        private var text: StringBuilder? = null
        private var refusal: StringBuilder? = null
        private var thought: StringBuilder? = null
        private val calls = ArrayList<FunctionCall>(0)
        private val blocks = ArrayList<ThoughtBlock>(0)
        private var logprobs: ArrayList<TokenLogprob>? = null

        fun add(item: OutputItemDto, requestId: String?) {
            when (item.type) {
                "message" -> {
                    var own: StringBuilder? = null
                    for (c in item.content ?: emptyList()) {
                        when (c.type) {
                            "output_text" -> (own ?: StringBuilder().also { own = it }).append(c.text ?: "")
                            "refusal" -> (refusal ?: StringBuilder().also { refusal = it }).append(c.refusal ?: c.text ?: "")
                        }
                        c.logprobs?.let { (logprobs ?: ArrayList<TokenLogprob>().also { l -> logprobs = l }) += ChatResponseDecoder.toLogprobs(it) }
                    }
                    own?.let { join(text ?: StringBuilder().also { t -> text = t }, it) }
                }
                "function_call" -> {
                    val name = item.name
                    if (name.isNullOrEmpty()) {
                        throw ProtocolException("The $provider response has a function call without a name (call ${calls.size})", provider, 200, requestId)
                    }
                    calls += FunctionCall(item.callId ?: item.id ?: ChatResponseDecoder.syntheticCallId(0, calls.size), name, arguments(item.arguments))
                }
                "reasoning" -> {
                    val summary = item.summary?.mapNotNull { it.text?.takeIf { t -> t.isNotEmpty() } }?.joinToString(SEPARATOR) ?: ""
                    if (summary.isNotEmpty()) join(thought ?: StringBuilder().also { thought = it }, summary)
                    val id = item.id
                    if (id != null || item.encryptedContent != null) blocks += ThoughtBlock(summary, id, item.encryptedContent, ResponsesRequestEncoder.THOUGHT_ORIGIN)
                }
            }
        }

        fun toChoice(status: String?, incompleteReason: String?, contentFilter: List<ContentFilterResult>): Choice {
            val content = text?.toString()
            val refused = refusal?.toString()
            val reason = when {
                status == "incomplete" -> when (incompleteReason) {
                    "max_output_tokens" -> FinishReason.LENGTH
                    "content_filter" -> FinishReason.CONTENT_FILTER
                    else -> FinishReason.UNKNOWN
                }
                calls.isNotEmpty() -> FinishReason.TOOL_CALLS
                refused != null && content == null -> FinishReason.REFUSAL
                else -> FinishReason.STOP
            }
            val raw = if (status == "incomplete") incompleteReason ?: status else status ?: "completed"
            return Choice(
                0, reason, raw, if (content.isNullOrEmpty() && calls.isNotEmpty()) null else content, calls.toList(), refused,
                thought?.toString(), logprobs, blocks.toList(), contentFilter,
            )
        }
    }

    /** Azure's content filter results of [source] (`prompt` or `completion`), merged per category. */
    private fun filtered(filters: JsonArray?, source: String): List<ContentFilterResult> {
        if (filters.isNullOrEmpty()) return emptyList()
        val merged = ContentFilters.Merged()
        for (f in filters) {
            if (f !is JsonObject || (f["source_type"] as? JsonPrimitive)?.content != source) continue
            merged.add(ContentFilters.categories(f["content_filter_results"]))
        }
        return merged.toList()
    }

    companion object {
        /** What separates the texts of two messages, or two reasoning summaries, in a result and in a stream. */
        const val SEPARATOR = "\n\n"

        /** Appends [part] to [to], after [SEPARATOR] when [to] has text already. */
        fun join(to: StringBuilder, part: CharSequence) {
            if (to.isNotEmpty() && part.isNotEmpty()) to.append(SEPARATOR)
            to.append(part)
        }

        /** A function call's arguments as the text the model wrote (an object some servers send is written as JSON). */
        fun arguments(e: JsonElement?): String = when (e) {
            null -> ""
            is JsonPrimitive -> if (e.isString) e.content else e.toString()
            else -> e.toString()
        }

        fun usage(u: ResponsesUsageDto?): RequestUsage {
            if (u == null) return RequestUsage.ZERO
            return RequestUsage(
                promptTokens = u.inputTokens,
                completionTokens = u.outputTokens,
                cachedTokens = u.inputDetails?.cachedTokens ?: 0,
                reasoningTokens = u.outputDetails?.reasoningTokens ?: 0,
            )
        }
    }
}

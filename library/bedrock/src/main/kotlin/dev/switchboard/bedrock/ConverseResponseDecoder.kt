package dev.switchboard.bedrock

import dev.switchboard.Choice
import dev.switchboard.ContentFilterResult
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.ThoughtBlock
import dev.switchboard.bedrock.internal.ConverseResponseDto
import dev.switchboard.bedrock.internal.UsageDto
import dev.switchboard.bedrock.internal.WireJson
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Reads a `Converse` response: `text` blocks become the content, `reasoningContent` the thought (and, with its
 * signature or as redacted content, [ThoughtBlock]s), `toolUse` blocks tool calls, except a call of the answer tool,
 * whose input is the structured answer; the stop reason the finish reason, the usage the usage with cache reads and
 * writes, a guardrail's trace the choice's content filter.
 */
internal class ConverseResponseDecoder(private val provider: String, private val secrets: Secrets = Secrets.NONE) {

    fun decode(body: ByteArray, requestId: String?, answerTool: String?): CreateResult {
        val text = body.decodeToString()
        val dto = try {
            WireJson.decodeFromString(ConverseResponseDto.serializer(), text)
        } catch (e: IllegalArgumentException) {
            throw DecodeErrors.unreadable(provider, "response is not a valid Converse response", text, requestId, e, secrets)
        }
        val blocks = dto.output?.message?.content
            ?: throw DecodeErrors.unreadable(provider, "response has no output message", text, requestId, null, secrets)
        val answer = Answer(answerTool)
        for ((position, b) in blocks.withIndex()) {
            b.text?.let { answer.text(it) }
            b.reasoningContent?.let { r ->
                r.reasoningText?.let { answer.thinking(it.text ?: "", it.signature) }
                r.redactedContent?.let { answer.redacted(it) }
            }
            b.toolUse?.let { t ->
                val id = t.toolUseId
                val name = t.name
                if (id.isNullOrEmpty() || name.isNullOrEmpty()) {
                    throw ProtocolException(
                        "The $provider response has a toolUse block without its toolUseId or name (block $position)",
                        provider, 200, requestId, DecodeErrors.excerpt(text, secrets),
                    )
                }
                answer.toolUse(id, name, t.input?.toString() ?: "{}")
            }
        }
        return CreateResult(listOf(answer.toChoice(dto.stopReason, dto.trace)), usage(dto.usage))
    }

    /** What a message says, gathered block by block; shared by the plain and the streaming decoder. */
    class Answer(private val answerTool: String?) {
        private var text: StringBuilder? = null
        private var thought: StringBuilder? = null
        private val thoughtBlocks = ArrayList<ThoughtBlock>(0)
        private val calls = ArrayList<FunctionCall>(0)
        private var structured: String? = null

        fun text(piece: String) {
            (text ?: StringBuilder().also { text = it }).append(piece)
        }

        fun thinking(reasoning: String, signature: String?) {
            (thought ?: StringBuilder().also { thought = it }).append(reasoning)
            thoughtBlocks += ThoughtBlock(reasoning, signature?.ifEmpty { null }, null, ConverseRequestEncoder.THOUGHT_ORIGIN)
        }

        fun redacted(data: String) {
            thoughtBlocks += ThoughtBlock("", null, data, ConverseRequestEncoder.THOUGHT_ORIGIN)
        }

        fun toolUse(id: String, name: String, arguments: String) {
            if (name == answerTool) structured = arguments else calls += FunctionCall(id, name, arguments)
        }

        fun toChoice(stopReason: String?, trace: JsonObject?): Choice {
            val content = structured ?: text?.toString()?.takeUnless { it.isEmpty() && calls.isNotEmpty() }
            var reason = finishReason(stopReason)
            if (reason == FinishReason.TOOL_CALLS && calls.isEmpty() && structured != null) reason = FinishReason.STOP
            return Choice(
                0, reason, stopReason, content, calls.toList(), null, thought?.toString(), null, thoughtBlocks.toList(),
                contentFilter(stopReason, trace),
            )
        }
    }

    companion object {
        fun finishReason(raw: String?): FinishReason = when (raw) {
            "end_turn", "stop_sequence" -> FinishReason.STOP
            "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH
            "tool_use" -> FinishReason.TOOL_CALLS
            "guardrail_intervened", "content_filtered" -> FinishReason.CONTENT_FILTER
            else -> FinishReason.UNKNOWN
        }

        /** Bedrock's `inputTokens` leaves out the tokens read from and written to the cache, which prompt tokens include. */
        fun usage(u: UsageDto?): RequestUsage {
            if (u == null) return RequestUsage.ZERO
            val read = u.cacheReadInputTokens ?: 0
            val write = u.cacheWriteInputTokens ?: 0
            val prompt = ((u.inputTokens ?: 0).toLong() + read + write).coerceAtMost(Int.MAX_VALUE.toLong()).toInt()
            return RequestUsage(prompt, u.outputTokens ?: 0, cachedTokens = read, cacheWriteTokens = write)
        }

        /**
         * What stopped the answer, as content-filter results: for a guardrail that intervened, each policy finding
         * of its trace (`topicPolicy`, `contentPolicy`, `wordPolicy`, `sensitiveInformationPolicy`,
         * `contextualGroundingPolicy`) whose action blocked or anonymised, by its type; without a trace, one
         * `guardrail` entry. A `content_filtered` stop is one `content_filtered` entry.
         */
        fun contentFilter(stopReason: String?, trace: JsonObject?): List<ContentFilterResult> {
            if (stopReason == "content_filtered") return listOf(ContentFilterResult("content_filtered", true))
            if (stopReason != "guardrail_intervened") return emptyList()
            val found = LinkedHashMap<String, ContentFilterResult>()
            collect(trace?.get("guardrail"), found, 0)
            return if (found.isEmpty()) listOf(ContentFilterResult("guardrail", true)) else found.values.toList()
        }

        /** Walks a guardrail trace for findings: objects with an `action` and a `name` (a topic, a regex), else a `type`, else a `match`. */
        private fun collect(e: JsonElement?, out: MutableMap<String, ContentFilterResult>, depth: Int) {
            if (e == null || depth > 12) return
            when (e) {
                is JsonArray -> for (x in e) collect(x, out, depth + 1)
                is JsonObject -> {
                    val action = (e["action"] as? JsonPrimitive)?.takeIf { it.isString }?.content
                    val category = listOf("name", "type", "match").firstNotNullOfOrNull { (e[it] as? JsonPrimitive)?.takeIf { p -> p.isString }?.content }
                    if (action != null && category != null && action != "NONE") {
                        val severity = (e["confidence"] as? JsonPrimitive)?.takeIf { it.isString }?.content?.lowercase()
                        out.putIfAbsent(category, ContentFilterResult(category, true, severity))
                    }
                    for (v in e.values) collect(v, out, depth + 1)
                }
                else -> Unit
            }
        }
    }
}

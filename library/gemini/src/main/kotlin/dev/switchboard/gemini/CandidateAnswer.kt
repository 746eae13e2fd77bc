package dev.switchboard.gemini

import dev.switchboard.ChatStreamEvent
import dev.switchboard.Choice
import dev.switchboard.ContentFilterResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.ThoughtBlock
import dev.switchboard.gemini.internal.FunctionCallDto
import dev.switchboard.gemini.internal.PartDto
import dev.switchboard.gemini.internal.SafetyRatingDto
import dev.switchboard.spi.TextAccumulator
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * What one candidate says, gathered part by part: from a whole response, or from the chunks of a stream (then with
 * the events each part makes), so that both give the same [Choice].
 *
 * Text parts make the content; `thought` parts the thought and its [ThoughtBlock]s (a run of unsigned thought parts
 * is one block, which the part carrying the signature closes); a signature on an answer part becomes a block with
 * empty text, which the encoder puts back on the answer text. A `functionCall` becomes a [FunctionCall] with its
 * signature and an id: the one Gemini sent, or `call_<responseId>_<n>` (with the candidate's index when it is not
 * the first), stable between a call and its stream. Streamed arguments (`partialArgs` with `willContinue`, Vertex
 * AI's `streamFunctionCallArguments`) are assembled into one JSON object. Parts this library does not model (code
 * execution, generated media) are skipped.
 */
internal class CandidateAnswer(private val index: Int, private val provider: String, private val requestId: String?) {
    private var text: TextAccumulator? = null
    private var thought: TextAccumulator? = null
    private val blocks = ArrayList<ThoughtBlock>(0)
    private var run: StringBuilder? = null
    private var textSignature: String? = null
    private val calls = ArrayList<FunctionCall>(0)
    private var pending: PendingCall? = null
    private val ratings = LinkedHashMap<String, ContentFilterResult>()
    var finishReason: String? = null
        private set

    val hasFinished: Boolean get() = finishReason != null
    val textLength: Int get() = text?.length ?: 0
    val callCount: Int get() = calls.size + (if (pending != null) 1 else 0)

    private class PendingCall(val position: Int, val id: String, val name: String, val signature: String?) {
        val args = LinkedHashMap<String, Any?>()
    }

    /** Adds [part]; with [out], the events it makes. [responseId] names generated call ids. */
    fun part(part: PartDto, responseId: String?, out: MutableList<ChatStreamEvent>?) {
        val call = part.functionCall
        val signature = part.thoughtSignature?.ifEmpty { null }
        when {
            call != null -> functionCall(call, signature, responseId, out)
            part.thought == true -> {
                val piece = part.text ?: ""
                val current = run ?: StringBuilder().also { run = it }
                current.append(piece)
                (thought ?: TextAccumulator().also { thought = it }).append(piece)
                if (piece.isNotEmpty()) out?.add(ChatStreamEvent.ThoughtDelta(piece, index))
                if (signature != null) closeRun(signature)
            }
            part.text != null -> {
                closeRun(null)
                val piece = part.text
                (text ?: TextAccumulator().also { text = it }).append(piece)
                if (piece.isNotEmpty()) out?.add(ChatStreamEvent.TextDelta(piece, index))
                if (signature != null) textSignature = signature
            }
            else -> closeRun(null) // code execution, generated media: not modelled
        }
    }

    fun finish(reason: String?, safety: List<SafetyRatingDto>?, out: MutableList<ChatStreamEvent>?) {
        safety?.forEach { rate(it) }
        if (reason != null) {
            finishReason = reason
            endPending(out)
        }
    }

    private fun closeRun(signature: String?) {
        val current = run
        if (current == null) {
            if (signature != null) blocks += ThoughtBlock("", signature, null, GenerateContentEncoder.THOUGHT_ORIGIN)
            return
        }
        blocks += ThoughtBlock(current.toString(), signature, null, GenerateContentEncoder.THOUGHT_ORIGIN)
        run = null
    }

    private fun functionCall(call: FunctionCallDto, signature: String?, responseId: String?, out: MutableList<ChatStreamEvent>?) {
        closeRun(null)
        val name = call.name?.ifEmpty { null }
        val open = pending
        if (open != null && name == null) {
            call.partialArgs?.forEach { apply(open, it.jsonPath, it) }
            if (call.willContinue != true) endPending(out)
            return
        }
        if (name == null) {
            if (call.args == null && call.partialArgs.isNullOrEmpty()) return // an empty end marker with nothing open
            throw ProtocolException("The $provider answer has a functionCall without its name (candidate $index)", provider, 200, requestId)
        }
        endPending(out)
        val position = calls.size
        val id = call.id?.ifEmpty { null } ?: generatedId(responseId, position)
        if (call.willContinue == true || !call.partialArgs.isNullOrEmpty()) {
            val p = PendingCall(position, id, name, signature)
            call.args?.forEach { (k, v) -> p.args[k] = v }
            call.partialArgs?.forEach { apply(p, it.jsonPath, it) }
            pending = p
            out?.add(ChatStreamEvent.ToolCallStart(position, id, name, index))
            if (call.willContinue != true) endPending(out)
            return
        }
        val arguments = (call.args ?: JsonObject(emptyMap())).toString()
        val done = FunctionCall(id, name, arguments, signature)
        calls += done
        if (out != null) {
            out += ChatStreamEvent.ToolCallStart(position, id, name, index)
            out += ChatStreamEvent.ToolCallDelta(position, arguments, index)
            out += ChatStreamEvent.ToolCallEnd(position, done, index)
        }
    }

    private fun endPending(out: MutableList<ChatStreamEvent>?) {
        val p = pending ?: return
        pending = null
        val arguments = toJson(p.args).toString()
        val done = FunctionCall(p.id, p.name, arguments, p.signature)
        calls += done
        if (out != null) {
            out += ChatStreamEvent.ToolCallDelta(p.position, arguments, index)
            out += ChatStreamEvent.ToolCallEnd(p.position, done, index)
        }
    }

    /** Sets the value at [path] (`$.a.b`: object keys only); strings continued across pieces are appended. */
    private fun apply(p: PendingCall, path: String?, arg: dev.switchboard.gemini.internal.PartialArgDto) {
        val keys = path?.removePrefix("$")?.split('.')?.drop(1)
        if (keys.isNullOrEmpty() || keys.any { it.isEmpty() || '[' in it }) {
            throw ProtocolException(
                "The $provider stream sent function arguments at the JSON path '${path?.take(80)}', which this client cannot place " +
                    "(it takes object keys only, such as \$.city)",
                provider, 200, requestId,
            )
        }
        var node: MutableMap<String, Any?> = p.args
        for (k in keys.dropLast(1)) {
            @Suppress("UNCHECKED_CAST")
            node = (node[k] as? MutableMap<String, Any?>) ?: LinkedHashMap<String, Any?>().also { node[k] = it }
        }
        val last = keys.last()
        when {
            arg.stringValue != null -> {
                val existing = node[last] as? StringBuilder
                if (existing != null) existing.append(arg.stringValue) else node[last] = StringBuilder(arg.stringValue)
            }
            arg.numberValue != null -> node[last] = JsonPrimitive(arg.numberValue)
            arg.boolValue != null -> node[last] = JsonPrimitive(arg.boolValue)
            arg.nullValue != null -> node[last] = JsonNull
        }
    }

    private fun toJson(value: Any?): JsonElement = when (value) {
        is Map<*, *> -> JsonObject(value.entries.associate { (k, v) -> k as String to toJson(v) })
        is StringBuilder -> JsonPrimitive(value.toString())
        is JsonElement -> value
        null -> JsonNull
        else -> JsonPrimitive(value.toString())
    }

    private fun generatedId(responseId: String?, position: Int): String =
        listOfNotNull("call", responseId?.ifEmpty { null }, if (index == 0) null else index.toString(), position.toString()).joinToString("_")

    private fun rate(r: SafetyRatingDto) {
        val category = r.category ?: return
        val old = ratings[category]
        val level = r.probability
        val severity = if (old == null || rank(level) > rank(old.severity)) level else old.severity
        ratings[category] = ContentFilterResult(category, r.blocked == true || old?.filtered == true, severity)
    }

    fun toChoice(): Choice {
        closeRun(null)
        val allBlocks = if (textSignature == null) blocks.toList() else blocks + ThoughtBlock("", textSignature, null, GenerateContentEncoder.THOUGHT_ORIGIN)
        val all = calls.toList()
        val raw = finishReason
        var reason = finishReason(raw)
        if (all.isNotEmpty() && (reason == FinishReason.STOP || reason == FinishReason.UNKNOWN && raw == null)) reason = FinishReason.TOOL_CALLS
        val content = text?.toString()?.takeUnless { it.isEmpty() && (all.isNotEmpty() || reason == FinishReason.CONTENT_FILTER) }
        return Choice(index, reason, raw, content, all, null, thought?.toString(), null, allBlocks, ratings.values.toList())
    }

    companion object {
        private val LEVELS = listOf("NEGLIGIBLE", "LOW", "MEDIUM", "HIGH")

        private fun rank(level: String?): Int = LEVELS.indexOf(level)

        fun finishReason(raw: String?): FinishReason = when (raw) {
            "STOP" -> FinishReason.STOP
            "MAX_TOKENS" -> FinishReason.LENGTH
            "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT",
            "IMAGE_RECITATION" -> FinishReason.CONTENT_FILTER
            else -> FinishReason.UNKNOWN
        }

        /** Safety ratings as content-filter results: the category, whether it blocked, its probability as the severity. */
        fun filterResults(ratings: List<SafetyRatingDto>?): List<ContentFilterResult> =
            ratings.orEmpty().mapNotNull { r -> r.category?.let { ContentFilterResult(it, r.blocked == true, r.probability) } }
    }
}

package dev.switchboard.openai

import dev.switchboard.openai.internal.ChatCompletionDto
import dev.switchboard.openai.internal.FunctionCallDto
import dev.switchboard.openai.internal.OutputMessageDto
import dev.switchboard.openai.internal.WireJson
import dev.switchboard.spi.Secrets
import dev.switchboard.ChatStreamEvent
import dev.switchboard.Choice
import dev.switchboard.CreateResult
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.TokenLogprob
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.TextAccumulator
import kotlinx.serialization.SerializationException

/**
 * Decodes the SSE frames of one streamed Chat Completion (`chat.completion.chunk` objects, then
 * `[DONE]`) into events, assembling per choice the text, refusal, reasoning, log probabilities and
 * tool calls, so that [finish] returns what a non-streaming call would have returned.
 *
 * Tool calls are keyed by (choice, wire `index`); their event `index` is their position among the
 * choice's calls in order of appearance (a server may number them from 1). [ChatStreamEvent.ToolCallStart]
 * is emitted once the function name is known, [ChatStreamEvent.ToolCallDelta] for each non-empty
 * argument fragment, and [ChatStreamEvent.ToolCallEnd] for every call of a choice when that choice
 * finishes (or at `[DONE]`).
 */
internal class ChatStreamDecoder(
    private val provider: String,
    private val requestId: String?,
    private val secrets: Secrets = Secrets.NONE,
    /** Whether text-delta chunks are read by [ChunkReader] (false only to compare both paths in tests). */
    private val fastPath: Boolean = true,
) : StreamDecoder {
    private val reader = ChunkReader()
    private val choices = ArrayList<ChoiceState?>(1)
    private var id: String? = null
    private var model: String? = null
    private var usage: RequestUsage? = null
    private var promptFilter: ContentFilters.Merged? = null
    private var done = false

    override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean {
        if (done) return true
        val bytes = frame.bytes
        if (bytes.size < 10) {
            val data = frame.data
            if (data.isBlank()) return false
            if (data.trim() == "[DONE]") {
                done = true
                for (c in choices) if (c != null && !c.finished) c.endCalls(out)
                return true
            }
        }
        if (frame.event == "error") {
            val data = frame.data
            if (data.isBlank()) return false
            val payload = try {
                WireJson.parseToJsonElement(data)
            } catch (e: IllegalArgumentException) {
                kotlinx.serialization.json.JsonPrimitive(data)
            }
            val error = (payload as? kotlinx.serialization.json.JsonObject)?.get("error") ?: payload
            throw OpenAiErrors.fromErrorPayload(provider, error, requestId, data, streaming = true, secrets)
        }
        if (fastPath && reader.read(bytes, id == null, model == null)) {
            decodeCommon(frame, out)
            return false
        }
        val data = frame.data
        if (data.isBlank()) return false
        val chunk = try {
            WireJson.decodeFromString(ChatCompletionDto.serializer(), data)
        } catch (e: SerializationException) {
            throw malformed(data, e)
        } catch (e: IllegalArgumentException) {
            throw malformed(data, e)
        }
        chunk.error?.let { throw OpenAiErrors.fromErrorPayload(provider, it, requestId, data, streaming = true, secrets) }
        if (id == null) chunk.id?.let { if (it.isNotEmpty()) id = it }
        if (model == null) chunk.model?.let { if (it.isNotEmpty()) model = it }
        chunk.usage?.let { usage = ChatResponseDecoder.usage(it) }
        chunk.promptFilterResults?.let { (promptFilter ?: ContentFilters.Merged().also { m -> promptFilter = m }).add(ContentFilters.prompt(it)) }
        val list = chunk.choices ?: return false
        for (i in list.indices) {
            val c = list[i]
            val state = state(c.index, frame)
            c.delta?.let { state.apply(it, out) }
            c.contentFilterResults?.let { state.contentFilter().add(ContentFilters.categories(it)) }
            c.logprobs?.let { lp ->
                lp.content?.let { tokens -> for (t in tokens) state.logprobs().add(ChatResponseDecoder.toLogprob(t)) }
                lp.refusal?.let { tokens -> for (t in tokens) state.refusalLogprobs().add(ChatResponseDecoder.toLogprob(t)) }
            }
            val reason = c.finishReason
            if (reason != null && !state.finished) {
                state.finishReason = reason
                state.finished = true
                state.endCalls(out)
            }
        }
        return false
    }

    /** Applies a chunk [reader] read: the same effects as the DTO path below for the fields it reads. */
    private fun decodeCommon(frame: StreamFrame, out: MutableList<ChatStreamEvent>) {
        val r = reader
        if (id == null) r.id?.let { if (it.isNotEmpty()) id = it }
        if (model == null) r.model?.let { if (it.isNotEmpty()) model = it }
        for (i in 0 until r.count) {
            val state = state(r.index[i], frame)
            r.text[i]?.let { state.text(it, out) }
            val reason = r.finish[i]
            if (reason != null && !state.finished) {
                state.finishReason = reason
                state.finished = true
                state.endCalls(out)
            }
        }
    }

    override fun finish(terminated: Boolean): CreateResult {
        if (!terminated) {
            throw StreamInterruptedException(
                "The $provider stream ended before [DONE]: the answer is incomplete" +
                    (if (choices.any { it != null }) " (received ${received()})" else " (nothing was received)"),
                provider, 200, requestId,
            )
        }
        val result = ArrayList<Choice>(choices.size)
        for (c in choices) if (c != null) result += c.toChoice()
        if (result.isEmpty()) {
            throw ProtocolException("The $provider stream finished without any choice", provider, 200, requestId)
        }
        return CreateResult(
            result, usage ?: RequestUsage.ZERO, id = id, model = model, promptFilter = promptFilter?.toList() ?: emptyList(),
        )
    }

    private fun received(): String {
        val c = choices.firstOrNull { it != null } ?: return "nothing"
        return "${c.content?.length ?: 0} characters of text and ${c.calls.size} tool calls in choice ${c.index}"
    }

    private fun state(index: Int, frame: StreamFrame): ChoiceState {
        if (index < 0 || index > MAX_CHOICES) {
            throw ProtocolException("The $provider stream sent a choice index out of range ($index)", provider, 200, requestId,
                DecodeErrors.excerpt(frame.data, secrets))
        }
        while (choices.size <= index) choices.add(null)
        return choices[index] ?: ChoiceState(index).also { choices[index] = it }
    }

    private fun malformed(data: String, e: Exception): ProtocolException =
        DecodeErrors.unreadable(provider, "stream sent a chunk that is not valid JSON", data, requestId, e, secrets, max = 300)

    private inner class ChoiceState(val index: Int) {
        var content: TextAccumulator? = null
        var refusal: TextAccumulator? = null
        var thought: TextAccumulator? = null
        private var logprobs: ArrayList<TokenLogprob>? = null
        private var refusalLogprobs: ArrayList<TokenLogprob>? = null
        private var contentFilter: ContentFilters.Merged? = null
        var finishReason: String? = null
        var finished = false
        val calls = ArrayList<CallState>(0)
        private var ended = false

        fun logprobs(): ArrayList<TokenLogprob> = logprobs ?: ArrayList<TokenLogprob>().also { logprobs = it }

        fun refusalLogprobs(): ArrayList<TokenLogprob> = refusalLogprobs ?: ArrayList<TokenLogprob>().also { refusalLogprobs = it }

        fun contentFilter(): ContentFilters.Merged = contentFilter ?: ContentFilters.Merged().also { contentFilter = it }

        fun text(text: String, out: MutableList<ChatStreamEvent>) {
            (content ?: TextAccumulator().also { content = it }).append(text)
            if (text.isNotEmpty()) out += ChatStreamEvent.TextDelta(text, index)
        }

        fun apply(delta: OutputMessageDto, out: MutableList<ChatStreamEvent>) {
            val reasoning = delta.thought
            if (reasoning != null) {
                (thought ?: TextAccumulator().also { thought = it }).append(reasoning)
                if (reasoning.isNotEmpty()) out += ChatStreamEvent.ThoughtDelta(reasoning, index)
            }
            delta.content?.text?.let { text(it, out) }
            delta.refusal?.let { (refusal ?: TextAccumulator().also { r -> refusal = r }).append(it) }
            delta.toolCalls?.let { for (call in it) toolCall(call.index, call.id, call.function, out) }
            delta.functionCall?.let { toolCall(0, null, it, out) }
        }

        private fun toolCall(wireIndex: Int?, callId: String?, fn: FunctionCallDto?, out: MutableList<ChatStreamEvent>) {
            val call = findOrAdd(wireIndex, callId)
            if (callId != null && callId.isNotEmpty()) call.id = callId
            fn?.name?.let { if (it.isNotEmpty() && call.name == null) call.name = it }
            val fragment = fn?.arguments
            if (!call.started && call.name != null) {
                call.started = true
                out += ChatStreamEvent.ToolCallStart(
                    call.position, call.id ?: ChatResponseDecoder.syntheticCallId(index, call.position), call.name!!, index,
                )
                if (call.arguments.isNotEmpty()) out += ChatStreamEvent.ToolCallDelta(call.position, call.arguments.toString(), index)
            }
            if (!fragment.isNullOrEmpty()) {
                call.arguments.append(fragment)
                if (call.started) out += ChatStreamEvent.ToolCallDelta(call.position, fragment, index)
            }
        }

        /**
         * The call a fragment belongs to: by wire index when the server sends one; otherwise (servers that
         * send whole calls without an index) a fragment with a new id starts a new call and one without
         * an id continues the last call.
         */
        private fun findOrAdd(wireIndex: Int?, callId: String?): CallState {
            if (wireIndex != null) {
                for (c in calls) if (c.wireIndex == wireIndex) return c
            } else {
                val last = calls.lastOrNull()
                if (last != null && (callId.isNullOrEmpty() || callId == last.id)) return last
            }
            return CallState(wireIndex, calls.size).also { calls += it }
        }

        fun endCalls(out: MutableList<ChatStreamEvent>) {
            if (ended) return
            ended = true
            for (c in calls) out += ChatStreamEvent.ToolCallEnd(c.position, c.toCall(this.index), index)
        }

        fun toChoice(): Choice = ChatResponseDecoder.assembleChoice(
            index = index,
            rawFinishReason = finishReason,
            content = content?.toString(),
            refusal = refusal?.toString(),
            thought = thought?.toString(),
            toolCalls = calls.map { it.toCall(index) },
            logprobs = logprobs ?: refusalLogprobs,
            contentFilter = contentFilter?.toList() ?: emptyList(),
        )
    }

    private inner class CallState(val wireIndex: Int?, val position: Int) {
        var id: String? = null
        var name: String? = null
        var started = false
        val arguments = StringBuilder()

        fun toCall(choice: Int): FunctionCall {
            val n = name ?: throw ProtocolException(
                "The $provider stream sent a tool call without a function name (choice $choice, call $position)",
                provider, 200, requestId,
            )
            return FunctionCall(id ?: ChatResponseDecoder.syntheticCallId(choice, position), n, arguments.toString())
        }
    }

    private companion object {
        const val MAX_CHOICES = 1024
    }
}

package dev.switchboard.mistral

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.mistral.internal.CompletionDto
import dev.switchboard.mistral.internal.MessageDto
import dev.switchboard.mistral.internal.ToolCallDto
import dev.switchboard.mistral.internal.WireJson
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame

/**
 * Decodes the SSE frames of one streamed Mistral chat completion (`chat.completion.chunk` objects, then `[DONE]`)
 * into events, gathering per choice what [MistralResponseDecoder] reads from a whole completion, so that [finish]
 * returns what a non-streaming call would have returned.
 *
 * Text chunks become [ChatStreamEvent.TextDelta]s and `thinking` chunks [ChatStreamEvent.ThoughtDelta]s. Mistral
 * sends a tool call whole in one delta, usually without an `index` and with its arguments as text or as an object;
 * servers that stream arguments send an `index`. So a call is found by its `index` when there is one; otherwise a
 * delta with a new id starts a call and one without continues the last. [ChatStreamEvent.ToolCallStart] comes once
 * the name is known, a [ChatStreamEvent.ToolCallDelta] per argument piece, and [ChatStreamEvent.ToolCallEnd] for each
 * call when its choice finishes (or at `[DONE]`). A stream that ends before `[DONE]` is a [StreamInterruptedException].
 */
internal class MistralStreamDecoder(
    private val provider: String,
    private val requestId: String?,
    private val secrets: Secrets = Secrets.NONE,
) : StreamDecoder {
    private val choices = ArrayList<ChoiceState?>(1)
    private var id: String? = null
    private var model: String? = null
    private var usage: RequestUsage? = null
    private var done = false

    override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean {
        if (done) return true
        val data = frame.data
        if (data.isBlank()) return false
        if (data.trim() == "[DONE]") {
            done = true
            for (c in choices) c?.endCalls(out)
            return true
        }
        if (frame.event == "error") throw MistralErrors.fromPayload(provider, data, requestId, streaming = true, secrets = secrets)
        val chunk = try {
            WireJson.decodeFromString(CompletionDto.serializer(), data)
        } catch (e: IllegalArgumentException) { // SerializationException is one
            throw DecodeErrors.unreadable(provider, "stream sent a chunk that is not valid JSON", data, requestId, e, secrets, max = 300)
        }
        if (chunk.`object` == "error") throw MistralErrors.fromPayload(provider, data, requestId, streaming = true, secrets = secrets)
        if (id == null) id = chunk.id?.ifEmpty { null }
        if (model == null) model = chunk.model?.ifEmpty { null }
        chunk.usage?.let { usage = MistralResponseDecoder.usage(it) }
        for (c in chunk.choices.orEmpty()) {
            val state = state(c.index, data)
            c.delta?.let { state.apply(it, out) }
            val reason = c.finishReason
            if (reason != null && state.finishReason == null) {
                state.finishReason = reason
                state.endCalls(out)
            }
        }
        return false
    }

    override fun finish(terminated: Boolean): CreateResult {
        if (!terminated) {
            throw StreamInterruptedException(
                "The $provider stream ended before [DONE]: the answer is incomplete (received ${received()})", provider, 200, requestId,
            )
        }
        val result = choices.filterNotNull().map { it.toChoice() }
        if (result.isEmpty()) throw ProtocolException("The $provider stream finished without any choice", provider, 200, requestId)
        return CreateResult(result, usage ?: RequestUsage.ZERO, id = id, model = model)
    }

    private fun received(): String {
        val c = choices.firstOrNull { it != null } ?: return "nothing"
        return "${c.content.text?.length ?: 0} characters of text and ${c.calls.size} tool calls in choice ${c.index}"
    }

    private fun state(index: Int, data: String): ChoiceState {
        if (index < 0 || index > MAX_CHOICES) {
            throw ProtocolException(
                "The $provider stream sent a choice index out of range ($index)", provider, 200, requestId, DecodeErrors.excerpt(data, secrets),
            )
        }
        while (choices.size <= index) choices.add(null)
        return choices[index] ?: ChoiceState(index).also { choices[index] = it }
    }

    private inner class ChoiceState(val index: Int) {
        val content = MistralResponseDecoder.Content()
        val calls = ArrayList<CallState>(0)
        var finishReason: String? = null
        private var ended = false

        fun apply(delta: MessageDto, out: MutableList<ChatStreamEvent>) {
            content.add(delta.content, { out += ChatStreamEvent.TextDelta(it, index) }, { out += ChatStreamEvent.ThoughtDelta(it, index) })
            delta.toolCalls?.forEach { toolCall(it, out) }
        }

        private fun toolCall(call: ToolCallDto, out: MutableList<ChatStreamEvent>) {
            if (ended) {
                throw ProtocolException("The $provider stream sent a tool call after choice $index finished", provider, 200, requestId)
            }
            val state = find(call.index, call.id?.ifEmpty { null })
            call.id?.ifEmpty { null }?.let { state.id = it }
            call.function?.name?.ifEmpty { null }?.let { if (state.name == null) state.name = it }
            val args = call.function?.arguments
            val piece = if (args == null) "" else MistralResponseDecoder.arguments(args)
            if (!state.started && state.name != null) {
                state.started = true
                val callId = state.id ?: MistralResponseDecoder.syntheticCallId(index, state.position)
                out += ChatStreamEvent.ToolCallStart(state.position, callId, state.name!!, index)
                if (state.arguments.isNotEmpty()) out += ChatStreamEvent.ToolCallDelta(state.position, state.arguments.toString(), index)
            }
            if (piece.isNotEmpty()) {
                state.arguments.append(piece)
                if (state.started) out += ChatStreamEvent.ToolCallDelta(state.position, piece, index)
            }
        }

        private fun find(wireIndex: Int?, callId: String?): CallState {
            if (wireIndex != null) {
                calls.firstOrNull { it.wireIndex == wireIndex }?.let { return it }
            } else {
                val last = calls.lastOrNull()
                if (last != null && (callId == null || callId == last.id)) return last
            }
            return CallState(wireIndex, calls.size).also { calls += it }
        }

        fun endCalls(out: MutableList<ChatStreamEvent>) {
            if (ended) return
            ended = true
            for (c in calls) out += ChatStreamEvent.ToolCallEnd(c.position, c.toCall(index), index)
        }

        fun toChoice() = MistralResponseDecoder.choice(index, finishReason, content, calls.map { it.toCall(index) })
    }

    private inner class CallState(val wireIndex: Int?, val position: Int) {
        var id: String? = null
        var name: String? = null
        var started = false
        val arguments = StringBuilder()

        fun toCall(choice: Int): FunctionCall {
            val n = name ?: throw ProtocolException(
                "The $provider stream sent a tool call without a function name (choice $choice, call $position)", provider, 200, requestId,
            )
            return FunctionCall(id ?: MistralResponseDecoder.syntheticCallId(choice, position), n, arguments.toString().ifEmpty { "{}" })
        }
    }

    private companion object {
        const val MAX_CHOICES = 1024
    }
}

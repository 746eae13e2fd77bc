package dev.switchboard.openai

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.openai.internal.OutputItemDto
import dev.switchboard.openai.internal.ResponseEventDto
import dev.switchboard.openai.internal.WireJson
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.TextAccumulator
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Decodes the SSE events of one streamed Responses API call. `response.output_text.delta` becomes a text delta,
 * `response.reasoning_summary_text.delta` a thought delta, a `function_call` item's `response.output_item.added`,
 * `response.function_call_arguments.delta` and `response.output_item.done` a tool call's start, argument deltas and
 * end (tool calls numbered in the order they appear). `response.completed` and `response.incomplete` end the stream,
 * whose result is their response read as [ResponsesResponseDecoder] reads a whole one (the items the stream
 * finished stand in when it lists none); `response.failed` and `error` interrupt it with the server's error. A
 * stream that ends before either terminal event is interrupted: the answer is incomplete.
 *
 * The text of several messages, and several reasoning summaries, are separated by a blank line, in the deltas as in
 * the result; when a `….done` event holds more than its deltas did (a proxy that dropped some), the rest is emitted
 * then, so that the deltas always add up to the result. A refusal is not streamed (as with Chat Completions): it is
 * read from the final response. Other events (content parts, annotations, built-in tools) change nothing.
 */
internal class ResponsesStreamDecoder(
    private val provider: String,
    private val requestId: String?,
    private val secrets: Secrets = Secrets.NONE,
    /** Whether text deltas are read by [ResponsesDeltaReader] (false only in tests, to compare with the DTOs' reading). */
    fastPath: Boolean = true,
) : StreamDecoder {
    private val fast = if (fastPath) ResponsesDeltaReader() else null
    private val responses = ResponsesResponseDecoder(provider, secrets)
    private val items = HashMap<Int, ItemState>()
    private var calls = 0
    private var id: String? = null
    private var model: String? = null
    private var done = false

    /** The `response.completed` or `response.incomplete` event that ended the stream. */
    private var terminal: ResponseEventDto? = null

    /** Where the last text and thought deltas came from, to put the separator between messages or summaries. */
    private var textFrom: Any? = null
    private var thoughtFrom: Any? = null
    private var textSeen = 0
    private var thoughtSeen = 0

    override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean {
        if (done) return true
        if (fast != null && fast.read(frame.bytes)) {
            val i = checkIndex(fast.outputIndex) { frame.data }
            text(items.getOrPut(i) { ItemState(i) }, fast.contentIndex, fast.delta, out)
            return false
        }
        val data = frame.data
        if (data.isBlank()) return false
        val event = try {
            WireJson.decodeFromString(ResponseEventDto.serializer(), data)
        } catch (e: IllegalArgumentException) { // SerializationException is one
            throw DecodeErrors.unreadable(provider, "stream sent an event that is not valid JSON", data, requestId, e, secrets, max = 300)
        }
        val type = event.type ?: frame.event
            ?: throw ProtocolException("The $provider stream sent an event without a type", provider, 200, requestId, DecodeErrors.excerpt(data, secrets))
        when (type) {
            "response.created", "response.in_progress", "response.queued" -> event.response?.let { r ->
                r.id?.ifEmpty { null }?.let { id = it }
                r.model?.ifEmpty { null }?.let { model = it }
            }
            "response.output_item.added" -> event.item?.let { added(index(event, data), it, out) }
            "response.output_text.delta" -> text(item(event, data), event.contentIndex ?: 0, event.delta ?: "", out)
            "response.output_text.done" -> {
                val state = item(event, data)
                event.text?.let { rest(state.text(event.contentIndex ?: 0), it)?.let { r -> text(state, event.contentIndex ?: 0, r, out) } }
            }
            "response.reasoning_summary_text.delta" -> thought(item(event, data), event.summaryIndex ?: 0, event.delta ?: "", out)
            "response.reasoning_summary_text.done" -> {
                val state = item(event, data)
                val part = event.summaryIndex ?: 0
                event.text?.let { rest(state.summary(part), it)?.let { r -> thought(state, part, r, out) } }
            }
            "response.function_call_arguments.delta" -> arguments(item(event, data), event.delta ?: "", out)
            "response.function_call_arguments.done" -> {
                val state = item(event, data)
                event.arguments?.let { rest(state.arguments, it)?.let { r -> arguments(state, r, out) } }
            }
            "response.output_item.done" -> event.item?.let { finished(index(event, data), it, out) }
            "response.completed", "response.incomplete" -> {
                done = true
                terminal = event
                for (state in items.values.sortedBy { it.index }) state.end(out)
                return true
            }
            "response.failed" -> {
                val r = event.response
                throw OpenAiErrors.fromErrorPayload(
                    provider, r?.error ?: JsonPrimitive("the response failed"), requestId, data, streaming = true, secrets,
                )
            }
            "error" -> {
                val error = event.error ?: JsonObject(
                    listOfNotNull(
                        event.message?.let { "message" to JsonPrimitive(it) }, event.code?.let { "code" to it },
                    ).toMap(),
                )
                throw OpenAiErrors.fromErrorPayload(provider, error, requestId, data, streaming = true, secrets)
            }
        }
        return false
    }

    override fun finish(terminated: Boolean): CreateResult {
        val end = terminal
        if (!terminated || end == null) {
            throw StreamInterruptedException(
                "The $provider stream ended before response.completed: the answer is incomplete (received $textSeen characters " +
                    "of text, $thoughtSeen of reasoning and $calls tool calls)",
                provider, 200, requestId,
            )
        }
        val response = end.response
            ?: throw ProtocolException("The $provider stream's ${end.type} event has no response", provider, 200, requestId)
        val finished = items.values.sortedBy { it.index }.mapNotNull { it.final }
        val result = responses.result(response, requestId, "", streaming = true, items = finished)
        return if (result.id == null && id != null || result.model == null && model != null) {
            result.newBuilder().id(result.id ?: id).model(result.model ?: model).build()
        } else {
            result
        }
    }

    private fun added(index: Int, item: OutputItemDto, out: MutableList<ChatStreamEvent>) {
        val state = items.getOrPut(index) { ItemState(index) }
        state.type = item.type
        state.itemId = item.id
        if (item.type == "function_call") {
            state.callId = item.callId ?: item.id
            state.name = item.name?.ifEmpty { null }
            start(state, out)
            val initial = ResponsesResponseDecoder.arguments(item.arguments)
            if (initial.isNotEmpty()) arguments(state, initial, out)
        }
    }

    private fun finished(index: Int, item: OutputItemDto, out: MutableList<ChatStreamEvent>) {
        val state = items.getOrPut(index) { ItemState(index).also { it.type = item.type } }
        state.final = item
        if (item.type == "function_call") {
            if (state.callId == null) state.callId = item.callId ?: item.id
            if (state.name == null) state.name = item.name?.ifEmpty { null }
            start(state, out)
            rest(state.arguments, ResponsesResponseDecoder.arguments(item.arguments))?.let { arguments(state, it, out) }
            state.end(out)
        }
    }

    private fun start(state: ItemState, out: MutableList<ChatStreamEvent>) {
        if (state.position >= 0) return
        val name = state.name ?: return
        state.position = calls++
        out += ChatStreamEvent.ToolCallStart(state.position, callId(state), name)
        if (state.arguments.isNotEmpty()) out += ChatStreamEvent.ToolCallDelta(state.position, state.arguments.toString())
    }

    private fun arguments(state: ItemState, fragment: String, out: MutableList<ChatStreamEvent>) {
        if (fragment.isEmpty()) return
        state.arguments.append(fragment)
        if (state.position >= 0) out += ChatStreamEvent.ToolCallDelta(state.position, fragment)
    }

    private fun text(state: ItemState, part: Int, delta: String, out: MutableList<ChatStreamEvent>) {
        if (delta.isEmpty()) return
        state.text(part).append(delta)
        if (textFrom != null && textFrom != state) out += ChatStreamEvent.TextDelta(ResponsesResponseDecoder.SEPARATOR)
        textFrom = state
        textSeen += delta.length
        out += ChatStreamEvent.TextDelta(delta)
    }

    private fun thought(state: ItemState, part: Int, delta: String, out: MutableList<ChatStreamEvent>) {
        if (delta.isEmpty()) return
        state.summary(part).append(delta)
        val from = state.index to part
        if (thoughtFrom != null && thoughtFrom != from) out += ChatStreamEvent.ThoughtDelta(ResponsesResponseDecoder.SEPARATOR)
        thoughtFrom = from
        thoughtSeen += delta.length
        out += ChatStreamEvent.ThoughtDelta(delta)
    }

    /** What [whole] has beyond [sofar] when it extends it, or null. */
    private fun rest(sofar: CharSequence, whole: String): String? =
        if (whole.length > sofar.length && whole.startsWith(sofar)) whole.substring(sofar.length) else null

    private fun index(event: ResponseEventDto, data: String): Int {
        val itemId = event.itemId ?: event.item?.id
        val i = event.outputIndex ?: items.values.firstOrNull { itemId != null && it.itemId == itemId }?.index ?: items.size
        return checkIndex(i) { data }
    }

    private inline fun checkIndex(i: Int, data: () -> String): Int {
        if (i < 0 || i > MAX_ITEMS) {
            throw ProtocolException("The $provider stream sent an output index out of range ($i)", provider, 200, requestId, DecodeErrors.excerpt(data(), secrets))
        }
        return i
    }

    private fun item(event: ResponseEventDto, data: String): ItemState = items.getOrPut(index(event, data)) { ItemState(index(event, data)) }

    private fun callId(state: ItemState): String = state.callId ?: ChatResponseDecoder.syntheticCallId(0, state.position)

    /** One output item as the stream built it. */
    private inner class ItemState(val index: Int) {
        var type: String? = null
        var itemId: String? = null
        var callId: String? = null
        var name: String? = null
        var position = -1
        val arguments = StringBuilder()
        private val parts = HashMap<Int, TextAccumulator>(1)
        private val summaries = HashMap<Int, TextAccumulator>(1)
        var final: OutputItemDto? = null
        private var ended = false

        fun text(part: Int): TextAccumulator = parts.getOrPut(part) { TextAccumulator() }

        fun summary(part: Int): TextAccumulator = summaries.getOrPut(part) { TextAccumulator() }

        fun end(out: MutableList<ChatStreamEvent>) {
            if (ended || type != "function_call") return
            val name = name ?: throw ProtocolException(
                "The $provider stream sent a function call without a name (output item $index)", provider, 200, requestId,
            )
            ended = true
            out += ChatStreamEvent.ToolCallEnd(position, FunctionCall(callId(this), name, arguments.toString()))
        }
    }

    private companion object {
        const val MAX_ITEMS = 4096
    }
}

package dev.switchboard.cohere

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.cohere.internal.CitationDto
import dev.switchboard.cohere.internal.StreamEventDto
import dev.switchboard.cohere.internal.ToolCallDto
import dev.switchboard.cohere.internal.WireJson
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Decodes the server-sent events of one streamed Cohere v2 chat (`message-start`, `content-start` / `-delta` / `-end`,
 * `tool-plan-delta`, `tool-call-start` / `-delta` / `-end`, `citation-start` / `-end`, `message-end`) into events,
 * gathering what [CohereResponseDecoder] reads from a whole response, so that [finish] returns what a non-streaming
 * call would have returned.
 *
 * Text content becomes [ChatStreamEvent.TextDelta]s; thinking content and the tool plan [ChatStreamEvent.ThoughtDelta]s
 * (the thought holds them in the order they came); a tool call [ChatStreamEvent.ToolCallStart], a
 * [ChatStreamEvent.ToolCallDelta] per argument piece and [ChatStreamEvent.ToolCallEnd] at its `tool-call-end` (or at
 * `message-end` for a call cut off). Citations have no event of their own: they are in the result. `message-end` is
 * the terminator; a stream that ends before it is a [StreamInterruptedException]. Unknown event types are skipped.
 */
internal class CohereStreamDecoder(
    private val provider: String,
    private val requestId: String?,
    private val secrets: Secrets = Secrets.NONE,
    /** Whether text deltas are read by [ContentDeltaReader] (false only in tests, to compare with the DTOs' reading). */
    fastPath: Boolean = true,
) : StreamDecoder {
    private val fast = if (fastPath) ContentDeltaReader() else null
    private val answer = CohereResponseDecoder.Answer(provider, requestId)
    private val blocks = HashMap<Int, String>()
    private val calls = LinkedHashMap<Int, Call>()
    private var started = false
    private var id: String? = null
    private var finishReason: String? = null
    private var usage: RequestUsage = RequestUsage.ZERO
    private var done = false

    private class Call(val position: Int, val id: String, val name: String) {
        val arguments = StringBuilder()
        var ended = false
    }

    override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean {
        if (done) return true
        if (fast != null && fast.read(frame.bytes)) {
            piece(blocks[checkIndex(fast.index)] ?: "text", fast.text, null, out)
            return false
        }
        val data = frame.data
        if (data.isBlank()) return false
        val event = try {
            WireJson.decodeFromString(StreamEventDto.serializer(), data)
        } catch (e: IllegalArgumentException) { // SerializationException is one
            throw DecodeErrors.unreadable(provider, "stream sent an event that is not valid JSON", data, requestId, e, secrets, max = 300)
        }
        val message = event.delta?.message
        when (event.type ?: frame.event) {
            "message-start" -> {
                started = true
                id = event.id?.ifEmpty { null }
            }
            "content-start" -> {
                val content = message?.content as? JsonObject ?: throw malformed(data)
                val type = string(content["type"]) ?: "text"
                blocks[index(event, data)] = type
                content(type, content, out)
            }
            "content-delta" -> {
                val content = message?.content as? JsonObject ?: throw malformed(data)
                val type = blocks[index(event, data)] ?: if (content.containsKey("thinking")) "thinking" else "text"
                content(type, content, out)
            }
            "tool-plan-delta" -> thought(message?.toolPlan ?: throw malformed(data), out)
            "tool-call-start" -> startCall(index(event, data), toolCall(message?.toolCalls, data), data, out)
            "tool-call-delta" -> {
                val call = calls[index(event, data)] ?: throw outOfOrder("tool-call-delta", event.index, data)
                val piece = toolCall(message?.toolCalls, data).function?.arguments ?: ""
                if (piece.isNotEmpty() && !call.ended) {
                    call.arguments.append(piece)
                    out += ChatStreamEvent.ToolCallDelta(call.position, piece)
                }
            }
            "tool-call-end" -> end(calls[index(event, data)] ?: throw outOfOrder("tool-call-end", event.index, data), out)
            "citation-start" -> {
                val c = message?.citations ?: throw malformed(data)
                answer.citations += CohereResponseDecoder.citation(parse(CitationDto.serializer(), c, data))
            }
            "message-end" -> {
                for (c in calls.values) end(c, out)
                finishReason = event.delta?.finishReason
                usage = CohereResponseDecoder.usage(event.delta?.usage)
                done = true
                return true
            }
            "error" -> throw CohereErrors.fromStream(provider, data, requestId, secrets)
            else -> Unit // content-end, tool-call-end's peers, citation-end, debug, and kinds added later
        }
        return false
    }

    override fun finish(terminated: Boolean): CreateResult {
        if (!terminated) {
            throw StreamInterruptedException(
                "The $provider stream ended before message-end: the answer is incomplete (received " +
                    (if (started) "${answer.textLength} characters of text and ${calls.size} tool calls" else "nothing") + ")",
                provider, 200, requestId,
            )
        }
        if (!started) throw ProtocolException("The $provider stream finished without a message-start", provider, 200, requestId)
        for (c in calls.values) answer.call(c.id, c.name, c.arguments.toString(), c.position)
        return CreateResult(listOf(answer.toChoice(finishReason)), usage, id = id)
    }

    private fun content(type: String, content: JsonObject, out: MutableList<ChatStreamEvent>) =
        piece(type, string(content["text"]), string(content["thinking"]), out)

    /** A content piece of a block of [type]: its [text], or its [thinking] for a thinking block. */
    private fun piece(type: String, text: String?, thinking: String?, out: MutableList<ChatStreamEvent>) {
        if (type == "thinking") {
            thought(thinking ?: "", out)
        } else if (type == "text") {
            val piece = text ?: ""
            answer.text(piece)
            if (piece.isNotEmpty()) out += ChatStreamEvent.TextDelta(piece)
        }
    }

    private fun thought(piece: String, out: MutableList<ChatStreamEvent>) {
        answer.thought(piece)
        if (piece.isNotEmpty()) out += ChatStreamEvent.ThoughtDelta(piece)
    }

    private fun startCall(index: Int, dto: ToolCallDto, data: String, out: MutableList<ChatStreamEvent>) {
        if (calls.containsKey(index)) throw ProtocolException("The $provider stream started tool call $index twice", provider, 200, requestId)
        val callId = dto.id?.ifEmpty { null }
        val name = dto.function?.name?.ifEmpty { null }
        if (callId == null || name == null) {
            throw ProtocolException(
                "The $provider stream started a tool call without its id or name: ${DecodeErrors.excerpt(data, secrets)}",
                provider, 200, requestId, DecodeErrors.excerpt(data, secrets),
            )
        }
        val call = Call(calls.size, callId, name)
        calls[index] = call
        out += ChatStreamEvent.ToolCallStart(call.position, callId, name)
        val initial = dto.function.arguments ?: ""
        if (initial.isNotEmpty()) {
            call.arguments.append(initial)
            out += ChatStreamEvent.ToolCallDelta(call.position, initial)
        }
    }

    private fun end(call: Call, out: MutableList<ChatStreamEvent>) {
        if (call.ended) return
        call.ended = true
        out += ChatStreamEvent.ToolCallEnd(
            call.position, FunctionCall(call.id, call.name, CohereResponseDecoder.normalArguments(call.arguments.toString())),
        )
    }

    private fun toolCall(element: JsonElement?, data: String): ToolCallDto = parse(ToolCallDto.serializer(), element ?: throw malformed(data), data)

    private fun <T> parse(serializer: kotlinx.serialization.KSerializer<T>, element: JsonElement, data: String): T = try {
        WireJson.decodeFromJsonElement(serializer, element)
    } catch (e: IllegalArgumentException) {
        throw DecodeErrors.unreadable(provider, "stream sent an event of an unexpected shape", data, requestId, e, secrets, max = 300)
    }

    private fun index(event: StreamEventDto, data: String): Int = checkIndex(event.index ?: throw malformed(data))

    private fun checkIndex(i: Int): Int {
        if (i < 0 || i > MAX_INDEX) throw ProtocolException("The $provider stream sent an index out of range ($i)", provider, 200, requestId)
        return i
    }

    private fun outOfOrder(type: String, index: Int?, data: String): ProtocolException = ProtocolException(
        "The $provider stream sent $type for tool call $index before starting it: ${DecodeErrors.excerpt(data, secrets)}",
        provider, 200, requestId, DecodeErrors.excerpt(data, secrets),
    )

    private fun malformed(data: String): ProtocolException =
        DecodeErrors.unreadable(provider, "stream sent an event without the fields its type needs", data, requestId, null, secrets, max = 300)

    private fun string(e: JsonElement?): String? = (e as? JsonPrimitive)?.takeIf { it.isString }?.content

    private companion object {
        const val MAX_INDEX = 100_000
    }
}

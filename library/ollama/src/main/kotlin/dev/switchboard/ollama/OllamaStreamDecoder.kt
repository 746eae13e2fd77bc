package dev.switchboard.ollama

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.TokenLogprob
import dev.switchboard.ollama.internal.ChatResponseDto
import dev.switchboard.ollama.internal.WireJson
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.TextAccumulator

/**
 * Decodes the NDJSON lines of one streamed `/api/chat` answer into events, and assembles the text, the
 * reasoning (`thinking`), the tool calls and the log probabilities, so that [finish] returns what a
 * non-streaming call would have returned. The line with `done: true` is the terminator; it carries the
 * counts and `done_reason`.
 *
 * Ollama sends each tool call whole, in one line, so a call's [ChatStreamEvent.ToolCallStart],
 * [ChatStreamEvent.ToolCallDelta] (all its arguments) and [ChatStreamEvent.ToolCallEnd] come together.
 *
 * A line that is not JSON fails the stream with a [ProtocolException] when another line follows it; when it is
 * the last thing the body held, it is what remained of a line cut by a dropped connection, and [finish]
 * reports a [StreamInterruptedException]. An `error` line is a [StreamInterruptedException] with Ollama's message.
 */
internal class OllamaStreamDecoder(
    private val provider: String,
    private val requestId: String?,
    private val secrets: Secrets = Secrets.NONE,
    /** Whether content lines are read by [ContentLineReader] (false only in tests, to compare with the DTOs' reading). */
    fastPath: Boolean = true,
) : StreamDecoder {
    private val fast = if (fastPath) ContentLineReader() else null
    private var content: TextAccumulator? = null
    private var thinking: TextAccumulator? = null
    private val calls = ArrayList<FunctionCall>(0)
    private var logprobs: ArrayList<TokenLogprob>? = null
    private var model: String? = null
    private var doneReason: String? = null
    private var usage: RequestUsage = RequestUsage.ZERO
    private var lines = 0

    /** A line that could not be read, held until it is known whether more followed it. */
    private var unreadable: String? = null
    private var unreadableCause: Exception? = null

    override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean {
        if (fast != null && unreadable == null && fast.read(frame.bytes)) {
            lines++
            if (model == null) fast.model?.let { if (it.isNotEmpty()) model = it }
            val t = fast.content
            if (t.isNotEmpty()) {
                (content ?: TextAccumulator().also { content = it }).append(t)
                out += ChatStreamEvent.TextDelta(t)
            }
            return false
        }
        val data = frame.data
        if (data.isBlank()) return false
        unreadable?.let { throw malformed(it, unreadableCause) }
        val line = try {
            WireJson.decodeFromString(ChatResponseDto.serializer(), data)
        } catch (e: IllegalArgumentException) { // SerializationException is one
            unreadable = data
            unreadableCause = e
            return false
        }
        lines++
        line.error?.let { throw OllamaErrors.inBand(provider, it, requestId, data, secrets, streaming = true) }
        if (model == null) line.model?.let { if (it.isNotEmpty()) model = it }
        line.message?.let { m ->
            m.thinking?.let { t ->
                if (t.isNotEmpty()) {
                    (thinking ?: TextAccumulator().also { thinking = it }).append(t)
                    out += ChatStreamEvent.ThoughtDelta(t)
                }
            }
            m.content?.let { t ->
                if (t.isNotEmpty()) {
                    (content ?: TextAccumulator().also { content = it }).append(t)
                    out += ChatStreamEvent.TextDelta(t)
                }
            }
            m.toolCalls?.forEach { dto ->
                val position = calls.size
                val call = OllamaResponseDecoder.toolCall(dto, position) ?: throw ProtocolException(
                    "The $provider stream sent a tool call without a function name (call $position)",
                    provider, 200, requestId, DecodeErrors.excerpt(data, secrets, 300),
                )
                calls += call
                out += ChatStreamEvent.ToolCallStart(position, call.id, call.name)
                if (call.arguments.isNotEmpty()) out += ChatStreamEvent.ToolCallDelta(position, call.arguments)
                out += ChatStreamEvent.ToolCallEnd(position, call)
            }
        }
        line.logprobs?.let { list -> for (t in list) (logprobs ?: ArrayList<TokenLogprob>().also { logprobs = it }) += OllamaResponseDecoder.logprob(t) }
        if (!line.done) return false
        doneReason = line.doneReason
        usage = OllamaResponseDecoder.usage(line)
        return true
    }

    override fun finish(terminated: Boolean): CreateResult {
        if (!terminated) {
            val cut = unreadable
            val why = if (cut != null) {
                "its last line was cut off (${DecodeErrors.excerpt(cut, secrets, 120)})"
            } else {
                "received ${content?.length ?: 0} characters of text and ${calls.size} tool calls in $lines lines"
            }
            throw StreamInterruptedException(
                "The $provider stream ended before its final line (done: true): the answer is incomplete; $why",
                provider, 200, requestId,
            )
        }
        val choice = OllamaResponseDecoder.choice(content?.toString() ?: "", thinking?.toString(), calls.toList(), doneReason, logprobs)
        return CreateResult(listOf(choice), usage, model = model)
    }

    private fun malformed(data: String, e: Exception?): ProtocolException =
        DecodeErrors.unreadable(provider, "stream sent a line that is not valid JSON", data, requestId, e, secrets, max = 300)
}

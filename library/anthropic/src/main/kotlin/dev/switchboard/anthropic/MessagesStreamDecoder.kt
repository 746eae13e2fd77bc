package dev.switchboard.anthropic

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.anthropic.internal.ContentBlockDto
import dev.switchboard.anthropic.internal.DeltaDto
import dev.switchboard.anthropic.internal.StopDetailsDto
import dev.switchboard.anthropic.internal.StreamEventDto
import dev.switchboard.anthropic.internal.UsageDto
import dev.switchboard.anthropic.internal.WireJson
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.TextAccumulator

/**
 * Decodes the server-sent events of one streamed message (`message_start`, `content_block_start` /
 * `_delta` / `_stop`, `message_delta`, `message_stop`, `ping`, `error`) into events, gathering the same
 * answer [MessagesResponseDecoder] reads from a whole message, so that [finish] returns what a
 * non-streaming call would have returned.
 *
 * `text_delta` becomes [ChatStreamEvent.TextDelta], `thinking_delta` [ChatStreamEvent.ThoughtDelta],
 * `signature_delta` completes the thinking block's signature, and a `tool_use` block becomes
 * [ChatStreamEvent.ToolCallStart], one [ChatStreamEvent.ToolCallDelta] per non-empty `input_json_delta`,
 * and [ChatStreamEvent.ToolCallEnd] at its `content_block_stop` (or at `message_stop` for a block cut off
 * by the output limit). A call of [answerTool] is the structured answer: its input arrives as text deltas.
 * Event types this decoder does not know are skipped, as Anthropic's versioning policy asks.
 */
internal class MessagesStreamDecoder(
    private val provider: String,
    private val requestId: String?,
    private val answerTool: String?,
    private val secrets: Secrets = Secrets.NONE,
    /** Whether text deltas are read by [TextDeltaReader] (false only in tests, to compare with the DTOs' reading). */
    fastPath: Boolean = true,
) : StreamDecoder {
    private val blocks = HashMap<Int, Block>()
    private val order = ArrayList<Block>()
    private var started = false
    private var id: String? = null
    private var model: String? = null
    private var startUsage: UsageDto? = null
    private var deltaUsage: UsageDto? = null
    private var stopReason: String? = null
    private var stopDetails: StopDetailsDto? = null
    private var calls = 0
    private var done = false
    private val fast = if (fastPath) TextDeltaReader() else null

    private class Block(val type: String) {
        val text = TextAccumulator()
        val signature = StringBuilder()
        var data: String? = null
        var callId: String? = null
        var name: String? = null
        var initialInput: String? = null
        var position = -1
        var answer = false
        var closed = false
    }

    override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean {
        if (done) return true
        if (fast != null && fast.read(frame.bytes)) {
            val b = block(checkIndex(fast.index), frame)
            if (b.type == "text") appendText(b, fast.text, out)
            return false
        }
        val data = frame.data
        if (data.isBlank()) return false
        val event = try {
            WireJson.decodeFromString(StreamEventDto.serializer(), data)
        } catch (e: IllegalArgumentException) { // SerializationException is one
            throw malformed(data, e)
        }
        when (event.type ?: frame.event) {
            "message_start" -> {
                val m = event.message ?: throw malformed(data, null)
                started = true
                id = m.id?.ifEmpty { null }
                model = m.model?.ifEmpty { null }
                startUsage = m.usage
            }
            "content_block_start" -> start(index(event, data), event.contentBlock ?: throw malformed(data, null), out)
            "content_block_delta" -> delta(block(index(event, data), frame), event.delta ?: throw malformed(data, null), out)
            "content_block_stop" -> close(block(index(event, data), frame), out)
            "message_delta" -> {
                event.delta?.let { d ->
                    d.stopReason?.let { stopReason = it }
                    d.stopDetails?.let { stopDetails = it }
                }
                event.usage?.let { deltaUsage = merge(deltaUsage, it) }
            }
            "message_stop" -> {
                for (b in order) if (!b.closed) close(b, out)
                done = true
                return true
            }
            "error" -> throw AnthropicErrors.fromErrorPayload(provider, event.error, requestId, data, streaming = true, secrets = secrets)
            else -> Unit // ping, and event types added after this decoder was written
        }
        return false
    }

    override fun finish(terminated: Boolean): CreateResult {
        if (!terminated) {
            throw StreamInterruptedException(
                "The $provider stream ended before message_stop: the answer is incomplete (received ${received()})",
                provider, 200, requestId,
            )
        }
        if (!started) throw ProtocolException("The $provider stream finished without a message_start", provider, 200, requestId)
        val answer = MessagesResponseDecoder.Answer(answerTool)
        for (b in order) {
            when (b.type) {
                "text" -> answer.text(b.text.toString())
                "thinking" -> answer.thinking(b.text.toString(), b.signature.toString())
                "redacted_thinking" -> answer.redacted(b.data ?: "")
                "tool_use" -> answer.toolUse(b.callId!!, b.name!!, arguments(b))
            }
        }
        return CreateResult(
            listOf(answer.toChoice(stopReason, stopDetails)), MessagesResponseDecoder.usage(startUsage, deltaUsage), id = id, model = model,
        )
    }

    private fun start(index: Int, cb: ContentBlockDto, out: MutableList<ChatStreamEvent>) {
        if (blocks.containsKey(index)) {
            throw ProtocolException("The $provider stream started content block $index twice", provider, 200, requestId)
        }
        val b = Block(cb.type)
        blocks[index] = b
        order += b
        when (cb.type) {
            "text" -> cb.text?.let { appendText(b, it, out) }
            "thinking" -> {
                cb.thinking?.let { appendThinking(b, it, out) }
                cb.signature?.let { b.signature.append(it) }
            }
            "redacted_thinking" -> b.data = cb.data ?: ""
            "tool_use" -> {
                val name = cb.name
                val callId = cb.id
                if (name.isNullOrEmpty() || callId.isNullOrEmpty()) {
                    throw ProtocolException(
                        "The $provider stream started a tool_use block without its id or name (block $index)", provider, 200, requestId,
                    )
                }
                b.name = name
                b.callId = callId
                b.initialInput = cb.input?.toString()
                if (name == answerTool) {
                    b.answer = true
                } else {
                    b.position = calls++
                    out += ChatStreamEvent.ToolCallStart(b.position, callId, name)
                }
            }
        }
    }

    private fun delta(b: Block, d: DeltaDto, out: MutableList<ChatStreamEvent>) {
        // Deltas of blocks this library does not model (a server tool's input, say) are skipped with their blocks.
        when (d.type) {
            "text_delta" -> if (b.type == "text") appendText(b, d.text ?: "", out)
            "thinking_delta" -> if (b.type == "thinking") appendThinking(b, d.thinking ?: "", out)
            "signature_delta" -> if (b.type == "thinking") b.signature.append(d.signature ?: "")
            "input_json_delta" -> if (b.type == "tool_use") {
                val fragment = d.partialJson ?: ""
                if (fragment.isEmpty()) return
                b.text.append(fragment)
                out += if (b.answer) ChatStreamEvent.TextDelta(fragment) else ChatStreamEvent.ToolCallDelta(b.position, fragment)
            }
            else -> Unit // citations_delta and later kinds carry nothing this library models
        }
    }

    private fun appendText(b: Block, text: String, out: MutableList<ChatStreamEvent>) {
        b.text.append(text)
        if (text.isNotEmpty()) out += ChatStreamEvent.TextDelta(text)
    }

    private fun appendThinking(b: Block, text: String, out: MutableList<ChatStreamEvent>) {
        b.text.append(text)
        if (text.isNotEmpty()) out += ChatStreamEvent.ThoughtDelta(text)
    }

    private fun close(b: Block, out: MutableList<ChatStreamEvent>) {
        if (b.closed) return
        b.closed = true
        if (b.type == "tool_use" && !b.answer) out += ChatStreamEvent.ToolCallEnd(b.position, FunctionCall(b.callId!!, b.name!!, arguments(b)))
    }

    /** The streamed input, or the block's initial input (`{}`) when no fragment came: a call without arguments. */
    private fun arguments(b: Block): String = if (b.text.isNotEmpty()) b.text.toString() else b.initialInput ?: "{}"

    private fun block(index: Int, frame: StreamFrame): Block = blocks[index] ?: throw ProtocolException(
        "The $provider stream sent an event for content block $index before starting it: " +
            DecodeErrors.excerpt(frame.data, secrets),
        provider, 200, requestId, DecodeErrors.excerpt(frame.data, secrets),
    )

    private fun index(event: StreamEventDto, data: String): Int = checkIndex(event.index ?: throw malformed(data, null))

    private fun checkIndex(i: Int): Int {
        if (i < 0 || i > MAX_BLOCKS) {
            throw ProtocolException("The $provider stream sent a content block index out of range ($i)", provider, 200, requestId)
        }
        return i
    }

    private fun merge(old: UsageDto?, new: UsageDto): UsageDto = if (old == null) new else UsageDto(
        new.inputTokens ?: old.inputTokens,
        new.outputTokens ?: old.outputTokens,
        new.cacheCreationInputTokens ?: old.cacheCreationInputTokens,
        new.cacheReadInputTokens ?: old.cacheReadInputTokens,
    )

    private fun received(): String {
        if (!started) return "nothing"
        val text = order.filter { it.type == "text" }.sumOf { it.text.length }
        return "$text characters of text and $calls tool calls"
    }

    private fun malformed(data: String, e: Exception?): ProtocolException {
        val what = if (e == null) "an event without the fields its type needs" else "an event that is not valid JSON"
        return DecodeErrors.unreadable(provider, "stream sent $what", data, requestId, e, secrets, max = 300)
    }

    private companion object {
        const val MAX_BLOCKS = 100_000
    }
}

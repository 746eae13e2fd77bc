package dev.switchboard.bedrock

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.bedrock.internal.DeltaDto
import dev.switchboard.bedrock.internal.StreamEventDto
import dev.switchboard.bedrock.internal.UsageDto
import dev.switchboard.bedrock.internal.WireJson
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.TextAccumulator
import kotlinx.serialization.json.JsonObject

/**
 * Decodes the event-stream messages of one `ConverseStream` response (`messageStart`, `contentBlockStart` /
 * `Delta` / `Stop`, `messageStop`, `metadata`) into events, gathering the answer [ConverseResponseDecoder] reads from
 * a whole response, so that [finish] returns what `Converse` would have returned.
 *
 * Text deltas become [ChatStreamEvent.TextDelta], reasoning deltas [ChatStreamEvent.ThoughtDelta] (their signature or
 * redacted content kept for the result's thought blocks), a `toolUse` block [ChatStreamEvent.ToolCallStart], one
 * [ChatStreamEvent.ToolCallDelta] per input fragment and [ChatStreamEvent.ToolCallEnd] at its stop. The stream is
 * complete once both `messageStop` and `metadata` (the usage, which comes after the stop) have arrived, in either
 * order. An exception message (`throttlingException`, `modelStreamErrorException`, …) is a
 * [StreamInterruptedException] whose cause is the typed error it stands for. Unknown event types are skipped.
 */
internal class ConverseStreamDecoder(
    private val provider: String,
    private val requestId: String?,
    private val answerTool: String?,
    private val secrets: Secrets = Secrets.NONE,
    /** Whether text deltas are read by [TextDeltaReader] (false only in tests, to compare with the DTOs' reading). */
    fastPath: Boolean = true,
) : StreamDecoder {
    private val fast = if (fastPath) TextDeltaReader() else null
    private val blocks = HashMap<Int, Block>()
    private val order = ArrayList<Block>()
    private var stopReason: String? = null
    private var stopped = false
    private var usage: UsageDto? = null
    private var trace: JsonObject? = null
    private var metadata = false
    private var calls = 0
    private var done = false

    private class Block {
        var kind: Kind? = null
        val text = TextAccumulator()
        val signature = StringBuilder()
        var redacted: String? = null
        var callId: String? = null
        var name: String? = null
        var position = -1
        var answer = false
        var closed = false
    }

    private enum class Kind { TEXT, REASONING, TOOL }

    override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean {
        if (done) return true
        when (frame.headers[":message-type"]) {
            "exception" -> throw BedrockErrors.streamException(provider, frame.event, frame.data, requestId, secrets)
            "error" -> throw BedrockErrors.streamException(
                provider, frame.event, frame.headers[":error-message"] ?: frame.data, requestId, secrets,
            )
        }
        val type = frame.event ?: return false
        if (type == "contentBlockDelta" && fast != null && fast.read(frame.bytes)) {
            val b = block(checkIndex(fast.index))
            if (kind(b, Kind.TEXT)) {
                b.text.append(fast.text)
                if (fast.text.isNotEmpty()) out += ChatStreamEvent.TextDelta(fast.text)
            }
            done = stopped && metadata
            return done
        }
        if (type !in KNOWN) return false
        val data = frame.data
        val event = try {
            WireJson.decodeFromString(StreamEventDto.serializer(), data)
        } catch (e: IllegalArgumentException) {
            throw malformed(type, data, e)
        }
        when (type) {
            "contentBlockStart" -> start(index(event, type, data), event, out)
            "contentBlockDelta" -> delta(block(index(event, type, data)), event.delta ?: throw malformed(type, data, null), out)
            "contentBlockStop" -> blocks[index(event, type, data)]?.let { close(it, out) }
            "messageStop" -> {
                for (b in order) close(b, out)
                stopReason = event.stopReason
                stopped = true
            }
            "metadata" -> {
                usage = event.usage
                trace = event.trace
                metadata = true
            }
            else -> Unit // messageStart: the role only
        }
        done = stopped && metadata
        return done
    }

    override fun finish(terminated: Boolean): CreateResult {
        if (!terminated) {
            val missing = listOfNotNull("messageStop".takeUnless { stopped }, "metadata".takeUnless { metadata }).joinToString(" and ")
            throw StreamInterruptedException(
                "The $provider stream ended before its $missing event: the answer is incomplete (received ${received()})",
                provider, 200, requestId,
            )
        }
        val answer = ConverseResponseDecoder.Answer(answerTool)
        for (b in order) {
            when (b.kind) {
                Kind.TEXT -> answer.text(b.text.toString())
                Kind.REASONING -> {
                    if (b.text.isNotEmpty() || b.signature.isNotEmpty()) answer.thinking(b.text.toString(), b.signature.toString())
                    b.redacted?.let { answer.redacted(it) }
                }
                Kind.TOOL -> answer.toolUse(b.callId!!, b.name!!, arguments(b))
                null -> Unit
            }
        }
        return CreateResult(listOf(answer.toChoice(stopReason, trace)), ConverseResponseDecoder.usage(usage))
    }

    private fun start(index: Int, event: StreamEventDto, out: MutableList<ChatStreamEvent>) {
        val existing = blocks[index]
        if (existing?.kind != null) {
            throw ProtocolException("The $provider stream started content block $index twice", provider, 200, requestId)
        }
        val b = existing ?: block(index)
        val tool = event.start?.toolUse ?: return
        val id = tool.toolUseId
        val name = tool.name
        if (id.isNullOrEmpty() || name.isNullOrEmpty()) {
            throw ProtocolException(
                "The $provider stream started a toolUse block without its toolUseId or name (block $index)", provider, 200, requestId,
            )
        }
        b.kind = Kind.TOOL
        b.callId = id
        b.name = name
        if (name == answerTool) {
            b.answer = true
        } else {
            b.position = calls++
            out += ChatStreamEvent.ToolCallStart(b.position, id, name)
        }
    }

    private fun delta(b: Block, d: DeltaDto, out: MutableList<ChatStreamEvent>) {
        d.text?.let { text ->
            if (kind(b, Kind.TEXT)) {
                b.text.append(text)
                if (text.isNotEmpty()) out += ChatStreamEvent.TextDelta(text)
            }
        }
        d.toolUse?.input?.let { fragment ->
            if (b.kind == Kind.TOOL && fragment.isNotEmpty()) {
                b.text.append(fragment)
                out += if (b.answer) ChatStreamEvent.TextDelta(fragment) else ChatStreamEvent.ToolCallDelta(b.position, fragment)
            }
        }
        d.reasoningContent?.let { r ->
            if (!kind(b, Kind.REASONING)) return
            r.text?.let {
                b.text.append(it)
                if (it.isNotEmpty()) out += ChatStreamEvent.ThoughtDelta(it)
            }
            r.signature?.let { b.signature.append(it) }
            r.redactedContent?.let { b.redacted = (b.redacted ?: "") + it }
        }
    }

    /** Whether [b] is of [kind], making it so when it is still of none (a text block needs no start event). */
    private fun kind(b: Block, kind: Kind): Boolean {
        if (b.kind == null) b.kind = kind
        return b.kind == kind
    }

    private fun close(b: Block, out: MutableList<ChatStreamEvent>) {
        if (b.closed) return
        b.closed = true
        if (b.kind == Kind.TOOL && !b.answer) out += ChatStreamEvent.ToolCallEnd(b.position, FunctionCall(b.callId!!, b.name!!, arguments(b)))
    }

    private fun arguments(b: Block): String = if (b.text.isNotEmpty()) b.text.toString() else "{}"

    private fun block(index: Int): Block = blocks.getOrPut(index) { Block().also { order += it } }

    private fun index(event: StreamEventDto, type: String, data: String): Int {
        return checkIndex(event.contentBlockIndex ?: throw malformed(type, data, null))
    }

    private fun checkIndex(i: Int): Int {
        if (i < 0 || i > MAX_BLOCKS) {
            throw ProtocolException("The $provider stream sent a content block index out of range ($i)", provider, 200, requestId)
        }
        return i
    }

    private fun received(): String {
        val text = order.filter { it.kind == Kind.TEXT }.sumOf { it.text.length }
        return "$text characters of text and $calls tool calls"
    }

    private fun malformed(type: String, data: String, e: Exception?): ProtocolException {
        val what = if (e == null) "a $type event without the fields it needs" else "a $type event that is not valid JSON"
        return DecodeErrors.unreadable(provider, "stream sent $what", data, requestId, e, secrets, max = 300)
    }

    private companion object {
        const val MAX_BLOCKS = 100_000
        val KNOWN = setOf("messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata")
    }
}

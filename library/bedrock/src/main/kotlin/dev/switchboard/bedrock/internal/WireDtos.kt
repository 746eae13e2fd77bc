package dev.switchboard.bedrock.internal

import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject

/** The JSON settings of the Converse wire format: nulls omitted, unknown fields (such as the stream's `p` padding) ignored. */
internal val WireJson: Json = Json {
    explicitNulls = false
    encodeDefaults = false
    ignoreUnknownKeys = true
}

// The request is built as a JSON tree by the encoder; these read the responses.

/** The body of a `Converse` response. */
@Serializable
internal class ConverseResponseDto(
    val output: OutputDto? = null,
    val stopReason: String? = null,
    val usage: UsageDto? = null,
    val trace: JsonObject? = null,
    val additionalModelResponseFields: JsonElement? = null,
    /** Set on an error body (`{"message": …}`). */
    val message: String? = null,
)

@Serializable
internal class OutputDto(val message: MessageDto? = null)

@Serializable
internal class MessageDto(val role: String? = null, val content: List<ContentBlockDto>? = null)

/** A content block: exactly one of its fields is set; blocks of other kinds (citations, guard content) are skipped. */
@Serializable
internal class ContentBlockDto(
    val text: String? = null,
    val toolUse: ToolUseDto? = null,
    val reasoningContent: ReasoningDto? = null,
)

@Serializable
internal class ToolUseDto(val toolUseId: String? = null, val name: String? = null, val input: JsonElement? = null)

@Serializable
internal class ReasoningDto(val reasoningText: ReasoningTextDto? = null, val redactedContent: String? = null)

@Serializable
internal class ReasoningTextDto(val text: String? = null, val signature: String? = null)

@Serializable
internal class UsageDto(
    val inputTokens: Int? = null,
    val outputTokens: Int? = null,
    val totalTokens: Int? = null,
    val cacheReadInputTokens: Int? = null,
    val cacheWriteInputTokens: Int? = null,
)

/** An error body: `{"message": …}`, with the error type in `__type` or `code` when the body carries it. */
@Serializable
internal class ErrorBodyDto(
    val message: String? = null,
    @kotlinx.serialization.SerialName("Message") val upperMessage: String? = null,
    @kotlinx.serialization.SerialName("__type") val type: String? = null,
    val code: String? = null,
)

// ---------------------------------------------------------------- stream

/**
 * The payload of one `ConverseStream` event, whose type is the message's `:event-type`: `messageStart` (role),
 * `contentBlockStart` (index, start), `contentBlockDelta` (index, delta), `contentBlockStop` (index), `messageStop`
 * (stop reason) and `metadata` (usage, metrics, trace); an exception's payload has its `message`.
 */
@Serializable
internal class StreamEventDto(
    val role: String? = null,
    val contentBlockIndex: Int? = null,
    val start: BlockStartDto? = null,
    val delta: DeltaDto? = null,
    val stopReason: String? = null,
    val usage: UsageDto? = null,
    val trace: JsonObject? = null,
    val message: String? = null,
)

@Serializable
internal class BlockStartDto(val toolUse: ToolUseDto? = null)

@Serializable
internal class DeltaDto(
    val text: String? = null,
    val toolUse: ToolUseDeltaDto? = null,
    val reasoningContent: ReasoningDeltaDto? = null,
)

@Serializable
internal class ToolUseDeltaDto(val input: String? = null)

@Serializable
internal class ReasoningDeltaDto(val text: String? = null, val signature: String? = null, val redactedContent: String? = null)

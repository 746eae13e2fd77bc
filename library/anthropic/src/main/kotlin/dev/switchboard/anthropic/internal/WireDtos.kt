package dev.switchboard.anthropic.internal

import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject

/** The JSON settings of the Messages wire format: nulls omitted, unknown fields ignored. */
internal val WireJson: Json = Json {
    explicitNulls = false
    encodeDefaults = false
    ignoreUnknownKeys = true
}

// ---------------------------------------------------------------- request

/** The body of `POST /v1/messages`; content blocks, tools and options are built as JSON trees by the encoder. */
@Serializable
internal class MessagesRequestDto(
    val model: String,
    val messages: List<InputMessageDto>,
    @SerialName("max_tokens") val maxTokens: Int,
    /** An array of text blocks (so that each can carry `cache_control`). */
    val system: JsonArray? = null,
    val metadata: JsonObject? = null,
    @SerialName("stop_sequences") val stopSequences: List<String>? = null,
    val stream: Boolean? = null,
    val temperature: Double? = null,
    @SerialName("top_p") val topP: Double? = null,
    @SerialName("top_k") val topK: Int? = null,
    val thinking: JsonObject? = null,
    @SerialName("tool_choice") val toolChoice: JsonObject? = null,
    val tools: List<JsonObject>? = null,
    @SerialName("output_config") val outputConfig: JsonObject? = null,
)

@Serializable
internal class InputMessageDto(val role: String, val content: List<JsonObject>)

// ---------------------------------------------------------------- response

/** A `message` object: the whole non-streaming response, and the start of a stream. */
@Serializable
internal class MessageDto(
    val id: String? = null,
    val type: String? = null,
    val role: String? = null,
    val content: List<ContentBlockDto>? = null,
    val model: String? = null,
    @SerialName("stop_reason") val stopReason: String? = null,
    @SerialName("stop_sequence") val stopSequence: String? = null,
    @SerialName("stop_details") val stopDetails: StopDetailsDto? = null,
    val usage: UsageDto? = null,
    /** Set when the body is an error object (`"type":"error"`) rather than a message. */
    val error: ErrorDto? = null,
)

/** Any content block: `text`, `thinking`, `redacted_thinking`, `tool_use`, or one this library does not read. */
@Serializable
internal class ContentBlockDto(
    val type: String,
    val text: String? = null,
    val thinking: String? = null,
    val signature: String? = null,
    val data: String? = null,
    val id: String? = null,
    val name: String? = null,
    val input: JsonElement? = null,
)

@Serializable
internal class StopDetailsDto(
    val type: String? = null,
    val category: String? = null,
    val explanation: String? = null,
)

@Serializable
internal class UsageDto(
    @SerialName("input_tokens") val inputTokens: Int? = null,
    @SerialName("output_tokens") val outputTokens: Int? = null,
    @SerialName("cache_creation_input_tokens") val cacheCreationInputTokens: Int? = null,
    @SerialName("cache_read_input_tokens") val cacheReadInputTokens: Int? = null,
)

@Serializable
internal class ErrorDto(val type: String? = null, val message: String? = null)

/** `{"type":"error","error":{"type","message"},"request_id"}`. */
@Serializable
internal class ErrorBodyDto(
    val type: String? = null,
    val error: ErrorDto? = null,
    @SerialName("request_id") val requestId: String? = null,
)

// ---------------------------------------------------------------- stream

/** One server-sent event of a streamed message; which fields are set depends on [type]. */
@Serializable
internal class StreamEventDto(
    val type: String? = null,
    val message: MessageDto? = null,
    val index: Int? = null,
    @SerialName("content_block") val contentBlock: ContentBlockDto? = null,
    val delta: DeltaDto? = null,
    val usage: UsageDto? = null,
    val error: ErrorDto? = null,
)

/** A `content_block_delta`'s delta (by [type]), or a `message_delta`'s (stop reason and details). */
@Serializable
internal class DeltaDto(
    val type: String? = null,
    val text: String? = null,
    val thinking: String? = null,
    val signature: String? = null,
    @SerialName("partial_json") val partialJson: String? = null,
    @SerialName("stop_reason") val stopReason: String? = null,
    @SerialName("stop_sequence") val stopSequence: String? = null,
    @SerialName("stop_details") val stopDetails: StopDetailsDto? = null,
)

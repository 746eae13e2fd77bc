package dev.switchboard.cohere.internal

import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject

/** The JSON settings of Cohere's v2 chat wire format: nulls omitted, unknown fields ignored. */
internal val WireJson: Json = Json {
    explicitNulls = false
    encodeDefaults = false
    ignoreUnknownKeys = true
}

// ---------------------------------------------------------------- request

/** The body of `POST /v2/chat`; messages, tools, documents and the response format are JSON trees built by the encoder. */
@Serializable
internal class ChatRequestDto(
    val model: String,
    val messages: List<JsonObject>,
    val stream: Boolean,
    val tools: List<JsonObject>? = null,
    @SerialName("strict_tools") val strictTools: Boolean? = null,
    @SerialName("tool_choice") val toolChoice: String? = null,
    @SerialName("response_format") val responseFormat: JsonObject? = null,
    @SerialName("citation_options") val citationOptions: JsonObject? = null,
    @SerialName("safety_mode") val safetyMode: String? = null,
    @SerialName("max_tokens") val maxTokens: Int? = null,
    @SerialName("stop_sequences") val stopSequences: List<String>? = null,
    val temperature: Double? = null,
    val seed: Long? = null,
    @SerialName("frequency_penalty") val frequencyPenalty: Double? = null,
    @SerialName("presence_penalty") val presencePenalty: Double? = null,
    val k: Int? = null,
    val p: Double? = null,
    val thinking: JsonObject? = null,
)

// ---------------------------------------------------------------- response

/** A whole chat response. */
@Serializable
internal class ChatResponseDto(
    val id: String? = null,
    @SerialName("finish_reason") val finishReason: String? = null,
    val message: MessageDto? = null,
    val usage: UsageDto? = null,
)

/** The assistant's message; [content] items are `text` or `thinking`. */
@Serializable
internal class MessageDto(
    val role: String? = null,
    val content: List<ContentDto>? = null,
    @SerialName("tool_plan") val toolPlan: String? = null,
    @SerialName("tool_calls") val toolCalls: List<ToolCallDto>? = null,
    val citations: List<CitationDto>? = null,
)

@Serializable
internal class ContentDto(val type: String? = null, val text: String? = null, val thinking: String? = null)

@Serializable
internal class ToolCallDto(val id: String? = null, val type: String? = null, val function: FunctionDto? = null)

@Serializable
internal class FunctionDto(val name: String? = null, val arguments: String? = null)

@Serializable
internal class CitationDto(
    val start: Int? = null,
    val end: Int? = null,
    val text: String? = null,
    val sources: List<SourceDto>? = null,
    val type: String? = null,
)

/** A citation's source: a `document` (with the document's fields) or a `tool` result (with its output). */
@Serializable
internal class SourceDto(
    val type: String? = null,
    val id: String? = null,
    val document: JsonObject? = null,
    @SerialName("tool_output") val toolOutput: JsonElement? = null,
)

@Serializable
internal class UsageDto(
    @SerialName("billed_units") val billedUnits: TokensDto? = null,
    val tokens: TokensDto? = null,
    @SerialName("cached_tokens") val cachedTokens: Int? = null,
)

@Serializable
internal class TokensDto(
    @SerialName("input_tokens") val inputTokens: Double? = null,
    @SerialName("output_tokens") val outputTokens: Double? = null,
)

// ---------------------------------------------------------------- stream

/** One event of a stream; which fields are set depends on [type]. */
@Serializable
internal class StreamEventDto(
    val type: String? = null,
    val id: String? = null,
    val index: Int? = null,
    val delta: StreamDeltaDto? = null,
)

@Serializable
internal class StreamDeltaDto(
    val message: StreamMessageDto? = null,
    @SerialName("finish_reason") val finishReason: String? = null,
    val usage: UsageDto? = null,
    val error: String? = null,
)

/** A stream delta's message: one content piece, a tool plan piece, one tool call (not a list), or one citation. */
@Serializable
internal class StreamMessageDto(
    val content: JsonElement? = null,
    @SerialName("tool_plan") val toolPlan: String? = null,
    @SerialName("tool_calls") val toolCalls: JsonElement? = null,
    val citations: JsonElement? = null,
)

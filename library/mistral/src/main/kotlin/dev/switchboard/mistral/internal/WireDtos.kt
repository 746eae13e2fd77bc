package dev.switchboard.mistral.internal

import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject

/** The JSON settings of Mistral's chat wire format: nulls omitted, unknown fields ignored. */
internal val WireJson: Json = Json {
    explicitNulls = false
    encodeDefaults = false
    ignoreUnknownKeys = true
}

// ---------------------------------------------------------------- request

/**
 * The body of `POST /v1/chat/completions`, with only the fields Mistral's spec lists (it rejects any other);
 * messages, tools, the tool choice and the response format are JSON trees built by the encoder.
 */
@Serializable
internal class ChatRequestDto(
    val model: String,
    val messages: List<JsonObject>,
    val temperature: Double? = null,
    @SerialName("top_p") val topP: Double? = null,
    @SerialName("max_tokens") val maxTokens: Int? = null,
    val stream: Boolean? = null,
    val stop: List<String>? = null,
    @SerialName("random_seed") val randomSeed: Long? = null,
    @SerialName("response_format") val responseFormat: JsonObject? = null,
    val tools: List<JsonObject>? = null,
    @SerialName("tool_choice") val toolChoice: JsonElement? = null,
    @SerialName("presence_penalty") val presencePenalty: Double? = null,
    @SerialName("frequency_penalty") val frequencyPenalty: Double? = null,
    val n: Int? = null,
    @SerialName("parallel_tool_calls") val parallelToolCalls: Boolean? = null,
    @SerialName("prompt_mode") val promptMode: String? = null,
    @SerialName("reasoning_effort") val reasoningEffort: String? = null,
    @SerialName("safe_prompt") val safePrompt: Boolean? = null,
)

// ---------------------------------------------------------------- response and stream

/** A whole chat completion, or one `chat.completion.chunk` of a stream (whose choices carry a `delta`). */
@Serializable
internal class CompletionDto(
    val id: String? = null,
    val `object`: String? = null,
    val model: String? = null,
    val choices: List<ChoiceDto>? = null,
    val usage: UsageDto? = null,
    /** Set when the body is an error object (`"object":"error"`) rather than a completion. */
    val message: JsonElement? = null,
    val type: String? = null,
)

@Serializable
internal class ChoiceDto(
    val index: Int = 0,
    val message: MessageDto? = null,
    val delta: MessageDto? = null,
    @SerialName("finish_reason") val finishReason: String? = null,
)

/**
 * What the model wrote. [content] is a string, null, or an array of chunks (`text`, and `thinking` whose
 * `thinking` is itself an array of text chunks); the decoders read it as a JSON tree.
 */
@Serializable
internal class MessageDto(
    val role: String? = null,
    val content: JsonElement? = null,
    @SerialName("tool_calls") val toolCalls: List<ToolCallDto>? = null,
)

/** A tool call; [FunctionDto.arguments] may arrive as JSON text or as a JSON object. */
@Serializable
internal class ToolCallDto(
    val id: String? = null,
    val type: String? = null,
    val function: FunctionDto? = null,
    val index: Int? = null,
)

@Serializable
internal class FunctionDto(val name: String? = null, val arguments: JsonElement? = null)

@Serializable
internal class UsageDto(
    @SerialName("prompt_tokens") val promptTokens: Int? = null,
    @SerialName("completion_tokens") val completionTokens: Int? = null,
    @SerialName("total_tokens") val totalTokens: Int? = null,
    @SerialName("num_cached_tokens") val numCachedTokens: Int? = null,
    @SerialName("prompt_tokens_details") val promptTokensDetails: PromptDetailsDto? = null,
    @SerialName("prompt_token_details") val promptTokenDetails: PromptDetailsDto? = null,
)

@Serializable
internal class PromptDetailsDto(@SerialName("cached_tokens") val cachedTokens: Int? = null)

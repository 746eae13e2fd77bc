package dev.switchboard.ollama.internal

import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject

/** The JSON settings of Ollama's API: nulls omitted, unknown fields ignored. */
internal val WireJson: Json = Json {
    explicitNulls = false
    encodeDefaults = false
    ignoreUnknownKeys = true
}

// ---------------------------------------------------------------- /api/chat request

@Serializable
internal class ChatRequestDto(
    val model: String,
    val messages: List<MessageDto>,
    val tools: List<ToolDto>? = null,
    /** `"json"` or a JSON schema. */
    val format: JsonElement? = null,
    val options: JsonObject? = null,
    /** Always sent: Ollama streams unless told otherwise. */
    val stream: Boolean,
    /** A boolean, or a level: `"low"`, `"medium"`, `"high"`, `"max"`. */
    val think: JsonElement? = null,
    /** Seconds as a number (negative: forever), or a Go duration string. */
    @SerialName("keep_alive") val keepAlive: JsonElement? = null,
    val logprobs: Boolean? = null,
    @SerialName("top_logprobs") val topLogprobs: Int? = null,
)

@Serializable
internal class MessageDto(
    val role: String,
    /** Required by the API, even when empty. */
    val content: String,
    val thinking: String? = null,
    /** Base64 images, without a `data:` prefix. */
    val images: List<String>? = null,
    @SerialName("tool_calls") val toolCalls: List<ToolCallDto>? = null,
    @SerialName("tool_name") val toolName: String? = null,
    @SerialName("tool_call_id") val toolCallId: String? = null,
)

@Serializable
internal class ToolDto(val type: String, val function: ToolFunctionDto)

@Serializable
internal class ToolFunctionDto(val name: String, val description: String? = null, val parameters: JsonObject)

// ---------------------------------------------------------------- both directions

/** A tool call: Ollama sends whole calls (never fragments), with the arguments as a JSON object and, lately, an id. */
@Serializable
internal class ToolCallDto(val id: String? = null, val function: FunctionCallDto? = null)

@Serializable
internal class FunctionCallDto(
    val index: Int? = null,
    val name: String? = null,
    /** A JSON object; read leniently, as some servers send the arguments as JSON text. */
    val arguments: JsonElement? = null,
)

// ---------------------------------------------------------------- /api/chat response and stream lines

/** A whole answer, or one line of a stream: both are `ChatResponse`s; the last line has `done: true` and the counts. */
@Serializable
internal class ChatResponseDto(
    val model: String? = null,
    val message: OutputMessageDto? = null,
    val done: Boolean = false,
    @SerialName("done_reason") val doneReason: String? = null,
    @SerialName("prompt_eval_count") val promptEvalCount: Int? = null,
    @SerialName("eval_count") val evalCount: Int? = null,
    val logprobs: List<LogprobDto>? = null,
    /** An error reported in place of an answer, or in the middle of a stream. */
    val error: JsonElement? = null,
)

@Serializable
internal class OutputMessageDto(
    val content: String? = null,
    val thinking: String? = null,
    @SerialName("tool_calls") val toolCalls: List<ToolCallDto>? = null,
)

@Serializable
internal class LogprobDto(
    val token: String,
    val logprob: Double,
    val bytes: List<Int>? = null,
    @SerialName("top_logprobs") val topLogprobs: List<TopLogprobDto>? = null,
)

@Serializable
internal class TopLogprobDto(val token: String, val logprob: Double, val bytes: List<Int>? = null)

// ---------------------------------------------------------------- /api/show and /api/tags

@Serializable
internal class ShowRequestDto(val model: String)

@Serializable
internal class ShowResponseDto(
    /** `completion`, `tools`, `vision`, `thinking`, `insert`, `embedding`…; absent before Ollama 0.6.4. */
    val capabilities: List<String>? = null,
    val details: DetailsDto? = null,
    @SerialName("model_info") val modelInfo: JsonObject? = null,
    @SerialName("projector_info") val projectorInfo: JsonObject? = null,
    /** The Modelfile parameters, one `name value` per line, such as `num_ctx 8192`. */
    val parameters: String? = null,
    val template: String? = null,
)

@Serializable
internal class DetailsDto(
    val format: String? = null,
    val family: String? = null,
    val families: List<String>? = null,
    @SerialName("parameter_size") val parameterSize: String? = null,
    @SerialName("quantization_level") val quantizationLevel: String? = null,
)

@Serializable
internal class TagsResponseDto(val models: List<ModelSummaryDto>? = null)

@Serializable
internal class ModelSummaryDto(
    val name: String? = null,
    val model: String? = null,
    @SerialName("modified_at") val modifiedAt: String? = null,
    val size: Long? = null,
    val digest: String? = null,
    val details: DetailsDto? = null,
)

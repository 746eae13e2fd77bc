package dev.switchboard.gemini.internal

import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject

/** The JSON settings of the Gemini wire format: nulls omitted, unknown fields ignored. */
internal val WireJson: Json = Json {
    explicitNulls = false
    encodeDefaults = false
    ignoreUnknownKeys = true
}

// Requests are built as JSON trees by GenerateContentEncoder; these classes read responses and stream chunks.

/** A `GenerateContentResponse`: a whole answer, or one chunk of `streamGenerateContent?alt=sse`. */
@Serializable
internal class GenerateContentResponseDto(
    val candidates: List<CandidateDto>? = null,
    val promptFeedback: PromptFeedbackDto? = null,
    val usageMetadata: UsageMetadataDto? = null,
    val modelVersion: String? = null,
    val responseId: String? = null,
    /** An error object, which a stream may send in place of a chunk. */
    val error: ErrorDto? = null,
)

@Serializable
internal class CandidateDto(
    val index: Int? = null,
    val content: ContentDto? = null,
    val finishReason: String? = null,
    val finishMessage: String? = null,
    val safetyRatings: List<SafetyRatingDto>? = null,
)

@Serializable
internal class ContentDto(val role: String? = null, val parts: List<PartDto>? = null)

@Serializable
internal class PartDto(
    val text: String? = null,
    val thought: Boolean? = null,
    val thoughtSignature: String? = null,
    val functionCall: FunctionCallDto? = null,
    val inlineData: JsonObject? = null,
    val fileData: JsonObject? = null,
    val executableCode: JsonObject? = null,
    val codeExecutionResult: JsonObject? = null,
)

@Serializable
internal class FunctionCallDto(
    val id: String? = null,
    val name: String? = null,
    val args: JsonObject? = null,
    /** Streamed arguments (Vertex AI's `streamFunctionCallArguments`): one JSON path and value each. */
    val partialArgs: List<PartialArgDto>? = null,
    val willContinue: Boolean? = null,
)

@Serializable
internal class PartialArgDto(
    val jsonPath: String? = null,
    val stringValue: String? = null,
    val numberValue: Double? = null,
    val boolValue: Boolean? = null,
    val nullValue: JsonElement? = null,
    val willContinue: Boolean? = null,
)

@Serializable
internal class SafetyRatingDto(
    val category: String? = null,
    val probability: String? = null,
    val blocked: Boolean? = null,
    /** Vertex AI's severity (`HARM_SEVERITY_…`), where it sends one. */
    val severity: String? = null,
)

@Serializable
internal class PromptFeedbackDto(
    val blockReason: String? = null,
    val blockReasonMessage: String? = null,
    val safetyRatings: List<SafetyRatingDto>? = null,
)

@Serializable
internal class UsageMetadataDto(
    val promptTokenCount: Int? = null,
    val cachedContentTokenCount: Int? = null,
    val candidatesTokenCount: Int? = null,
    val toolUsePromptTokenCount: Int? = null,
    val thoughtsTokenCount: Int? = null,
    val totalTokenCount: Int? = null,
)

/** `{"error":{"code","message","status","details"}}`, Google's error body. */
@Serializable
internal class ErrorBodyDto(val error: ErrorDto? = null)

@Serializable
internal class ErrorDto(
    val code: Int? = null,
    val message: String? = null,
    val status: String? = null,
    val details: List<JsonObject>? = null,
)

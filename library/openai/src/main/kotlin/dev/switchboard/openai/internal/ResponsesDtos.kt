package dev.switchboard.openai.internal

import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.JsonElement

// The Responses API (`POST /responses`): what this library reads of a response and of its stream events. Unknown
// fields are ignored (WireJson); requests are written as JSON trees by ResponsesRequestEncoder.

/** A response object: the whole answer, or the `response` of a stream's lifecycle events. */
@Serializable
internal class ResponseDto(
    val id: String? = null,
    val model: String? = null,
    /** `completed`, `incomplete`, `failed`, `in_progress`, `queued` or `cancelled`. */
    val status: String? = null,
    val output: List<OutputItemDto>? = null,
    val usage: ResponsesUsageDto? = null,
    /** `{"code","message"}` when the response failed. */
    val error: JsonElement? = null,
    @SerialName("incomplete_details") val incompleteDetails: IncompleteDetailsDto? = null,
    /** Azure OpenAI's content filter results: `[{"source_type":"prompt"|"completion","content_filter_results":{…}}]`. */
    @SerialName("content_filters") val contentFilters: JsonElement? = null,
)

@Serializable
internal class IncompleteDetailsDto(val reason: String? = null)

/** One output item: a `message`, a `function_call`, a `reasoning` item, or a kind this library does not model. */
@Serializable
internal class OutputItemDto(
    val type: String? = null,
    val id: String? = null,
    val role: String? = null,
    val status: String? = null,
    /** A message's parts: `output_text` and `refusal`. */
    val content: List<OutputContentDto>? = null,
    @SerialName("call_id") val callId: String? = null,
    val name: String? = null,
    /** A function call's JSON arguments, as text. */
    val arguments: JsonElement? = null,
    /** A reasoning item's summary parts. */
    val summary: List<SummaryPartDto>? = null,
    @SerialName("encrypted_content") val encryptedContent: String? = null,
)

@Serializable
internal class OutputContentDto(
    val type: String? = null,
    val text: String? = null,
    val refusal: String? = null,
    val logprobs: List<TokenLogprobDto>? = null,
)

@Serializable
internal class SummaryPartDto(val type: String? = null, val text: String? = null)

@Serializable
internal class ResponsesUsageDto(
    @SerialName("input_tokens") val inputTokens: Int = 0,
    @SerialName("output_tokens") val outputTokens: Int = 0,
    @SerialName("input_tokens_details") val inputDetails: InputTokensDetailsDto? = null,
    @SerialName("output_tokens_details") val outputDetails: OutputTokensDetailsDto? = null,
)

@Serializable
internal class InputTokensDetailsDto(@SerialName("cached_tokens") val cachedTokens: Int? = null)

@Serializable
internal class OutputTokensDetailsDto(@SerialName("reasoning_tokens") val reasoningTokens: Int? = null)

/** One stream event: its `type` says which of the other fields it carries. */
@Serializable
internal class ResponseEventDto(
    val type: String? = null,
    val response: ResponseDto? = null,
    val item: OutputItemDto? = null,
    @SerialName("output_index") val outputIndex: Int? = null,
    @SerialName("item_id") val itemId: String? = null,
    @SerialName("content_index") val contentIndex: Int? = null,
    @SerialName("summary_index") val summaryIndex: Int? = null,
    val delta: String? = null,
    val text: String? = null,
    val arguments: String? = null,
    val logprobs: List<TokenLogprobDto>? = null,
    /** An `error` event's error: nested as `error`, or its `code`/`message`/`param` at the top level. */
    val error: JsonElement? = null,
    val code: JsonElement? = null,
    val message: String? = null,
)

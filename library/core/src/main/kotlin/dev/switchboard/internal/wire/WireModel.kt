package dev.switchboard.internal.wire

import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable

// Serializable mirrors of the public model, for files (replay recordings). The public classes stay free
// of serialization annotations; these are mapped to and from them in WireMapping.kt. Field names are
// snake_case and stable: changing one changes the file format.

@Serializable
internal class WireUsage(
    val prompt: Int,
    val completion: Int,
    val cached: Int = 0,
    val reasoning: Int = 0,
    @SerialName("cache_write") val cacheWrite: Int = 0,
)

@Serializable
internal class WireFunctionCall(
    val id: String,
    val name: String,
    val arguments: String,
    val signature: String? = null,
)

@Serializable
internal class WireTopLogprob(
    val token: String,
    val logprob: Double,
    val bytes: List<Int>? = null,
)

@Serializable
internal class WireTokenLogprob(
    val token: String,
    val logprob: Double,
    val bytes: List<Int>? = null,
    @SerialName("top_logprobs") val topLogprobs: List<WireTopLogprob> = emptyList(),
)

@Serializable
internal class WireChoice(
    val index: Int,
    @SerialName("finish_reason") val finishReason: String,
    @SerialName("raw_finish_reason") val rawFinishReason: String? = null,
    val content: String? = null,
    @SerialName("tool_calls") val toolCalls: List<WireFunctionCall> = emptyList(),
    val refusal: String? = null,
    val thought: String? = null,
    val logprobs: List<WireTokenLogprob>? = null,
    @SerialName("thought_blocks") val thoughtBlocks: List<WireThoughtBlock> = emptyList(),
    @SerialName("content_filter") val contentFilter: List<WireContentFilter> = emptyList(),
    val citations: List<WireCitation> = emptyList(),
)

@Serializable
internal class WireCitation(
    val start: Int,
    val end: Int,
    val text: String,
    val sources: List<WireCitationSource> = emptyList(),
    val type: String? = null,
)

@Serializable
internal class WireCitationSource(val id: String, val kind: String? = null, val title: String? = null, val text: String? = null)

@Serializable
internal class WireContentFilter(
    val category: String,
    val filtered: Boolean,
    val severity: String? = null,
    val detected: Boolean? = null,
)

@Serializable
internal class WireThoughtBlock(
    val text: String = "",
    val signature: String? = null,
    @SerialName("redacted_data") val redactedData: String? = null,
    val origin: String? = null,
)

@Serializable
internal class WireCreateResult(
    val choices: List<WireChoice>,
    val usage: WireUsage,
    val cached: Boolean = false,
    val id: String? = null,
    val model: String? = null,
    @SerialName("prompt_filter") val promptFilter: List<WireContentFilter> = emptyList(),
)

/** A [dev.switchboard.ChatStreamEvent]; the `type` property names the kind. */
@Serializable
internal sealed class WireStreamEvent {
    @Serializable
    @SerialName("text")
    class TextDelta(val text: String, val choice: Int = 0) : WireStreamEvent()

    @Serializable
    @SerialName("thought")
    class ThoughtDelta(val text: String, val choice: Int = 0) : WireStreamEvent()

    @Serializable
    @SerialName("tool_call_start")
    class ToolCallStart(val index: Int, val id: String, val name: String, val choice: Int = 0) : WireStreamEvent()

    @Serializable
    @SerialName("tool_call_delta")
    class ToolCallDelta(val index: Int, val arguments: String, val choice: Int = 0) : WireStreamEvent()

    @Serializable
    @SerialName("tool_call_end")
    class ToolCallEnd(val index: Int, val call: WireFunctionCall, val choice: Int = 0) : WireStreamEvent()

    @Serializable
    @SerialName("completed")
    class Completed(val result: WireCreateResult) : WireStreamEvent()
}

/**
 * One line of a replay file: `{"v":1,"kind":"create","model":…,"messages":…,"result":{…}}` or
 * `{"v":1,"kind":"stream","model":…,"messages":…,"events":[…]}`.
 */
@Serializable
internal class WireRecording(
    val v: Int,
    val kind: String,
    val model: String? = null,
    val messages: Int? = null,
    val result: WireCreateResult? = null,
    val events: List<WireStreamEvent>? = null,
)

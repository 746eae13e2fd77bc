package dev.switchboard.internal.wire

import dev.switchboard.ChatStreamEvent
import dev.switchboard.Choice
import dev.switchboard.Citation
import dev.switchboard.CitationSource
import dev.switchboard.ContentFilterResult
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.RequestUsage
import dev.switchboard.ThoughtBlock
import dev.switchboard.TokenLogprob
import dev.switchboard.TopLogprob
import kotlinx.serialization.json.Json

/** The [Json] of the file formats: compact, nulls and defaults left out, unknown keys tolerated. */
internal val WireJson: Json = Json {
    explicitNulls = false
    ignoreUnknownKeys = true
    allowSpecialFloatingPointValues = true
}

internal fun RequestUsage.toWire(): WireUsage =
    WireUsage(promptTokens, completionTokens, cachedTokens, reasoningTokens, cacheWriteTokens)

internal fun WireUsage.toModel(): RequestUsage = RequestUsage(prompt, completion, cached, reasoning, cacheWrite)

internal fun FunctionCall.toWire(): WireFunctionCall = WireFunctionCall(id, name, arguments, signature)

internal fun WireFunctionCall.toModel(): FunctionCall = FunctionCall(id, name, arguments, signature)

internal fun TokenLogprob.toWire(): WireTokenLogprob =
    WireTokenLogprob(token, logprob, bytes, topLogprobs.map { WireTopLogprob(it.token, it.logprob, it.bytes) })

internal fun WireTokenLogprob.toModel(): TokenLogprob =
    TokenLogprob(token, logprob, bytes, topLogprobs.map { TopLogprob(it.token, it.logprob, it.bytes) })

internal fun Choice.toWire(): WireChoice = WireChoice(
    index, finishReason.name, rawFinishReason, content, toolCalls.map { it.toWire() }, refusal, thought,
    logprobs?.map { it.toWire() }, thoughtBlocks.map { WireThoughtBlock(it.text, it.signature, it.redactedData, it.origin) },
    contentFilter.map { it.toWire() },
    citations.map { c -> WireCitation(c.start, c.end, c.text, c.sources.map { WireCitationSource(it.id, it.kind, it.title, it.text) }, c.type) },
)

/** A finish reason this version does not know (written by a later one) reads as UNKNOWN; the raw value is kept. */
internal fun WireChoice.toModel(): Choice = Choice(
    index,
    FinishReason.entries.firstOrNull { it.name == finishReason } ?: FinishReason.UNKNOWN,
    rawFinishReason, content, toolCalls.map { it.toModel() }, refusal, thought, logprobs?.map { it.toModel() },
    thoughtBlocks.map { ThoughtBlock(it.text, it.signature, it.redactedData, it.origin) },
    contentFilter.map { it.toModel() },
    citations.map { c -> Citation(c.start, c.end, c.text, c.sources.map { CitationSource(it.id, it.kind, it.title, it.text) }, c.type) },
)

internal fun CreateResult.toWire(): WireCreateResult =
    WireCreateResult(choices.map { it.toWire() }, usage.toWire(), cached, id, model, promptFilter.map { it.toWire() })

/** @throws IllegalArgumentException when the result has no choice. */
internal fun WireCreateResult.toModel(): CreateResult =
    CreateResult(choices.map { it.toModel() }, usage.toModel(), cached, id, model, promptFilter.map { it.toModel() })

internal fun ContentFilterResult.toWire(): WireContentFilter = WireContentFilter(category, filtered, severity, detected)

internal fun WireContentFilter.toModel(): ContentFilterResult = ContentFilterResult(category, filtered, severity, detected)

internal fun ChatStreamEvent.toWire(): WireStreamEvent = when (this) {
    is ChatStreamEvent.TextDelta -> WireStreamEvent.TextDelta(text, choiceIndex)
    is ChatStreamEvent.ThoughtDelta -> WireStreamEvent.ThoughtDelta(text, choiceIndex)
    is ChatStreamEvent.ToolCallStart -> WireStreamEvent.ToolCallStart(index, id, name, choiceIndex)
    is ChatStreamEvent.ToolCallDelta -> WireStreamEvent.ToolCallDelta(index, argumentsDelta, choiceIndex)
    is ChatStreamEvent.ToolCallEnd -> WireStreamEvent.ToolCallEnd(index, call.toWire(), choiceIndex)
    is ChatStreamEvent.Completed -> WireStreamEvent.Completed(result.toWire())
}

internal fun WireStreamEvent.toModel(): ChatStreamEvent = when (this) {
    is WireStreamEvent.TextDelta -> ChatStreamEvent.TextDelta(text, choice)
    is WireStreamEvent.ThoughtDelta -> ChatStreamEvent.ThoughtDelta(text, choice)
    is WireStreamEvent.ToolCallStart -> ChatStreamEvent.ToolCallStart(index, id, name, choice)
    is WireStreamEvent.ToolCallDelta -> ChatStreamEvent.ToolCallDelta(index, arguments, choice)
    is WireStreamEvent.ToolCallEnd -> ChatStreamEvent.ToolCallEnd(index, call.toModel(), choice)
    is WireStreamEvent.Completed -> ChatStreamEvent.Completed(result.toModel())
}

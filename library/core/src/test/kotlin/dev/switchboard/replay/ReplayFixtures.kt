package dev.switchboard.replay

import dev.switchboard.ChatStreamEvent
import dev.switchboard.Choice
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.RequestUsage
import dev.switchboard.TokenLogprob
import dev.switchboard.ThoughtBlock
import dev.switchboard.ContentFilterResult
import dev.switchboard.TopLogprob

/** Results and streams that use every field of the model, for the replay tests. */
internal object ReplayFixtures {
    /** A result with three choices that between them set every field, awkward text included. */
    fun fullResult(): CreateResult = CreateResult(
        choices = listOf(
            Choice(
                index = 0,
                finishReason = FinishReason.TOOL_CALLS,
                rawFinishReason = "tool_calls",
                content = "Let me check.",
                toolCalls = listOf(
                    FunctionCall("call_1", "weather", """{"city":"Oslo"}"""),
                    FunctionCall("call_2", "time", ""),
                ),
                refusal = null,
                thought = "The user wants the weather.",
                thoughtBlocks = listOf(ThoughtBlock.signed("The user wants the weather.", "sig-1"), ThoughtBlock.redacted("ZW5jcnlwdGVk")),
                logprobs = listOf(
                    TokenLogprob(
                        "Let", -0.1, listOf(76, 101, 116),
                        listOf(TopLogprob("Let", -0.1, listOf(76, 101, 116)), TopLogprob("I", -2.5, null)),
                    ),
                    TokenLogprob(" me", Double.NEGATIVE_INFINITY),
                ),
            ),
            Choice(1, FinishReason.REFUSAL, "refusal", null, refusal = "I can't help with that.", logprobs = emptyList()),
            Choice(
                2, FinishReason.CONTENT_FILTER, "content_filter", "line one\nline \"two\" \u2713 \u0000 end",
                contentFilter = listOf(ContentFilterResult("violence", true, "high"), ContentFilterResult("jailbreak", false, detected = false)),
            ),
        ),
        usage = RequestUsage(100, 50, cachedTokens = 20, reasoningTokens = 10, cacheWriteTokens = 5),
        cached = true,
        id = "resp-9",
        model = "gpt-4o-2024-08-06",
        promptFilter = listOf(ContentFilterResult("hate", false, "safe")),
    )

    fun textResult(text: String, prompt: Int = 10, completion: Int = 5, model: String? = "gpt-test"): CreateResult =
        CreateResult(listOf(Choice(0, FinishReason.STOP, "stop", text)), RequestUsage(prompt, completion), model = model)

    /** A stream as a provider would send it: deltas in pieces, then the complete result. */
    fun streamEvents(): List<ChatStreamEvent> {
        val call = FunctionCall("call_7", "lookup", """{"q":"kotlin"}""")
        val result = CreateResult(
            listOf(
                Choice(0, FinishReason.TOOL_CALLS, "tool_calls", "Hello", listOf(call), thought = "hmm"),
                Choice(1, FinishReason.STOP, "stop", "other choice"),
            ),
            RequestUsage(30, 12, reasoningTokens = 4),
            id = "stream-1",
            model = "gpt-test",
        )
        return listOf(
            ChatStreamEvent.ThoughtDelta("hm"),
            ChatStreamEvent.ThoughtDelta("m"),
            ChatStreamEvent.TextDelta("Hel"),
            ChatStreamEvent.TextDelta("lo"),
            ChatStreamEvent.ToolCallStart(0, "call_7", "lookup"),
            ChatStreamEvent.ToolCallDelta(0, """{"q":"""),
            ChatStreamEvent.ToolCallDelta(0, """"kotlin"}"""),
            ChatStreamEvent.ToolCallEnd(0, call),
            ChatStreamEvent.TextDelta("other choice", choiceIndex = 1),
            ChatStreamEvent.Completed(result),
        )
    }
}

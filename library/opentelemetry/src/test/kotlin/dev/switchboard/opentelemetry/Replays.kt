package dev.switchboard.opentelemetry

import dev.switchboard.ChatStreamEvent
import dev.switchboard.Choice
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.RequestUsage
import dev.switchboard.replay.ReplayChatCompletionClient

/** Answers and replay clients the tests share. */
internal object Replays {
    const val MODEL: String = "gpt-4o-mini"

    /** An answer with an id, the answering model's name, and usage with cached and reasoning tokens. */
    val ANSWER: CreateResult = CreateResult.builder()
        .choices(listOf(Choice.builder().content("Hello there").finishReason(FinishReason.STOP).rawFinishReason("stop").build()))
        .usage(RequestUsage(promptTokens = 120, completionTokens = 30, cachedTokens = 100, reasoningTokens = 10, cacheWriteTokens = 20))
        .id("chatcmpl-42")
        .model("gpt-4o-mini-2024-07-18")
        .build()

    /** A replay of [MODEL] answering [results] in turn. */
    fun of(vararg results: CreateResult): ReplayChatCompletionClient =
        ReplayChatCompletionClient.builder().model(MODEL).results(results.toList()).build()

    /** A replay of [MODEL] streaming [ANSWER]: a text delta, then `Completed`. */
    fun streaming(times: Int = 1): ReplayChatCompletionClient = ReplayChatCompletionClient.builder().model(MODEL).apply {
        repeat(times) { stream(listOf(ChatStreamEvent.TextDelta("Hello there"), ChatStreamEvent.Completed(ANSWER))) }
    }.build()
}

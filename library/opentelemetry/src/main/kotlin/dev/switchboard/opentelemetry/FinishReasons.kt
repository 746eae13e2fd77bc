package dev.switchboard.opentelemetry

import dev.switchboard.Choice
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason

/** `gen_ai.response.finish_reasons` and the output messages' `finish_reason`: the schema's values where they apply. */
internal object FinishReasons {
    /** Why [choice] ended: `stop`, `length`, `tool_call`, `content_filter`, `refusal`, or the provider's own value. */
    fun of(choice: Choice): String = when (choice.finishReason) {
        FinishReason.STOP -> "stop"
        FinishReason.LENGTH -> "length"
        FinishReason.TOOL_CALLS -> "tool_call"
        FinishReason.CONTENT_FILTER -> "content_filter"
        FinishReason.REFUSAL -> "refusal"
        FinishReason.UNKNOWN -> choice.rawFinishReason?.takeIf { it.isNotBlank() } ?: "unknown"
    }

    /** The reason of every choice of [result], in index order. */
    fun of(result: CreateResult): List<String> = result.choices.sortedBy { it.index }.map(::of)
}

package dev.switchboard

/**
 * Tokens a request used. [cachedTokens] and [cacheWriteTokens] are parts of [promptTokens] read from or
 * written to the provider's prompt cache; [reasoningTokens] is the part of [completionTokens] spent on
 * hidden reasoning.
 */
public data class RequestUsage @JvmOverloads constructor(
    /** Tokens in the prompt. */
    val promptTokens: Int,
    /** Tokens in the completion. */
    val completionTokens: Int,
    /** Prompt tokens read from the provider's cache. */
    val cachedTokens: Int = 0,
    /** Completion tokens spent on reasoning. */
    val reasoningTokens: Int = 0,
    /** Prompt tokens written to the provider's cache. */
    val cacheWriteTokens: Int = 0,
) {
    /** Prompt and completion tokens together (at most [Int.MAX_VALUE]). */
    public val totalTokens: Int get() = sum(promptTokens, completionTokens)

    /**
     * The sum of this usage and [other], field by field. A field that would exceed [Int.MAX_VALUE] (a
     * long-running total) stays at [Int.MAX_VALUE] rather than wrapping around to a negative count.
     */
    public operator fun plus(other: RequestUsage): RequestUsage = RequestUsage(
        sum(promptTokens, other.promptTokens),
        sum(completionTokens, other.completionTokens),
        sum(cachedTokens, other.cachedTokens),
        sum(reasoningTokens, other.reasoningTokens),
        sum(cacheWriteTokens, other.cacheWriteTokens),
    )

    private fun sum(a: Int, b: Int): Int = (a.toLong() + b).coerceIn(Int.MIN_VALUE.toLong(), Int.MAX_VALUE.toLong()).toInt()

    /** Factories and constants of [RequestUsage]. */
    public companion object {
        /** No tokens. */
        @JvmField public val ZERO: RequestUsage = RequestUsage(0, 0)

        /** Usage of [promptTokens] and [completionTokens]. */
        @JvmStatic public fun of(promptTokens: Int, completionTokens: Int): RequestUsage =
            RequestUsage(promptTokens, completionTokens)
    }
}

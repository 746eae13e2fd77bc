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
    /** Prompt and completion tokens together. */
    public val totalTokens: Int get() = promptTokens + completionTokens

    /** The sum of this usage and [other]. */
    public operator fun plus(other: RequestUsage): RequestUsage = RequestUsage(
        promptTokens + other.promptTokens,
        completionTokens + other.completionTokens,
        cachedTokens + other.cachedTokens,
        reasoningTokens + other.reasoningTokens,
        cacheWriteTokens + other.cacheWriteTokens,
    )

    public companion object {
        /** No tokens. */
        @JvmField public val ZERO: RequestUsage = RequestUsage(0, 0)

        /** Usage of [promptTokens] and [completionTokens]. */
        @JvmStatic public fun of(promptTokens: Int, completionTokens: Int): RequestUsage =
            RequestUsage(promptTokens, completionTokens)
    }
}

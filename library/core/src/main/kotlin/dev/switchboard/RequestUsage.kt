package dev.switchboard

/**
 * Tokens a request used. [cachedTokens] and [cacheWriteTokens] are parts of [promptTokens] read from or
 * written to the provider's prompt cache; [reasoningTokens] is the part of [completionTokens] spent on
 * hidden reasoning.
 */
public class RequestUsage @JvmOverloads constructor(
    /** Tokens in the prompt. */
    public val promptTokens: Int,
    /** Tokens in the completion. */
    public val completionTokens: Int,
    /** Prompt tokens read from the provider's cache. */
    public val cachedTokens: Int = 0,
    /** Completion tokens spent on reasoning. */
    public val reasoningTokens: Int = 0,
    /** Prompt tokens written to the provider's cache. */
    public val cacheWriteTokens: Int = 0,
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

    override fun equals(other: Any?): Boolean =
        this === other || other is RequestUsage &&
        promptTokens == other.promptTokens &&
        completionTokens == other.completionTokens &&
        cachedTokens == other.cachedTokens &&
        reasoningTokens == other.reasoningTokens &&
        cacheWriteTokens == other.cacheWriteTokens

    override fun hashCode(): Int {
        var h = promptTokens.hashCode()
        h = 31 * h + completionTokens.hashCode()
        h = 31 * h + cachedTokens.hashCode()
        h = 31 * h + reasoningTokens.hashCode()
        h = 31 * h + cacheWriteTokens.hashCode()
        return h
    }

    override fun toString(): String = "RequestUsage(promptTokens=$promptTokens, completionTokens=$completionTokens, cachedTokens=$cachedTokens, reasoningTokens=$reasoningTokens, cacheWriteTokens=$cacheWriteTokens)"
}

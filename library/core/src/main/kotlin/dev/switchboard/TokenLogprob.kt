package dev.switchboard

/** The log probability of one output token, with the most likely alternatives when requested. */
public data class TokenLogprob @JvmOverloads constructor(
    /** The token text. */
    val token: String,
    /** Its log probability. */
    val logprob: Double,
    /** Its UTF-8 bytes, where the provider gives them. */
    val bytes: List<Int>? = null,
    /** The most likely tokens at this position. */
    val topLogprobs: List<TopLogprob> = emptyList(),
)

/** One alternative token at a position, with its log probability. */
public data class TopLogprob @JvmOverloads constructor(
    /** The token text. */
    val token: String,
    /** Its log probability. */
    val logprob: Double,
    /** Its UTF-8 bytes, where the provider gives them. */
    val bytes: List<Int>? = null,
)

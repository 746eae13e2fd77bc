package dev.switchboard

/** The log probability of one output token, with the most likely alternatives when requested. */
public class TokenLogprob @JvmOverloads constructor(
    /** The token text. */
    public val token: String,
    /** Its log probability. */
    public val logprob: Double,
    /** Its UTF-8 bytes, where the provider gives them. */
    public val bytes: List<Int>? = null,
    /** The most likely tokens at this position. */
    public val topLogprobs: List<TopLogprob> = emptyList(),
) {
    override fun equals(other: Any?): Boolean =
        this === other || other is TokenLogprob &&
        token == other.token &&
        logprob == other.logprob &&
        bytes == other.bytes &&
        topLogprobs == other.topLogprobs

    override fun hashCode(): Int {
        var h = token.hashCode()
        h = 31 * h + logprob.hashCode()
        h = 31 * h + (bytes?.hashCode() ?: 0)
        h = 31 * h + topLogprobs.hashCode()
        return h
    }

    override fun toString(): String = "TokenLogprob(token=$token, logprob=$logprob, bytes=$bytes, topLogprobs=$topLogprobs)"
}

/** One alternative token at a position, with its log probability. */
public class TopLogprob @JvmOverloads constructor(
    /** The token text. */
    public val token: String,
    /** Its log probability. */
    public val logprob: Double,
    /** Its UTF-8 bytes, where the provider gives them. */
    public val bytes: List<Int>? = null,
) {
    override fun equals(other: Any?): Boolean =
        this === other || other is TopLogprob &&
        token == other.token &&
        logprob == other.logprob &&
        bytes == other.bytes

    override fun hashCode(): Int {
        var h = token.hashCode()
        h = 31 * h + logprob.hashCode()
        h = 31 * h + (bytes?.hashCode() ?: 0)
        return h
    }

    override fun toString(): String = "TopLogprob(token=$token, logprob=$logprob, bytes=$bytes)"
}

package dev.switchboard

/** Why the model stopped. The provider's own value is kept in [CreateResult.rawFinishReason]. */
public enum class FinishReason {
    /** The model finished its answer or hit a stop sequence. */
    STOP,
    /** The output reached the token limit: the answer is cut off. */
    LENGTH,
    /** The model called tools and waits for their results. */
    TOOL_CALLS,
    /** The provider's content filter withheld or cut the output. */
    CONTENT_FILTER,
    /** The model refused to answer. */
    REFUSAL,
    /** A reason this library does not know; see the raw value. */
    UNKNOWN,
}

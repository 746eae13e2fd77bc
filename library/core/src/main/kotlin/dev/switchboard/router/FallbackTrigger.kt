package dev.switchboard.router

/**
 * What makes a [Router] move a call to another model group (a fallback) once the group it was sent to has failed it,
 * retries included. Each trigger has its own list of groups ([Router.Builder.fallback]); a trigger with none
 * configured is off, and the caller gets the group's error (or answer).
 */
public enum class FallbackTrigger {
    /**
     * The group failed: every deployment tried failed with an error about the deployment (rate limit, server error,
     * timeout, broken connection, a stream broken before its first event, credentials), or none was available in
     * time. Not a request the provider rejected as malformed (`BadRequestException`, `CapabilityMissingException`):
     * another model would reject it too.
     */
    ERROR,

    /** The prompt did not fit (`ContextLengthExceededException`): go to a group with a larger window. */
    CONTEXT_LENGTH,

    /**
     * The provider's content filter refused the prompt (`ContentFilterException`) or withheld the answer (a result of
     * a `create` finished with `FinishReason.CONTENT_FILTER`; the stream of one has reached the caller already).
     */
    CONTENT_FILTER,
}

package dev.switchboard.bedrock

/**
 * An Amazon Bedrock guardrail applied to every call (`guardrailConfig`): its [identifier] (id or ARN), [version]
 * (a number or `DRAFT`), whether its [trace] comes back, and for streams whether the guardrail checks the answer
 * before it is streamed ([asyncStreaming] false, the default: `sync`) or beside it (`async`, faster, but text may
 * arrive that the guardrail later blocks).
 *
 * A guardrail that intervenes ends the answer with finish reason
 * [CONTENT_FILTER][dev.switchboard.FinishReason.CONTENT_FILTER] (raw `guardrail_intervened`), its assessment in the
 * choice's [contentFilter][dev.switchboard.Choice.contentFilter].
 */
public class BedrockGuardrail private constructor(b: Builder) {
    /** The guardrail's id or ARN. */
    public val identifier: String = b.identifier
    /** The guardrail's version: a number or `DRAFT`. */
    public val version: String = b.version
    /** Whether, and how fully, the guardrail's assessment comes back (default [Trace.DISABLED]). */
    public val trace: Trace = b.trace
    /** Whether a stream is checked beside its answer (`async`) rather than before it is sent (`sync`, default). */
    @get:JvmName("isAsyncStreaming")
    public val asyncStreaming: Boolean = b.asyncStreaming

    /** How much of its assessment a guardrail reports. */
    public enum class Trace(internal val wire: String) {
        /** None. */
        DISABLED("disabled"),
        /** What the guardrail found and did. */
        ENABLED("enabled"),
        /** Also the policies that found nothing. */
        ENABLED_FULL("enabled_full"),
    }

    /** A builder holding this guardrail. */
    public fun newBuilder(): Builder = Builder(identifier, version).trace(trace).asyncStreaming(asyncStreaming)

    override fun toString(): String = "BedrockGuardrail($identifier, version=$version, trace=$trace, asyncStreaming=$asyncStreaming)"

    /** Builds a [BedrockGuardrail]; every setter returns the builder. */
    public class Builder internal constructor(internal val identifier: String, internal val version: String) {
        internal var trace: Trace = Trace.DISABLED
        internal var asyncStreaming: Boolean = false

        /** Sets how much of its assessment the guardrail reports. */
        public fun trace(value: Trace): Builder = apply { trace = value }

        /** Sets whether a stream is checked beside its answer (`async`) rather than before it is sent (`sync`). */
        public fun asyncStreaming(value: Boolean): Builder = apply { asyncStreaming = value }

        /** The guardrail. */
        public fun build(): BedrockGuardrail = BedrockGuardrail(this)
    }

    /** Factories. */
    public companion object {
        /**
         * A builder of the guardrail [identifier] (id or ARN) at [version] (a number or `DRAFT`).
         *
         * @throws IllegalArgumentException when either is blank.
         */
        @JvmStatic
        public fun builder(identifier: String, version: String): Builder {
            require(identifier.isNotBlank()) { "The guardrail identifier must not be blank" }
            require(version.isNotBlank()) { "The guardrail version must not be blank (a number or DRAFT)" }
            return Builder(identifier.trim(), version.trim())
        }
    }
}

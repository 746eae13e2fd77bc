package dev.switchboard.opentelemetry

import dev.switchboard.ChatCompletionClient
import io.opentelemetry.api.OpenTelemetry
import io.opentelemetry.api.metrics.Meter
import io.opentelemetry.api.trace.Tracer

/**
 * OpenTelemetry traces and metrics of chat calls after the GenAI semantic conventions: [wrap] turns any
 * [ChatCompletionClient] (a provider's, a replay, another wrapper) into one that records, for every `create` and
 * every collection of a stream, a `chat {model}` client span and the `gen_ai.client.operation.duration`,
 * `gen_ai.client.token.usage` and (streams) `gen_ai.client.operation.time_to_first_chunk` histograms.
 *
 * Build one per [OpenTelemetry] instance and share it: `GenAiTelemetry.builder(openTelemetry).build()` (Java), or
 * `client.traced(openTelemetry)` (Kotlin). It needs only the OpenTelemetry API: the application brings the SDK or the
 * Java agent that exports. With the no-op [OpenTelemetry] it records nothing.
 *
 * The span of a call is current while the call runs, on every thread it runs on, so that an HTTP instrumentation
 * below it is its child; its parent is the caller's current span (in a coroutine, the OpenTelemetry context element
 * of the caller's coroutine when it has one). Calls made through the Java facade's futures and publishers carry the
 * context of the thread that made them.
 *
 * Message content is not recorded unless [Builder.captureContent] asks for it. Secrets never are: error messages and
 * captured content go through the library's redaction of known key shapes first.
 *
 * Safe to share between threads; it holds no resources of its own and needs no closing.
 */
public class GenAiTelemetry private constructor(builder: Builder) {
    /** Whether the wrapped clients record the messages sent and the answers (`gen_ai.input.messages`, `…output…`). */
    public val isContentCaptured: Boolean = builder.captureContent

    internal val tracer: Tracer = builder.openTelemetry.tracerBuilder(INSTRUMENTATION_NAME).build()

    private val meter: Meter = builder.openTelemetry.meterBuilder(INSTRUMENTATION_NAME).build()

    internal val metrics: GenAiMetrics = GenAiMetrics(meter)

    /**
     * [client] with this telemetry: a client that forwards every member to [client] and records each call. It owns
     * nothing more than [client]: closing it closes [client].
     *
     * Its calls run as [client]'s do, on the same threads; recording happens in the call's coroutine, on its thread,
     * and never blocks. Cancelling a call cancels [client]'s, and ends the span as cancelled (attribute
     * `switchboard.cancelled`, status unset). It throws what [client] throws, unchanged: telemetry that fails to
     * record is dropped, never turned into the call's failure.
     */
    public fun wrap(client: ChatCompletionClient): ChatCompletionClient = TracedChatCompletionClient(client, this)

    override fun toString(): String = "GenAiTelemetry(contentCaptured=$isContentCaptured)"

    /** Builds a [GenAiTelemetry]; start with [GenAiTelemetry.builder]. Not safe to share between threads. */
    public class Builder internal constructor(internal val openTelemetry: OpenTelemetry) {
        internal var captureContent: Boolean = false

        /**
         * Records the messages sent (`gen_ai.input.messages`) and the answers (`gen_ai.output.messages`) on the spans,
         * as JSON text after the conventions' schemas, with known key shapes redacted. Off by default: content is
         * often personal or confidential, and large.
         */
        public fun captureContent(value: Boolean): Builder = apply { captureContent = value }

        /** The telemetry. */
        public fun build(): GenAiTelemetry = GenAiTelemetry(this)
    }

    /** Factories of [GenAiTelemetry]. */
    public companion object {
        /** The instrumentation scope name of the tracer and meter: the module's package. */
        public const val INSTRUMENTATION_NAME: String = "dev.switchboard.opentelemetry"

        /** A builder recording to [openTelemetry], without content. */
        @JvmStatic
        public fun builder(openTelemetry: OpenTelemetry): Builder = Builder(openTelemetry)

        /** Telemetry recording to [openTelemetry], without content. */
        @JvmStatic
        public fun create(openTelemetry: OpenTelemetry): GenAiTelemetry = builder(openTelemetry).build()
    }
}

package dev.switchboard.opentelemetry

import dev.switchboard.CreateResult
import dev.switchboard.RequestUsage
import dev.switchboard.spi.HttpErrors
import dev.switchboard.wrap.StreamObserver
import io.opentelemetry.api.common.Attributes
import io.opentelemetry.api.trace.Span
import io.opentelemetry.api.trace.StatusCode
import java.io.PrintWriter
import java.io.StringWriter
import java.time.Duration

/**
 * The telemetry of one call (a `create`, or one collection of a stream): it owns [span], started by the caller, and
 * ends it in the call's terminal callback, after recording the response, the failure or the cancellation on it and
 * the call's metrics.
 *
 * - Completed: `gen_ai.response.*`, `gen_ai.usage.*` (left out when the result came from a cache, marked
 *   `switchboard.cached`, or carries no usage at all), `gen_ai.output.messages` when content is captured; the
 *   duration and token usage metrics.
 * - Failed: `error.type`, status ERROR with the redacted message, an `exception` event (type, redacted message and
 *   stack trace); the duration metric with `error.type`.
 * - Cancelled (the caller cancelled, or the collector stopped early): `switchboard.cancelled` = true, status left
 *   unset, no duration or token metric (the operation neither completed nor failed).
 *
 * Telemetry never changes a call: what recording throws is dropped, and the span is ended all the same.
 */
internal class ChatCall(
    private val span: Span,
    private val client: ClientAttributes,
    private val metrics: GenAiMetrics,
    private val captureContent: Boolean,
) : StreamObserver {
    override fun onFirstEvent(elapsed: Duration) {
        guarded {
            val seconds = seconds(elapsed)
            span.setAttribute(GenAiKeys.RESPONSE_TIME_TO_FIRST_CHUNK, seconds)
            metrics.timeToFirstChunk.record(seconds, client.common)
        }
    }

    override suspend fun onCompleted(result: CreateResult, elapsed: Duration) {
        try {
            guarded { completed(result, elapsed) }
        } finally {
            span.end()
        }
    }

    override fun onFailure(error: Throwable, elapsed: Duration) {
        try {
            guarded { failed(error, elapsed) }
        } finally {
            span.end()
        }
    }

    override fun onCancelled(elapsed: Duration) {
        try {
            guarded { span.setAttribute(GenAiKeys.CANCELLED, true) }
        } finally {
            span.end()
        }
    }

    private fun completed(result: CreateResult, elapsed: Duration) {
        val usage = result.usage.takeUnless { result.cached || it.isUnknown() }
        if (span.isRecording) {
            result.id?.let { span.setAttribute(GenAiKeys.RESPONSE_ID, it) }
            result.model?.let { span.setAttribute(GenAiKeys.RESPONSE_MODEL, it) }
            span.setAttribute(GenAiKeys.RESPONSE_FINISH_REASONS, FinishReasons.of(result))
            if (result.cached) span.setAttribute(GenAiKeys.CACHED, true)
            if (usage != null) recordUsage(usage)
            if (captureContent) span.setAttribute(GenAiKeys.OUTPUT_MESSAGES, GenAiMessages.output(result))
        }
        val attributes = result.model?.let { client.common.toBuilder().put(GenAiKeys.RESPONSE_MODEL, it).build() } ?: client.common
        metrics.operationDuration.record(seconds(elapsed), attributes)
        if (usage != null) {
            metrics.tokenUsage.record(usage.promptTokens.toLong(), attributes.with(GenAiKeys.TOKEN_INPUT))
            metrics.tokenUsage.record(usage.completionTokens.toLong(), attributes.with(GenAiKeys.TOKEN_OUTPUT))
        }
    }

    /** Cached and reasoning tokens are parts of the prompt and completion counts, as the conventions count them. */
    private fun recordUsage(usage: RequestUsage) {
        span.setAttribute(GenAiKeys.USAGE_INPUT_TOKENS, usage.promptTokens.toLong())
        span.setAttribute(GenAiKeys.USAGE_OUTPUT_TOKENS, usage.completionTokens.toLong())
        if (usage.cachedTokens > 0) span.setAttribute(GenAiKeys.USAGE_CACHE_READ_INPUT_TOKENS, usage.cachedTokens.toLong())
        if (usage.cacheWriteTokens > 0) span.setAttribute(GenAiKeys.USAGE_CACHE_CREATION_INPUT_TOKENS, usage.cacheWriteTokens.toLong())
        if (usage.reasoningTokens > 0) span.setAttribute(GenAiKeys.USAGE_REASONING_OUTPUT_TOKENS, usage.reasoningTokens.toLong())
    }

    private fun failed(error: Throwable, elapsed: Duration) {
        val type = ErrorTypes.of(error)
        span.setAttribute(GenAiKeys.ERROR_TYPE, type)
        val message = error.message?.let(HttpErrors::redact)
        if (message != null) span.setStatus(StatusCode.ERROR, message) else span.setStatus(StatusCode.ERROR)
        if (span.isRecording) {
            val event = Attributes.builder()
                .put(GenAiKeys.EXCEPTION_TYPE, error.javaClass.name)
                .put(GenAiKeys.EXCEPTION_STACKTRACE, HttpErrors.redact(stackTrace(error)))
            if (message != null) event.put(GenAiKeys.EXCEPTION_MESSAGE, message)
            span.addEvent(GenAiKeys.EXCEPTION_EVENT, event.build())
        }
        metrics.operationDuration.record(seconds(elapsed), client.common.toBuilder().put(GenAiKeys.ERROR_TYPE, type).build())
    }

    private inline fun guarded(block: () -> Unit) {
        try {
            block()
        } catch (_: RuntimeException) {
            // Telemetry must not change the call; see the class comment.
        }
    }

    private companion object {
        fun seconds(elapsed: Duration): Double = elapsed.toNanos() / 1e9

        /** No usage at all: the provider sent none (a stream without usage), not a call of zero tokens. */
        fun RequestUsage.isUnknown(): Boolean = promptTokens == 0 && completionTokens == 0

        fun Attributes.with(tokenType: String): Attributes = toBuilder().put(GenAiKeys.TOKEN_TYPE, tokenType).build()

        fun stackTrace(error: Throwable): String = StringWriter().also { error.printStackTrace(PrintWriter(it)) }.toString()
    }
}

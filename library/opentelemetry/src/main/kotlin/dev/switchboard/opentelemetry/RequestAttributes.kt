package dev.switchboard.opentelemetry

import dev.switchboard.CreateRequest
import dev.switchboard.ResponseFormat
import io.opentelemetry.api.trace.Span

/** The `gen_ai.request.*` attributes (and `gen_ai.output.type`) of a request, each set only when the request sets it. */
internal object RequestAttributes {
    /** Sets on [span] what [request] asks for; [stream] sets `gen_ai.request.stream`. */
    fun record(span: Span, request: CreateRequest, stream: Boolean) {
        if (stream) span.setAttribute(GenAiKeys.REQUEST_STREAM, true)
        request.temperature?.let { span.setAttribute(GenAiKeys.REQUEST_TEMPERATURE, it) }
        request.topP?.let { span.setAttribute(GenAiKeys.REQUEST_TOP_P, it) }
        request.topK?.let { span.setAttribute(GenAiKeys.REQUEST_TOP_K, it.toDouble()) }
        request.maxTokens?.let { span.setAttribute(GenAiKeys.REQUEST_MAX_TOKENS, it.toLong()) }
        if (request.stop.isNotEmpty()) span.setAttribute(GenAiKeys.REQUEST_STOP_SEQUENCES, request.stop)
        request.seed?.let { span.setAttribute(GenAiKeys.REQUEST_SEED, it) }
        request.frequencyPenalty?.let { span.setAttribute(GenAiKeys.REQUEST_FREQUENCY_PENALTY, it) }
        request.presencePenalty?.let { span.setAttribute(GenAiKeys.REQUEST_PRESENCE_PENALTY, it) }
        // The conventions want the choice count only when it is not 1.
        request.n?.takeIf { it != 1 }?.let { span.setAttribute(GenAiKeys.REQUEST_CHOICE_COUNT, it.toLong()) }
        when (request.responseFormat) {
            is ResponseFormat.JsonObjectFormat, is ResponseFormat.JsonSchema -> span.setAttribute(GenAiKeys.OUTPUT_TYPE, GenAiKeys.OUTPUT_JSON)
            is ResponseFormat.Text -> span.setAttribute(GenAiKeys.OUTPUT_TYPE, GenAiKeys.OUTPUT_TEXT)
            null -> Unit
        }
    }
}

package dev.switchboard.opentelemetry

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.wrap.ForwardingChatCompletionClient
import dev.switchboard.wrap.observe
import dev.switchboard.wrap.observeCall
import io.opentelemetry.api.trace.SpanKind
import io.opentelemetry.context.Context
import io.opentelemetry.extension.kotlin.asContextElement
import io.opentelemetry.extension.kotlin.getOpenTelemetryContext
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.withContext
import kotlin.coroutines.CoroutineContext

/**
 * [delegate] with a `chat {model}` client span and the GenAI metrics for every `create` and every collection of a
 * stream (see [GenAiTelemetry]). The span is current while the delegate runs: its context is a coroutine context
 * element of the call (of the stream's upstream), so the delegate's HTTP exchange, and an instrumentation of it, runs
 * under it on whatever thread it resumes.
 *
 * Its parent is the caller's: the OpenTelemetry context element of the caller's coroutine when it has one
 * (`Context.asContextElement()`, or the facade's capture of its caller's thread), else `Context.current()`.
 */
internal class TracedChatCompletionClient(
    delegate: ChatCompletionClient,
    private val telemetry: GenAiTelemetry,
) : ForwardingChatCompletionClient(delegate) {
    private val attributes = ClientAttributes(delegate)

    /**
     * [delegate]'s answer to [request], in a span of its own.
     *
     * Cancelling the caller cancels the delegate's call and ends the span as cancelled.
     *
     * @throws dev.switchboard.SwitchboardException as [delegate] throws it, unchanged.
     */
    override suspend fun create(request: CreateRequest): CreateResult {
        val call = start(currentCoroutineContext(), request, stream = false)
        return observeCall(call.observer) { withContext(call.element) { delegate.create(request) } }
    }

    /**
     * [delegate]'s stream for [request], each collection in a span of its own; the events pass as they are.
     *
     * Cancelling the collector, or stopping early, cancels the delegate's stream and ends the span as cancelled.
     *
     * @throws dev.switchboard.SwitchboardException (from the flow) as [delegate]'s stream throws it, unchanged.
     */
    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> {
        val upstream = delegate.createStream(request)
        return flow {
            val call = start(currentCoroutineContext(), request, stream = true)
            emitAll(upstream.flowOn(call.element).observe(provider) { call.observer })
        }
    }

    private fun start(caller: CoroutineContext, request: CreateRequest, stream: Boolean): Started {
        val parent = caller.getOpenTelemetryContext().takeUnless { it === Context.root() } ?: Context.current()
        val span = telemetry.tracer.spanBuilder(attributes.spanName)
            .setParent(parent)
            .setSpanKind(SpanKind.CLIENT)
            .setAllAttributes(attributes.common)
            .startSpan()
        if (span.isRecording) {
            try {
                RequestAttributes.record(span, request, stream)
                if (telemetry.isContentCaptured) span.setAttribute(GenAiKeys.INPUT_MESSAGES, GenAiMessages.input(request.messages))
            } catch (_: RuntimeException) {
                // Telemetry must not change the call: the span goes on without these attributes.
            }
        }
        return Started(parent.with(span).asContextElement(), ChatCall(span, attributes, telemetry.metrics, telemetry.isContentCaptured))
    }

    /** A started call: the context element its delegate runs in, and the observer that ends its span. */
    private class Started(val element: CoroutineContext, val observer: ChatCall)
}

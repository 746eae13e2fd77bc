package dev.switchboard.events

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.wrap.CallAnnotations
import dev.switchboard.wrap.CallHttpEvents
import dev.switchboard.wrap.ForwardingChatCompletionClient
import dev.switchboard.wrap.observe
import dev.switchboard.wrap.observeCall
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.withContext
import kotlin.coroutines.CoroutineContext

/**
 * The client [CallEventLogger.wrap] makes: each call watched by a [CallRecord] when the logger is on, which hears the
 * call's HTTP events and the annotations of the wrappers inside (both put in place in one context change).
 */
internal class LoggingChatCompletionClient(
    delegate: ChatCompletionClient,
    private val events: CallEventLogger,
) : ForwardingChatCompletionClient(delegate) {
    override suspend fun create(request: CreateRequest): CreateResult {
        if (!events.logger.isInfoEnabled) return delegate.create(request)
        val record = CallRecord(events, delegate, request, streaming = false)
        return withContext(listening(currentCoroutineContext(), record)) { observeCall(record) { delegate.create(request) } }
    }

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> {
        val upstream = delegate.createStream(request)
        return flow {
            if (!events.logger.isInfoEnabled) return@flow emitAll(upstream)
            val record = CallRecord(events, delegate, request, streaming = true)
            emitAll(upstream.observe(delegate.provider, record).flowOn(listening(currentCoroutineContext(), record)))
        }
    }

    /** The elements that make [record] hear the HTTP events and the annotations of the calls made in [context]. */
    private fun listening(context: CoroutineContext, record: CallRecord): CoroutineContext =
        CallHttpEvents.adding(context, record) + CallAnnotations.adding(context, record)

    override fun toString(): String = "logged($delegate)"
}

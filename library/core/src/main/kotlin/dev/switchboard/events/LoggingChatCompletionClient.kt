package dev.switchboard.events

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.wrap.ForwardingChatCompletionClient
import dev.switchboard.wrap.observe
import dev.switchboard.wrap.observeCall
import dev.switchboard.wrap.withHttpEvents
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow

/** The client [CallEventLogger.wrap] makes: each call watched by a [CallRecord] when the logger is on. */
internal class LoggingChatCompletionClient(
    delegate: ChatCompletionClient,
    private val events: CallEventLogger,
) : ForwardingChatCompletionClient(delegate) {
    override suspend fun create(request: CreateRequest): CreateResult {
        if (!events.logger.isInfoEnabled) return delegate.create(request)
        val record = CallRecord(events, delegate, request, streaming = false)
        return withHttpEvents(record) { observeCall(record) { delegate.create(request) } }
    }

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> {
        val upstream = delegate.createStream(request)
        return flow {
            if (!events.logger.isInfoEnabled) return@flow emitAll(upstream)
            val record = CallRecord(events, delegate, request, streaming = true)
            emitAll(upstream.observe(delegate.provider, record).withHttpEvents(record))
        }
    }

    override fun toString(): String = "logged($delegate)"
}

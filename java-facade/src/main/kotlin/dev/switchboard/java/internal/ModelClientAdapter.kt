@file:JvmName("ModelClients")

package dev.switchboard.java.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.LlmMessage
import dev.switchboard.ModelInfo
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.Tool
import dev.switchboard.java.ModelClient
import dev.switchboard.checkCapabilities
import dev.switchboard.wrap.ForwardingChatCompletionClient
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.future.await
import kotlinx.coroutines.jdk9.asFlow
import kotlinx.coroutines.jdk9.asPublisher as asFlowPublisher
import java.util.concurrent.CompletionException
import java.util.concurrent.ExecutionException
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicReference
import java.util.concurrent.Flow as JFlow

/**
 * A [ModelClient] written in Java as a [ChatCompletionClient]: checks each request against its model info, awaits its
 * future (cancelling it when the caller is cancelled), collects its publisher (cancelling the subscription likewise),
 * insists on the `Completed` event, and adds up usage.
 */
private class ModelClientAdapter(private val java: ModelClient) : ChatCompletionClient {
    private val usage = AtomicReference(RequestUsage.ZERO)
    private val closed = AtomicBoolean()

    override val model: String get() = java.getModel()

    override val modelInfo: ModelInfo get() = java.getModelInfo()

    override val provider: String get() = java.getProvider()

    override val totalUsage: RequestUsage get() = usage.get()

    override val actualUsage: RequestUsage get() = usage.get()

    override suspend fun create(request: CreateRequest): CreateResult {
        checkOpenAndCapable(request)
        return answer(java, request).also(::record)
    }

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
        checkOpenAndCapable(request)
        emitAll(events(java, request, ::record))
    }

    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = java.countTokens(messages, tools)

    override fun close() {
        if (closed.compareAndSet(false, true)) java.close()
    }

    override fun toString(): String = java.toString()

    private fun checkOpenAndCapable(request: CreateRequest) {
        check(!closed.get()) { "$java is closed" }
        checkCapabilities(java.getProvider(), java.getModel(), java.getModelInfo(), request)
    }

    private fun record(result: CreateResult) {
        usage.accumulateAndGet(result.usage) { a, b -> a + b }
    }
}

/**
 * A [ForwardingModelClient] written in Java as a [ChatCompletionClient]: its `create` and `createStream` (which by
 * default forward to the wrapped client) bridged as [ModelClientAdapter] does, every other member the wrapped
 * client's: model, capabilities and usage (the wrapped client checks and counts), so wrappers compose.
 */
private class ForwardingModelClientAdapter(private val java: ModelClient, delegate: ChatCompletionClient) :
    ForwardingChatCompletionClient(delegate) {
    private val closed = AtomicBoolean()

    override val provider: String get() = java.getProvider()

    override suspend fun create(request: CreateRequest): CreateResult = answer(java, request)

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = events(java, request) {}

    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = java.countTokens(messages, tools)

    override fun close() {
        if (closed.compareAndSet(false, true)) java.close()
    }

    override fun toString(): String = java.toString()
}

/** The answer of [java]'s `create`: its future awaited (and cancelled when the caller is), its failure unwrapped. */
private suspend fun answer(java: ModelClient, request: CreateRequest): CreateResult {
    val future = java.createAsync(request)
        ?: throw ProtocolException("$java.createAsync returned null instead of a future", java.getProvider())
    return try {
        future.await()
    } catch (e: CompletionException) {
        throw e.cause ?: e
    } catch (e: ExecutionException) {
        throw e.cause ?: e
    } ?: throw ProtocolException("$java.createAsync completed its future with null instead of a result", java.getProvider())
}

/**
 * The events of [java]'s `createStream`, its subscription cancelled when the collector is; exactly one `Completed`,
 * the last ([onCompleted] gets its result), or a [ProtocolException] / [StreamInterruptedException].
 */
private fun events(java: ModelClient, request: CreateRequest, onCompleted: (CreateResult) -> Unit): Flow<ChatStreamEvent> = flow {
    val publisher = java.createStream(request)
        ?: throw ProtocolException("$java.createStream returned null instead of a publisher", java.getProvider())
    var completed = false
    publisher.asFlow().collect { event ->
        if (completed) {
            throw ProtocolException("$java.createStream sent $event after its Completed event", java.getProvider())
        }
        if (event is ChatStreamEvent.Completed) {
            completed = true
            onCompleted(event.result)
        }
        emit(event)
    }
    if (!completed) {
        throw StreamInterruptedException("$java.createStream ended without its Completed event", java.getProvider())
    }
}

/** [client] as a [ChatCompletionClient]; see [ModelClient.asChatCompletionClient]. */
internal fun adapt(client: ModelClient): ChatCompletionClient = ModelClientAdapter(client)

/** [client], a wrapper of [delegate], as a [ChatCompletionClient]; see [dev.switchboard.java.ForwardingModelClient]. */
internal fun adaptForwarding(client: ModelClient, delegate: ChatCompletionClient): ChatCompletionClient =
    ForwardingModelClientAdapter(client, delegate)

/**
 * The default stream of [client]: on each subscription, its `create`'s answer as events, signalled on the
 * thread that completes that future (or the subscriber's own, requesting more), never on a library thread.
 */
internal fun eventsOf(client: ModelClient, request: CreateRequest): JFlow.Publisher<ChatStreamEvent> =
    flow {
        answer(client, request).toStreamEvents().forEach { emit(it) }
    }.asFlowPublisher(Dispatchers.Unconfined) // signals on the thread that completes the user's future, or requests

package dev.switchboard.wrap

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.LlmMessage
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.Tool
import kotlinx.coroutines.flow.Flow

/**
 * A [ChatCompletionClient] that passes every member to [delegate]: the base of a wrapper (cache, router, limiter,
 * telemetry, recording), which overrides only what it changes and is itself a client, so wrappers compose.
 *
 * Forwarded as they are: [model], [modelInfo], [provider], [endpoint], [create], [createStream], [totalUsage], [actualUsage],
 * [countTokens] and [remainingTokens] with their tools, and [close]. The overloads without tools are the
 * interface's own, which call the ones with tools on this client, so a wrapper that overrides those sees both.
 * Use [observe] and [observeCall] to watch a stream or a call without re-implementing either.
 */
public abstract class ForwardingChatCompletionClient(
    /** The client every call goes to. */
    protected val delegate: ChatCompletionClient,
) : ChatCompletionClient {
    override val model: String get() = delegate.model

    override val modelInfo: ModelInfo get() = delegate.modelInfo

    override val provider: String get() = delegate.provider

    override val endpoint: String? get() = delegate.endpoint

    override val totalUsage: RequestUsage get() = delegate.totalUsage

    override val actualUsage: RequestUsage get() = delegate.actualUsage

    /**
     * [delegate]'s answer to [request].
     *
     * Cancelling the caller cancels [delegate]'s call.
     *
     * @throws dev.switchboard.SwitchboardException as [delegate] throws it.
     */
    override suspend fun create(request: CreateRequest): CreateResult = delegate.create(request)

    /**
     * [delegate]'s stream for [request], as it is.
     *
     * Cancelling the collector cancels [delegate]'s stream.
     *
     * @throws dev.switchboard.SwitchboardException (from the flow) as [delegate]'s stream throws it.
     */
    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = delegate.createStream(request)

    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = delegate.countTokens(messages, tools)

    override fun remainingTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = delegate.remainingTokens(messages, tools)

    /** Closes [delegate]. */
    override fun close() {
        delegate.close()
    }

    override fun toString(): String = "${javaClass.simpleName}($delegate)"
}

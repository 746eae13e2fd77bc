package dev.switchboard

import kotlinx.coroutines.flow.Flow

/**
 * A client of one model at one provider. Every provider, and every wrapper (cache, retry, router,
 * logger, replay), is one of these, so they compose.
 *
 * Implementations are safe to share between coroutines and threads. [close] releases the HTTP
 * client when the client owns it.
 */
public interface ChatCompletionClient : AutoCloseable {
    /** The model's name as the provider knows it. */
    public val model: String

    /** What the model can do; requests are checked against it before any network call. */
    public val modelInfo: ModelInfo

    /**
     * The provider this client calls, as its errors name it (`openai`, `anthropic`, `replay`…); a wrapper reports
     * its delegate's. `custom` unless an implementation says otherwise.
     */
    public val provider: String get() = "custom"

    /**
     * The URL this client's calls go to, without user info, query or fragment and with known key shapes redacted
     * (`https://api.openai.com/v1/chat/completions`), or null when it calls no server (replay, a custom client); a
     * wrapper reports its delegate's. Wrappers use it where the answer depends on the server: a cache key, a
     * trace's `server.address`.
     */
    public val endpoint: String? get() = null

    /**
     * Sends [request] and returns the complete answer.
     *
     * Cancelling the calling coroutine cancels the HTTP exchange and closes its connection.
     *
     * Threads: a caller with a dispatcher of its own continues on it. A caller without one (`suspend fun main`, or
     * `Dispatchers.Unconfined`) continues on a thread of `Dispatchers.Default`, never on a thread of the HTTP engine.
     *
     * @throws CapabilityMissingException when the request needs a capability the model lacks (nothing is sent).
     * @throws SwitchboardException for every failure, typed by cause (authentication, rate limit, timeout…),
     *   after the configured retries for those that are retryable.
     */
    public suspend fun create(request: CreateRequest): CreateResult

    /**
     * A cold flow that sends [request] when collected and emits the answer as it is generated. The last
     * event is always [ChatStreamEvent.Completed] with the complete result; a stream that breaks before
     * it fails with [StreamInterruptedException] (or another [SwitchboardException]) instead.
     *
     * Retries happen only before the first event reaches the collector: content is never sent twice.
     * Cancelling the collector closes the connection.
     *
     * Threads: a collector with a dispatcher of its own gets the events on it. A collector without one
     * (`suspend fun main`, or `Dispatchers.Unconfined`) gets them on a thread of `Dispatchers.Default`, one at a time
     * (the stream is not read ahead of it), never on a thread of the HTTP engine.
     */
    public fun createStream(request: CreateRequest): Flow<ChatStreamEvent>

    /** The tokens of every call made through this client, including answers served from a cache. */
    public val totalUsage: RequestUsage

    /** The tokens of the calls that reached the provider (cache hits excluded). */
    public val actualUsage: RequestUsage

    /**
     * How many prompt tokens [messages] and [tools] take for this model. Exact for families whose
     * tokenizer this library has; an estimate (about 4 characters a token) for others.
     */
    public fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int

    /** How many prompt tokens [messages] take for this model. */
    public fun countTokens(messages: List<LlmMessage>): Int = countTokens(messages, emptyList())

    /**
     * How many tokens of the context window remain after [messages] and [tools].
     *
     * @throws IllegalStateException when the model's context window is unknown.
     */
    public fun remainingTokens(messages: List<LlmMessage>, tools: List<Tool>): Int {
        val window = checkNotNull(modelInfo.contextWindow) {
            "The context window of '$model' is unknown: declare it with ModelInfo.builder().contextWindow(...)"
        }
        return window - countTokens(messages, tools)
    }

    /** How many tokens of the context window remain after [messages]. */
    public fun remainingTokens(messages: List<LlmMessage>): Int = remainingTokens(messages, emptyList())

    /** Releases the resources this client owns; calls made after it fail with [IllegalStateException]. */
    override fun close()
}

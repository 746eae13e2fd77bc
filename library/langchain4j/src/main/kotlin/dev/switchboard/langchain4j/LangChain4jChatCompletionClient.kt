package dev.switchboard.langchain4j

import dev.langchain4j.model.chat.ChatModel
import dev.langchain4j.model.chat.StreamingChatModel
import dev.langchain4j.model.chat.response.ChatResponse
import dev.langchain4j.model.chat.response.CompleteToolCall
import dev.langchain4j.model.chat.response.PartialResponse
import dev.langchain4j.model.chat.response.PartialResponseContext
import dev.langchain4j.model.chat.response.PartialThinking
import dev.langchain4j.model.chat.response.PartialThinkingContext
import dev.langchain4j.model.chat.response.PartialToolCall
import dev.langchain4j.model.chat.response.PartialToolCallContext
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler
import dev.langchain4j.model.chat.response.StreamingHandle
import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FunctionCall
import dev.switchboard.LlmMessage
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.TokenCounter
import dev.switchboard.Tool
import dev.switchboard.checkCapabilities
import dev.switchboard.langchain4j.internal.Calls
import dev.switchboard.langchain4j.internal.Errors
import dev.switchboard.langchain4j.internal.Messages
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.runInterruptible
import java.util.concurrent.atomic.AtomicReference

/**
 * Any LangChain4j [ChatModel] and/or [StreamingChatModel] as a Switchboard [ChatCompletionClient], so Switchboard's
 * wrappers (cache, router, rate limits, telemetry, replay recording) work over a model only LangChain4j reaches.
 *
 * [create] calls the [ChatModel] on [Dispatchers.IO] (cancelling the coroutine interrupts that thread) or, with only
 * a streaming model, collects the stream. [createStream] keeps Switchboard's stream promises: it is cold (the
 * LangChain4j call starts on collection), its last event is [ChatStreamEvent.Completed], and a model's `onError`
 * ends it with a typed [dev.switchboard.SwitchboardException]. Cancelling the collector cancels the LangChain4j
 * stream through its [StreamingHandle] (models that give none cannot be stopped and are left to finish).
 * Request fields a LangChain4j `ChatRequest` cannot carry (seed, n, logit bias, guided decoding, extra body...)
 * fail with an [IllegalArgumentException] instead of being dropped. [close] does not close the LangChain4j models.
 */
public class LangChain4jChatCompletionClient private constructor(builder: Builder) : ChatCompletionClient {
    private val chatModel: ChatModel? = builder.chatModel
    private val streamingModel: StreamingChatModel? = builder.streamingModel
    override val model: String = requireNotNull(builder.model) { "Name the model with model(...)" }
    override val modelInfo: ModelInfo = builder.modelInfo
    override val provider: String = builder.provider
    private val usage = AtomicReference(RequestUsage.ZERO)

    init {
        require(chatModel != null || streamingModel != null) { "Give a chatModel(...), a streamingChatModel(...) or both" }
    }

    override suspend fun create(request: CreateRequest): CreateResult {
        checkCapabilities(provider, model, modelInfo, request)
        val chat = chatModel ?: return collectStream(request)
        val lc4jRequest = Calls.chatRequest(request)
        val response = try {
            runInterruptible(Dispatchers.IO) { chat.chat(lc4jRequest) }
        } catch (e: Throwable) {
            throw Errors.toSwitchboard(e, provider)
        }
        return account(Calls.createResult(response, model))
    }

    private suspend fun collectStream(request: CreateRequest): CreateResult {
        var result: CreateResult? = null
        createStream(request).collect { if (it is ChatStreamEvent.Completed) result = it.result }
        return checkNotNull(result) { "The stream ended without its result" }
    }

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> {
        val streaming = streamingModel ?: return flow {
            for (event in create(request).toStreamEvents()) emit(event)
        }
        return callbackFlow {
            checkCapabilities(provider, model, modelInfo, request)
            val lc4jRequest = Calls.chatRequest(request)
            val handle = AtomicReference<StreamingHandle?>()
            val started = HashSet<Int>()
            val ended = HashSet<Int>()
            fun start(index: Int, id: String?, name: String?) {
                if (started.add(index)) trySend(ChatStreamEvent.ToolCallStart(index, id.orEmpty(), name.orEmpty()))
            }
            val handler = object : StreamingChatResponseHandler {
                override fun onPartialResponse(partialResponse: String) {
                    trySend(ChatStreamEvent.TextDelta(partialResponse))
                }

                override fun onPartialResponse(partialResponse: PartialResponse, context: PartialResponseContext) {
                    handle.set(context.streamingHandle())
                    trySend(ChatStreamEvent.TextDelta(partialResponse.text()))
                }

                override fun onPartialThinking(partialThinking: PartialThinking) {
                    trySend(ChatStreamEvent.ThoughtDelta(partialThinking.text()))
                }

                override fun onPartialThinking(partialThinking: PartialThinking, context: PartialThinkingContext) {
                    handle.set(context.streamingHandle())
                    trySend(ChatStreamEvent.ThoughtDelta(partialThinking.text()))
                }

                override fun onPartialToolCall(partialToolCall: PartialToolCall) {
                    start(partialToolCall.index(), partialToolCall.id(), partialToolCall.name())
                    trySend(ChatStreamEvent.ToolCallDelta(partialToolCall.index(), partialToolCall.partialArguments().orEmpty()))
                }

                override fun onPartialToolCall(partialToolCall: PartialToolCall, context: PartialToolCallContext) {
                    handle.set(context.streamingHandle())
                    onPartialToolCall(partialToolCall)
                }

                override fun onCompleteToolCall(completeToolCall: CompleteToolCall) {
                    val call = Messages.functionCall(completeToolCall.toolExecutionRequest())
                    end(completeToolCall.index(), call)
                }

                private fun end(index: Int, call: FunctionCall) {
                    start(index, call.id, call.name)
                    if (ended.add(index)) trySend(ChatStreamEvent.ToolCallEnd(index, call))
                }

                override fun onCompleteResponse(completeResponse: ChatResponse) {
                    val result = try {
                        Calls.createResult(completeResponse, model)
                    } catch (e: RuntimeException) {
                        close(Errors.toSwitchboard(e, provider))
                        return
                    }
                    // A model that reports tool calls only in its final answer still gets start/end events for them.
                    result.toolCalls.forEachIndexed { i, call -> end(i, call) }
                    trySend(ChatStreamEvent.Completed(account(result)))
                    close()
                }

                override fun onError(error: Throwable) {
                    close(Errors.toSwitchboard(error, provider))
                }
            }
            try {
                streaming.chat(lc4jRequest, handler)
            } catch (e: Throwable) {
                close(Errors.toSwitchboard(e, provider))
            }
            awaitClose { handle.get()?.takeIf { !it.isCancelled }?.cancel() }
        }.buffer(Channel.UNLIMITED)
    }

    private fun account(result: CreateResult): CreateResult {
        usage.updateAndGet { it + result.usage }
        return result
    }

    /** The usage of every answer this client returned. */
    override val totalUsage: RequestUsage get() = usage.get()

    /** The same as [totalUsage]: every answer came from the LangChain4j model. */
    override val actualUsage: RequestUsage get() = usage.get()

    /** An estimate ([TokenCounter.ESTIMATE]): LangChain4j's chat models expose no tokenizer. */
    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = TokenCounter.ESTIMATE.count(messages, tools)

    /** Nothing to release here: the LangChain4j models stay the caller's to close. */
    override fun close() {}

    override fun toString(): String = "LangChain4jChatCompletionClient(provider=$provider, model=$model)"

    /** Builds a [LangChain4jChatCompletionClient]: a model name and at least one of the two LangChain4j models. */
    public class Builder internal constructor() {
        internal var chatModel: ChatModel? = null
        internal var streamingModel: StreamingChatModel? = null
        internal var model: String? = null
        internal var modelInfo: ModelInfo = ModelInfo.ALL_CAPABILITIES
        internal var provider: String = "langchain4j"

        /** The model [CreateRequest]s are answered by with `create`. */
        public fun chatModel(model: ChatModel): Builder = apply { chatModel = model }

        /** The model streams are answered by; without one, `createStream` replays the `create` answer as events. */
        public fun streamingChatModel(model: StreamingChatModel): Builder = apply { streamingModel = model }

        /** The model's name, as reported by [ChatCompletionClient.model] and in results that name none. */
        public fun model(name: String): Builder = apply { model = name }

        /** What the model can do; by default everything, leaving the LangChain4j model to refuse. */
        public fun modelInfo(info: ModelInfo): Builder = apply { modelInfo = info }

        /** The provider name in errors and telemetry; `langchain4j` by default. */
        public fun provider(name: String): Builder = apply { provider = name }

        /** The client; fails when no model name or no LangChain4j model was given. */
        public fun build(): LangChain4jChatCompletionClient = LangChain4jChatCompletionClient(this)
    }

    /** Factories. */
    public companion object {
        /** A builder to fill in. */
        @JvmStatic public fun builder(): Builder = Builder()

        /** A client over [chatModel] alone, named [model]. */
        @JvmStatic public fun of(chatModel: ChatModel, model: String): LangChain4jChatCompletionClient =
            Builder().chatModel(chatModel).model(model).build()
    }
}

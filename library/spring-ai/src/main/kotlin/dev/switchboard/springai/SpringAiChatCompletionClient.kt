package dev.switchboard.springai

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.Choice
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FunctionCall
import dev.switchboard.LlmMessage
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.TokenCounter
import dev.switchboard.Tool
import dev.switchboard.checkCapabilities
import dev.switchboard.springai.internal.SpringMessages
import dev.switchboard.springai.internal.SpringPrompts
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.reactive.asFlow
import kotlinx.coroutines.runInterruptible
import org.springframework.ai.chat.model.ChatModel
import java.util.concurrent.atomic.AtomicReference

/**
 * Any Spring AI [ChatModel] as a Switchboard [ChatCompletionClient], so Switchboard's wrappers work over a model
 * only Spring AI reaches. Tools are declared to the model with internal tool execution off: the calls come back in
 * the result for the Switchboard caller to run. Request fields Spring AI's portable options cannot carry (seed,
 * tool choice, response format, guided decoding, extra body...) fail with an [IllegalArgumentException].
 *
 * [create] calls the model on [Dispatchers.IO] (cancelling interrupts that thread). [createStream] is cold (it
 * subscribes to `stream(prompt)` on collection), emits the text deltas as they come, then the tool calls and
 * [ChatStreamEvent.Completed] once the Flux completes; a Flux error, or a Flux that completes empty, fails the
 * stream. Cancelling the collector cancels the subscription. Spring AI's own exceptions arrive as
 * [dev.switchboard.ApiException] with the original as the cause. [close] does not close the Spring AI model.
 */
public class SpringAiChatCompletionClient private constructor(builder: Builder) : ChatCompletionClient {
    private val chatModel: ChatModel = requireNotNull(builder.chatModel) { "Give the Spring AI model with chatModel(...)" }
    override val model: String = requireNotNull(builder.model) { "Name the model with model(...)" }
    override val modelInfo: ModelInfo = builder.modelInfo
    override val provider: String = builder.provider
    private val usage = AtomicReference(RequestUsage.ZERO)

    override suspend fun create(request: CreateRequest): CreateResult {
        checkCapabilities(provider, model, modelInfo, request)
        val prompt = SpringPrompts.prompt(request)
        val response = try {
            runInterruptible(Dispatchers.IO) { chatModel.call(prompt) }
        } catch (e: Throwable) {
            throw SpringPrompts.failure(e, provider)
        }
        return account(SpringMessages.createResult(response, model))
    }

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
        checkCapabilities(provider, model, modelInfo, request)
        val prompt = SpringPrompts.prompt(request)
        val text = StringBuilder()
        val calls = LinkedHashMap<String, FunctionCall>()
        var raw: String? = null
        var used = RequestUsage.ZERO
        var id: String? = null
        var name: String? = null
        var chunks = 0
        try {
            chatModel.stream(prompt).asFlow().collect { r ->
                chunks++
                r.results.firstOrNull()?.let { g ->
                    g.output.text?.takeIf { it.isNotEmpty() }?.let {
                        text.append(it)
                        emit(ChatStreamEvent.TextDelta(it))
                    }
                    g.output.toolCalls.forEach { calls[it.id()] = FunctionCall(it.id(), it.name(), it.arguments()) }
                    g.metadata.finishReason?.takeIf { it.isNotEmpty() }?.let { raw = it }
                }
                val u = r.metadata.usage
                if ((u.promptTokens ?: 0) > 0 || (u.completionTokens ?: 0) > 0) {
                    used = RequestUsage(u.promptTokens ?: 0, u.completionTokens ?: 0)
                }
                r.metadata.id?.takeIf { it.isNotEmpty() }?.let { id = it }
                r.metadata.model?.takeIf { it.isNotEmpty() }?.let { name = it }
            }
        } catch (e: CancellationException) {
            throw e
        } catch (e: Throwable) {
            throw SpringPrompts.failure(e, provider)
        }
        if (chunks == 0) throw StreamInterruptedException("The Spring AI stream completed without a single chunk", provider)
        calls.values.forEachIndexed { i, call ->
            emit(ChatStreamEvent.ToolCallStart(i, call.id, call.name))
            if (call.arguments.isNotEmpty()) emit(ChatStreamEvent.ToolCallDelta(i, call.arguments))
            emit(ChatStreamEvent.ToolCallEnd(i, call))
        }
        val toolCalls = calls.values.toList()
        val choice = Choice(0, SpringMessages.finishReason(raw, toolCalls.isNotEmpty()), raw, text.toString().ifEmpty { null }, toolCalls)
        emit(ChatStreamEvent.Completed(account(CreateResult(listOf(choice), used, id = id, model = name ?: model))))
    }

    private fun account(result: CreateResult): CreateResult {
        usage.updateAndGet { it + result.usage }
        return result
    }

    /** The usage of every answer this client returned. */
    override val totalUsage: RequestUsage get() = usage.get()

    /** The same as [totalUsage]: every answer came from the Spring AI model. */
    override val actualUsage: RequestUsage get() = usage.get()

    /** An estimate ([TokenCounter.ESTIMATE]): Spring AI's chat models expose no tokenizer. */
    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = TokenCounter.ESTIMATE.count(messages, tools)

    /** Nothing to release here: the Spring AI model stays the caller's. */
    override fun close() {}

    override fun toString(): String = "SpringAiChatCompletionClient(provider=$provider, model=$model)"

    /** Builds a [SpringAiChatCompletionClient]: the Spring AI model and a model name. */
    public class Builder internal constructor() {
        internal var chatModel: ChatModel? = null
        internal var model: String? = null
        internal var modelInfo: ModelInfo = ModelInfo.ALL_CAPABILITIES
        internal var provider: String = "spring-ai"

        /** The Spring AI model every call goes to. */
        public fun chatModel(model: ChatModel): Builder = apply { chatModel = model }

        /** The model's name, as reported by [ChatCompletionClient.model] and in results that name none. */
        public fun model(name: String): Builder = apply { model = name }

        /** What the model can do; by default everything, leaving the Spring AI model to refuse. */
        public fun modelInfo(info: ModelInfo): Builder = apply { modelInfo = info }

        /** The provider name in errors and telemetry; `spring-ai` by default. */
        public fun provider(name: String): Builder = apply { provider = name }

        /** The client; fails when the model or its name is missing. */
        public fun build(): SpringAiChatCompletionClient = SpringAiChatCompletionClient(this)
    }

    /** Factories. */
    public companion object {
        /** A builder to fill in. */
        @JvmStatic public fun builder(): Builder = Builder()

        /** A client over [chatModel], named [model]. */
        @JvmStatic public fun of(chatModel: ChatModel, model: String): SpringAiChatCompletionClient =
            Builder().chatModel(chatModel).model(model).build()
    }
}

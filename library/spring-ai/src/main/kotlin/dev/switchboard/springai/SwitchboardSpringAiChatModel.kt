package dev.switchboard.springai

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.StreamInterruptedException
import dev.switchboard.springai.internal.SpringMessages
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.reactive.asPublisher
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.runInterruptible
import org.springframework.ai.chat.messages.AssistantMessage
import org.springframework.ai.chat.metadata.ChatResponseMetadata
import org.springframework.ai.chat.model.ChatModel
import org.springframework.ai.chat.model.ChatResponse
import org.springframework.ai.chat.model.Generation
import org.springframework.ai.chat.prompt.ChatOptions
import org.springframework.ai.chat.prompt.Prompt
import org.springframework.ai.model.tool.DefaultToolExecutionEligibilityPredicate
import org.springframework.ai.model.tool.ToolCallingChatOptions
import org.springframework.ai.model.tool.ToolCallingManager
import org.springframework.ai.model.tool.ToolExecutionResult
import reactor.core.publisher.Flux

/**
 * A Switchboard [ChatCompletionClient] as Spring AI's [ChatModel] (and so its `StreamingChatModel`), for `ChatClient`
 * and everything else that takes one. No Boot auto-configuration: declare it as a bean yourself.
 *
 * Messages (system, user text and images, assistant text and tool calls, tool responses), the options' sampling
 * parameters and the tool callbacks' definitions go to Switchboard; answers come back with their usage and finish
 * reason (Switchboard's closed reason, `STOP`, `LENGTH`, `TOOL_CALLS`...). Tool calls are executed the Spring AI way:
 * when the options enable internal tool execution (the default), the [ToolCallingManager] runs the callbacks and
 * the conversation goes on, in [call] and in [stream] alike. Switchboard's typed errors reach the caller as they are.
 *
 * [call] blocks its thread (interrupting it cancels the call). [stream] is cold: each subscription makes one
 * Switchboard stream, the chunks carry the text deltas, the last chunk the finish reason, tool calls and usage;
 * cancelling the subscription cancels the Switchboard stream. The client is not closed by this adapter.
 */
public class SwitchboardSpringAiChatModel @JvmOverloads constructor(
    private val client: ChatCompletionClient,
    private val toolCallingManager: ToolCallingManager = ToolCallingManager.builder().build(),
) : ChatModel {
    private val eligibility = DefaultToolExecutionEligibilityPredicate()

    /** Options that take tool callbacks, so `ChatClient.tools(...)` reaches this model. */
    override fun getDefaultOptions(): ChatOptions = ToolCallingChatOptions.builder().build()

    /** Sends [prompt], running the tool loop while the model asks for tools. */
    override fun call(prompt: Prompt): ChatResponse {
        var current = prompt
        while (true) {
            val request = SpringMessages.createRequest(current, client.model, SpringMessages.tools(current))
            val result = try {
                runBlocking { client.create(request) }
            } catch (e: InterruptedException) {
                Thread.currentThread().interrupt()
                throw e
            }
            val response = SpringMessages.chatResponse(result)
            val options = current.options
            if (options == null || !eligibility.isToolExecutionRequired(options, response)) return response
            val execution = toolCallingManager.executeToolCalls(current, response)
            if (execution.returnDirect()) return direct(execution, response.metadata)
            current = Prompt(execution.conversationHistory(), options)
        }
    }

    /** Streams [prompt] as described on the class. */
    override fun stream(prompt: Prompt): Flux<ChatResponse> = Flux.from(streamFlow(prompt).asPublisher())

    private fun streamFlow(prompt: Prompt): Flow<ChatResponse> = flow {
        val request = SpringMessages.createRequest(prompt, client.model, SpringMessages.tools(prompt))
        var done: ChatResponse? = null
        var last: dev.switchboard.CreateResult? = null
        client.createStream(request).collect { event ->
            when (event) {
                is ChatStreamEvent.TextDelta -> if (event.choiceIndex == 0) emit(chunk(event.text))
                is ChatStreamEvent.Completed -> {
                    last = event.result
                    done = SpringMessages.chatResponse(event.result)
                }
                else -> Unit
            }
        }
        val response = done ?: throw StreamInterruptedException("The stream ended without its final result", client.provider)
        val options = prompt.options
        if (options != null && eligibility.isToolExecutionRequired(options, response)) {
            val execution = runInterruptible(Dispatchers.IO) { toolCallingManager.executeToolCalls(prompt, response) }
            if (execution.returnDirect()) {
                emit(direct(execution, response.metadata))
            } else {
                emitAll(streamFlow(Prompt(execution.conversationHistory(), options)))
            }
            return@flow
        }
        // The text came in the deltas: the last chunk carries the rest (tool calls, finish reason, usage) without it.
        val result = last!!
        emit(SpringMessages.chatResponse(result.newBuilder().choices(result.choices.map { it.newBuilder().content("").refusal(null).build() }).build()))
    }

    private fun chunk(text: String): ChatResponse = ChatResponse(listOf(Generation(AssistantMessage(text))))

    private fun direct(execution: ToolExecutionResult, metadata: ChatResponseMetadata): ChatResponse =
        ChatResponse(ToolExecutionResult.buildGenerations(execution), metadata)

    override fun toString(): String = "SwitchboardSpringAiChatModel(provider=${client.provider}, model=${client.model})"
}

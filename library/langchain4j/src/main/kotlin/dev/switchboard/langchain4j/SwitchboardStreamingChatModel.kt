package dev.switchboard.langchain4j

import dev.langchain4j.model.ModelProvider
import dev.langchain4j.model.chat.Capability
import dev.langchain4j.model.chat.StreamingChatModel
import dev.langchain4j.model.chat.request.ChatRequest
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
import dev.switchboard.StreamInterruptedException
import dev.switchboard.langchain4j.internal.Calls
import dev.switchboard.langchain4j.internal.Errors
import dev.switchboard.langchain4j.internal.Messages
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.launch

/**
 * A Switchboard [ChatCompletionClient] as LangChain4j's [StreamingChatModel] (for `TokenStream` and streaming
 * `AiServices`), translating requests and answers as [SwitchboardChatModel] does.
 *
 * Each call collects the client's `createStream` on a coroutine of its own ([Dispatchers.IO]); the handler is
 * called on that coroutine's thread, in order: text and thinking deltas, partial and complete tool calls, then
 * exactly one of `onCompleteResponse` or `onError`. A stream that ends without its final result is reported to
 * `onError` as a [StreamInterruptedException], never as a short answer. The [StreamingHandle] given with each
 * partial response cancels the Switchboard stream (the HTTP exchange is closed); after a cancel the handler
 * hears nothing more.
 *
 * @param client the Switchboard client every request goes to, with its model.
 * @param strictJsonSchema whether a LangChain4j JSON schema response format is sent as a strict schema.
 */
public class SwitchboardStreamingChatModel @JvmOverloads constructor(
    private val client: ChatCompletionClient,
    private val strictJsonSchema: Boolean = false,
) : StreamingChatModel {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.IO)

    /** Starts the stream and returns at once; [handler] hears the answer as described on the class. */
    override fun doChat(chatRequest: ChatRequest, handler: StreamingChatResponseHandler) {
        val request = try {
            Calls.createRequest(chatRequest, client.model, strictJsonSchema)
        } catch (e: IllegalArgumentException) {
            handler.onError(e)
            return
        }
        val handle = JobHandle()
        val run = scope.launch(start = CoroutineStart.LAZY) {
            val started = HashMap<Int, Pair<String, String>>()
            var finished = false
            try {
                client.createStream(request).collect { event ->
                    if (finished) throw IllegalStateException("The Switchboard stream went on after its Completed event")
                    when (event) {
                        is ChatStreamEvent.TextDelta -> if (event.choiceIndex == 0) {
                            handler.onPartialResponse(PartialResponse(event.text), PartialResponseContext(handle))
                        }
                        is ChatStreamEvent.ThoughtDelta -> if (event.choiceIndex == 0) {
                            handler.onPartialThinking(PartialThinking(event.text), PartialThinkingContext(handle))
                        }
                        is ChatStreamEvent.ToolCallStart -> if (event.choiceIndex == 0) started[event.index] = event.id to event.name
                        is ChatStreamEvent.ToolCallDelta -> if (event.choiceIndex == 0) {
                            val (id, name) = started[event.index]
                                ?: throw IllegalStateException("Arguments for tool call ${event.index} arrived before its start")
                            val partial = PartialToolCall.builder().index(event.index).id(id).name(name)
                                .partialArguments(event.argumentsDelta).build()
                            handler.onPartialToolCall(partial, PartialToolCallContext(handle))
                        }
                        is ChatStreamEvent.ToolCallEnd -> if (event.choiceIndex == 0) {
                            handler.onCompleteToolCall(CompleteToolCall(event.index, Messages.lc4jRequest(event.call)))
                        }
                        is ChatStreamEvent.Completed -> {
                            finished = true
                            handler.onCompleteResponse(Calls.chatResponse(event.result))
                        }
                    }
                }
                if (!finished) {
                    handler.onError(
                        StreamInterruptedException("The stream ended without its final result", client.provider),
                    )
                }
            } catch (e: CancellationException) {
                throw e
            } catch (e: Throwable) {
                if (!finished) {
                    finished = true
                    handler.onError(Errors.toLangChain4j(e))
                } else {
                    throw e
                }
            }
        }
        handle.run = run
        run.start()
    }

    /** [ModelProvider.OTHER]: the provider behind the Switchboard client is `client.provider`. */
    override fun provider(): ModelProvider = ModelProvider.OTHER

    /** JSON-schema answers when the client's model declares structured output, so `AiServices` asks for them. */
    override fun supportedCapabilities(): Set<Capability> = SwitchboardChatModel.capabilities(client)

    override fun toString(): String = "SwitchboardStreamingChatModel(provider=${client.provider}, model=${client.model})"

    private class JobHandle : StreamingHandle {
        @Volatile lateinit var run: Job

        @Volatile private var cancelled = false

        override fun cancel() {
            cancelled = true
            run.cancel(CancellationException("Cancelled through LangChain4j's StreamingHandle"))
        }

        override fun isCancelled(): Boolean = cancelled
    }
}

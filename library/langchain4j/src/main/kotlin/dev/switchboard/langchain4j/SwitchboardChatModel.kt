package dev.switchboard.langchain4j

import dev.langchain4j.model.ModelProvider
import dev.langchain4j.model.chat.Capability
import dev.langchain4j.model.chat.ChatModel
import dev.langchain4j.model.chat.request.ChatRequest
import dev.langchain4j.model.chat.response.ChatResponse
import dev.switchboard.ChatCompletionClient
import dev.switchboard.langchain4j.internal.Calls
import dev.switchboard.langchain4j.internal.Errors
import kotlinx.coroutines.runBlocking

/**
 * A Switchboard [ChatCompletionClient] as LangChain4j's [ChatModel], for `AiServices` and everything else that takes one.
 *
 * Messages (system, user text and images, AI text, thinking and tool calls, tool results), tool specifications,
 * tool choice, the JSON response format with or without a schema, sampling parameters, token usage and finish
 * reasons are translated both ways. A request the client cannot take (another model name, an audio part, a
 * custom message) fails with an [IllegalArgumentException] naming what is wrong. Switchboard's failures reach
 * LangChain4j as its exception of the same kind (a rate limit as `dev.langchain4j.exception.RateLimitException`,
 * and so on) with the Switchboard exception as the cause.
 *
 * [chat] blocks the calling thread; interrupting it cancels the Switchboard call. The client is not closed by
 * this adapter: it stays the caller's.
 *
 * @param client the Switchboard client every request goes to, with its model.
 * @param strictJsonSchema whether a LangChain4j JSON schema response format is sent as a strict schema.
 */
public class SwitchboardChatModel @JvmOverloads constructor(
    private val client: ChatCompletionClient,
    private val strictJsonSchema: Boolean = false,
) : ChatModel {
    /** Sends [chatRequest] through the Switchboard client and waits for its answer. */
    override fun doChat(chatRequest: ChatRequest): ChatResponse {
        val request = Calls.createRequest(chatRequest, client.model, strictJsonSchema)
        val result = try {
            runBlocking { client.create(request) }
        } catch (e: InterruptedException) {
            Thread.currentThread().interrupt()
            throw e
        } catch (e: RuntimeException) {
            throw Errors.toLangChain4j(e)
        }
        return Calls.chatResponse(result)
    }

    /** [ModelProvider.OTHER]: the provider behind the Switchboard client is `client.provider`. */
    override fun provider(): ModelProvider = ModelProvider.OTHER

    /** JSON-schema answers when the client's model declares structured output, so `AiServices` asks for them. */
    override fun supportedCapabilities(): Set<Capability> = capabilities(client)

    override fun toString(): String = "SwitchboardChatModel(provider=${client.provider}, model=${client.model})"

    internal companion object {
        fun capabilities(client: ChatCompletionClient): Set<Capability> =
            if (client.modelInfo.structuredOutput) setOf(Capability.RESPONSE_FORMAT_JSON_SCHEMA) else emptySet()
    }
}

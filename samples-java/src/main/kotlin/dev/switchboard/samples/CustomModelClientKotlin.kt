@file:JvmName("CustomModelClientKotlin")

package dev.switchboard.samples

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.LlmMessage
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.TextPart
import dev.switchboard.Tool
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import dev.switchboard.TokenCounter
import dev.switchboard.checkCapabilities
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.runBlocking
import java.util.concurrent.atomic.AtomicReference

/**
 * A model of your own, written in Kotlin: it implements [ChatCompletionClient] itself (a suspending `create`, a cold
 * `Flow` for `createStream`), so every wrapper of the library and the Java facade (`Clients.wrap`) accept it. This one
 * answers with the user's words in reverse order, streamed word by word.
 */
public class ReversingModel : ChatCompletionClient {
    private val usage = AtomicReference(RequestUsage.ZERO)

    override val model: String = "reverse-1"

    override val modelInfo: ModelInfo = ModelInfo.builder().vision(false).functionCalling(false).build()

    override val totalUsage: RequestUsage get() = usage.get()

    override val actualUsage: RequestUsage get() = usage.get()

    override suspend fun create(request: CreateRequest): CreateResult {
        checkCapabilities("reversing", model, modelInfo, request)
        return answer(request).also(::record)
    }

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
        checkCapabilities("reversing", model, modelInfo, request)
        val result = answer(request)
        for (word in result.content.orEmpty().split(" ")) emit(ChatStreamEvent.TextDelta("$word "))
        record(result)
        emit(ChatStreamEvent.Completed(result)) // always the last event
    }

    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = TokenCounter.ESTIMATE.count(messages, tools)

    override fun close() {}

    private fun answer(request: CreateRequest): CreateResult {
        val question = (request.messages.last() as UserMessage).content.filterIsInstance<TextPart>().joinToString("") { it.text }
        val text = question.split(" ").reversed().joinToString(" ")
        return CreateResult.ofText(text, FinishReason.STOP, RequestUsage.of(countTokens(request.messages), text.split(" ").size))
    }

    private fun record(result: CreateResult) {
        usage.accumulateAndGet(result.usage) { a, b -> a + b }
    }
}

/** Runs the sample. */
public fun main() {
    runBlocking {
        ReversingModel().use { model ->
            println("Offline: a model written in Kotlin (${model.model})")
            println("Answer: " + model.create(createRequest { user("one two three") }).content)
            print("Streamed:")
            model.createStream(createRequest { user("streams are cold flows") }).collect { event ->
                when (event) {
                    is ChatStreamEvent.TextDelta -> print(" [" + event.text.trim() + "]")
                    is ChatStreamEvent.Completed -> println().also { println("Tokens: ${model.totalUsage.completionTokens} completion") }
                    else -> Unit
                }
            }
        }
    }
}

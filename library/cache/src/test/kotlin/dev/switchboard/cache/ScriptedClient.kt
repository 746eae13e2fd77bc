package dev.switchboard.cache

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.Choice
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.LlmMessage
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.ServerException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.Tool
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference

/**
 * A provider for the cache tests: answers every request with [answer] (its text names the call's number), as a
 * stream of text, tool-call start/delta/end and `Completed` events; counts calls; can be held at a [gate], made to
 * fail ([failNext]) or to break a stream after its first event ([breakNext]); records cancellations.
 */
class ScriptedClient(override val model: String = "m1", override val endpoint: String? = "https://llm.example/v1/chat") :
    ChatCompletionClient {
    val calls = AtomicInteger()
    val cancelled = AtomicInteger()
    @Volatile var gate: CompletableDeferred<Unit>? = null
    @Volatile var failNext = 0
    @Volatile var breakNext = 0
    private val usage = AtomicReference(RequestUsage.ZERO)

    override val modelInfo: ModelInfo = ModelInfo.builder().functionCalling(true).build()
    override val provider: String = "scripted"
    override val totalUsage: RequestUsage get() = usage.get()
    override val actualUsage: RequestUsage get() = usage.get()

    fun answer(n: Int): CreateResult = CreateResult.builder()
        .choices(listOf(Choice.builder().finishReason(FinishReason.TOOL_CALLS).content("answer $n")
            .toolCalls(listOf(FunctionCall("call_$n", "weather", """{"city":"Oslo"}"""))).build()))
        .usage(RequestUsage.of(10, 5)).id("resp-$n").model("m1-2025").build()

    override suspend fun create(request: CreateRequest): CreateResult {
        val n = calls.incrementAndGet()
        try {
            gate?.await()
        } catch (e: kotlinx.coroutines.CancellationException) {
            cancelled.incrementAndGet()
            throw e
        }
        if (failNext > 0) {
            failNext--
            throw ServerException("scripted failure", "scripted", 503)
        }
        return answer(n).also { r -> usage.accumulateAndGet(r.usage) { a, b -> a + b } }
    }

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
        val n = calls.incrementAndGet()
        val result = answer(n)
        try {
            gate?.await()
            emit(ChatStreamEvent.TextDelta("answer "))
            if (breakNext > 0) {
                breakNext--
                throw StreamInterruptedException("scripted break", "scripted")
            }
            emit(ChatStreamEvent.TextDelta("$n"))
            emit(ChatStreamEvent.ToolCallStart(0, "call_$n", "weather"))
            emit(ChatStreamEvent.ToolCallDelta(0, """{"city":"""))
            emit(ChatStreamEvent.ToolCallDelta(0, """"Oslo"}"""))
            emit(ChatStreamEvent.ToolCallEnd(0, FunctionCall("call_$n", "weather", """{"city":"Oslo"}""")))
            usage.accumulateAndGet(result.usage) { a, b -> a + b }
            emit(ChatStreamEvent.Completed(result))
        } catch (e: kotlinx.coroutines.CancellationException) {
            cancelled.incrementAndGet()
            throw e
        }
    }

    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = 0

    override fun close() {}
}

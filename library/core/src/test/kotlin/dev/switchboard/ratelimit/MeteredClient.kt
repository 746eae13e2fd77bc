package dev.switchboard.ratelimit

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.LlmMessage
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.Tool
import dev.switchboard.UserMessage
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import java.time.Clock
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.cancellation.CancellationException

/**
 * A provider for the rate-limit tests: its prompts count [promptTokens] tokens, each call answers with [usage] (a
 * `create`, or a stream of one text delta and `Completed`), and it can be held at a [gate], made to throw [failWith],
 * or to break a stream after its first delta ([breakStreams]). Counts calls and cancellations.
 */
class MeteredClient(
    @Volatile var promptTokens: Int = 10,
    @Volatile var usage: RequestUsage = RequestUsage.of(10, 5),
) : ChatCompletionClient {
    val calls = AtomicInteger()
    val cancelled = AtomicInteger()
    @Volatile var gate: CompletableDeferred<Unit>? = null
    @Volatile var failWith: Throwable? = null
    @Volatile var breakStreams = false
    @Volatile var streamText = "answer"
    @Volatile var cachedAnswers = false

    override val model: String = "metered-1"
    override val modelInfo: ModelInfo = ModelInfo.ALL_CAPABILITIES
    override val provider: String = "metered"
    override val totalUsage: RequestUsage get() = RequestUsage.ZERO
    override val actualUsage: RequestUsage get() = RequestUsage.ZERO

    fun answer(n: Int): CreateResult = CreateResult.ofText("answer $n", FinishReason.STOP, usage).newBuilder().cached(cachedAnswers).build()

    override suspend fun create(request: CreateRequest): CreateResult {
        val n = calls.incrementAndGet()
        hold()
        failWith?.let { throw it }
        return answer(n)
    }

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
        val n = calls.incrementAndGet()
        hold()
        failWith?.let { throw it }
        try {
            emit(ChatStreamEvent.TextDelta(streamText))
            if (breakStreams) throw StreamInterruptedException("metered break", provider)
            emit(ChatStreamEvent.Completed(answer(n)))
        } catch (e: CancellationException) {
            cancelled.incrementAndGet()
            throw e
        }
    }

    private suspend fun hold() {
        try {
            gate?.await()
        } catch (e: CancellationException) {
            cancelled.incrementAndGet()
            throw e
        }
    }

    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = promptTokens

    override fun close() {}

    companion object {
        val hi: CreateRequest = CreateRequest.of(UserMessage.of("hi"))

        /** [hi] with [maxTokens] set. */
        fun hi(maxTokens: Int): CreateRequest = hi.newBuilder().maxTokens(maxTokens).build()
    }
}

/** A clock at a fixed epoch plus the virtual time of [now] (a test scheduler's `currentTime`, in milliseconds). */
class VirtualClock(private val now: () -> Long) : Clock() {
    override fun getZone(): ZoneId = ZoneOffset.UTC
    override fun withZone(zone: ZoneId): Clock = this
    override fun instant(): Instant = EPOCH.plusMillis(now())

    companion object {
        val EPOCH: Instant = Instant.parse("2026-12-02T10:00:00Z")
    }
}

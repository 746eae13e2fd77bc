package dev.switchboard.router

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.LlmMessage
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.Tool
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.test.TestScope
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger

/**
 * An in-memory deployment that answers its own [name] after [delayMs] (virtual time under `runTest`), or does what
 * [onCall] says for the nth call (from 1): throw, answer something else. Counts its calls, those in flight and the
 * most in flight at once. A stream emits [streamScript]'s events (by default the answer as one delta, then Completed).
 */
internal class FakeClient(
    val name: String,
    override val modelInfo: ModelInfo = ModelInfo.ALL_CAPABILITIES,
    @Volatile var delayMs: Long = 0,
) : ChatCompletionClient {
    val calls = AtomicInteger()
    val inFlight = AtomicInteger()
    val mostInFlight = AtomicInteger()
    val closed = AtomicBoolean()
    @Volatile var onCall: (Int, CreateRequest) -> CreateResult? = { _, _ -> null }
    @Volatile var streamScript: (suspend FlowCollector<ChatStreamEvent>.(Int, CreateRequest) -> Unit)? = null

    fun answer(tokens: Int = 15): CreateResult = CreateResult.builder()
        .choices(listOf(dev.switchboard.Choice.builder().content(name).finishReason(FinishReason.STOP).build()))
        .usage(RequestUsage.of(tokens - 5, 5)).model(name).build()

    /** Fails every call with what [error] makes. */
    fun failing(error: () -> Throwable): FakeClient = apply { onCall = { _, _ -> throw error() } }

    /** Answers normally again. */
    fun healthy(): FakeClient = apply { onCall = { _, _ -> null } }

    override val model: String get() = name
    override val provider: String get() = "fake"
    override val totalUsage: RequestUsage get() = RequestUsage.ZERO
    override val actualUsage: RequestUsage get() = RequestUsage.ZERO

    override suspend fun create(request: CreateRequest): CreateResult {
        val n = calls.incrementAndGet()
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), ::maxOf)
        try {
            if (delayMs > 0) delay(delayMs)
            return onCall(n, request) ?: answer()
        } finally {
            inFlight.decrementAndGet()
        }
    }

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
        val n = calls.incrementAndGet()
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), ::maxOf)
        try {
            if (delayMs > 0) delay(delayMs)
            val script = streamScript
            if (script != null) {
                script(n, request)
            } else {
                val result = onCall(n, request) ?: answer()
                for (e in result.toStreamEvents()) emit(e)
            }
        } finally {
            inFlight.decrementAndGet()
        }
    }

    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = messages.size * 10

    override fun close() {
        closed.set(true)
    }

    override fun toString(): String = "FakeClient($name)"
}

/** A request asking [text], with [priority]. */
internal fun ask(text: String = "Hi", priority: Int = 0): CreateRequest = CreateRequest.builder().user(text).priority(priority).build()

/** Settings on the virtual clock of this test (milliseconds of `currentTime`), no backoff unless [block] sets one. */
internal fun TestScope.virtualSettings(block: RouterSettings.Builder.() -> Unit = {}): RouterSettings =
    RouterSettings.builder().initialBackoff(java.time.Duration.ZERO)
        .clock { testScheduler.currentTime * 1_000_000L }.apply(block).build()

package dev.switchboard.opentelemetry

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.HttpEventListener
import dev.switchboard.createRequest
import dev.switchboard.wrap.ForwardingChatCompletionClient
import dev.switchboard.wrap.withHttpEvents
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeLessThanOrEqual
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.runBlocking
import java.lang.management.ManagementFactory

/**
 * Per event, a traced stream allocates no more than the wrapper seam's own context switch costs: the span's context is
 * put on the upstream with `flowOn`, as `Flow.withHttpEvents` puts its listeners, and the observer adds nothing.
 * Measured with the JVM's per-thread allocation counter over streams of many events, the difference between a long
 * and a short stream taken so that the per-collection costs cancel out.
 */
class StreamAllocationTest : FunSpec({
    val request = createRequest { user("Hi") }
    val threads = ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean

    /** A client streaming [events] text deltas, the same instance each time, then `Completed`. */
    class Source(private val events: Int) : ForwardingChatCompletionClient(Replays.of(Replays.ANSWER)) {
        override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
            repeat(events) { emit(DELTA) }
            emit(COMPLETED)
        }
    }

    /** The seam's cost: a wrapper that only puts an HTTP event listener on the stream. */
    class Listening(delegate: ChatCompletionClient) : ForwardingChatCompletionClient(delegate) {
        override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> =
            delegate.createStream(request).withHttpEvents(object : HttpEventListener {})
    }

    fun bytesPerEvent(wrap: (ChatCompletionClient) -> ChatCompletionClient): Double = runBlocking {
        val thread = Thread.currentThread().id
        suspend fun bytes(events: Int): Long {
            val client = wrap(Source(events))
            val before = threads.getThreadAllocatedBytes(thread)
            client.createStream(request).collect { }
            return threads.getThreadAllocatedBytes(thread) - before
        }
        repeat(10) { bytes(20_000) }
        val short = (1..5).minOf { bytes(1_000) }
        val long = (1..5).minOf { bytes(51_000) }
        (long - short) / 50_000.0
    }

    test("a traced stream allocates per event no more than the wrapper seam's context switch") {
        TestTelemetry().use { otel ->
            val seam = bytesPerEvent { Listening(it) }
            bytesPerEvent { it.traced(otel.openTelemetry) } shouldBeLessThanOrEqual seam + 8.0
        }
    }
}) {
    private companion object {
        val DELTA = ChatStreamEvent.TextDelta("x")
        val COMPLETED = ChatStreamEvent.Completed(Replays.ANSWER)
    }
}

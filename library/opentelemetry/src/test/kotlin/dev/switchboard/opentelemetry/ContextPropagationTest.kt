package dev.switchboard.opentelemetry

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.createRequest
import dev.switchboard.wrap.ForwardingChatCompletionClient
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.opentelemetry.api.trace.Span
import io.opentelemetry.api.trace.SpanContext
import io.opentelemetry.context.Context
import io.opentelemetry.extension.kotlin.asContextElement
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield

/**
 * The `chat` span is the child of the caller's span and the parent of what the wrapped client does (an HTTP
 * instrumentation below it), across the dispatchers and threads the call runs on.
 */
class ContextPropagationTest : FunSpec({
    val request = createRequest { user("Hi") }

    /** A client that notes the span current where its call runs: after a hop to another dispatcher. */
    class SeeingClient : ForwardingChatCompletionClient(Replays.of(Replays.ANSWER, Replays.ANSWER)) {
        @Volatile var seen: SpanContext? = null
        @Volatile var seenInStream: SpanContext? = null

        override suspend fun create(request: CreateRequest): CreateResult {
            withContext(Dispatchers.IO) { seen = Span.current().spanContext }
            return delegate.create(request)
        }

        override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
            yield()
            withContext(Dispatchers.IO) { seenInStream = Span.current().spanContext }
            Replays.ANSWER.toStreamEvents().forEach { emit(it) }
        }
    }

    test("the caller's span in its coroutine context is the parent, and the chat span is current below it") {
        TestTelemetry().use { otel ->
            val tracer = otel.openTelemetry.getTracer("test")
            val client = SeeingClient()
            val traced = client.traced(otel.openTelemetry)
            val parent = tracer.spanBuilder("caller").startSpan()

            withContext(Context.current().with(parent).asContextElement()) {
                withContext(Dispatchers.Default) { traced.create(request) }
            }
            parent.end()

            val chat = otel.span("chat gpt-4o-mini")
            chat.parentSpanId shouldBe parent.spanContext.spanId
            chat.traceId shouldBe parent.spanContext.traceId
            client.seen shouldBe chat.spanContext
        }
    }

    test("without a context element, the thread's current context is the parent") {
        TestTelemetry().use { otel ->
            val parent = otel.openTelemetry.getTracer("test").spanBuilder("caller").startSpan()
            val traced = Replays.of(Replays.ANSWER).traced(otel.openTelemetry)

            parent.makeCurrent().use { kotlinx.coroutines.runBlocking { traced.create(request) } }
            parent.end()

            otel.span("chat gpt-4o-mini").parentSpanId shouldBe parent.spanContext.spanId
        }
    }

    test("a stream's upstream runs under its chat span, which is the child of the collector's span") {
        TestTelemetry().use { otel ->
            val client = SeeingClient()
            val traced = client.traced(otel.openTelemetry)
            val parent = otel.openTelemetry.getTracer("test").spanBuilder("caller").startSpan()

            val events = withContext(Context.current().with(parent).asContextElement()) { traced.createStream(request).toList() }
            parent.end()

            events.last() shouldBe ChatStreamEvent.Completed(Replays.ANSWER)
            val chat = otel.span("chat gpt-4o-mini")
            chat.parentSpanId shouldBe parent.spanContext.spanId
            client.seenInStream shouldBe chat.spanContext
        }
    }

    test("after the call, the caller's own context is current again") {
        TestTelemetry().use { otel ->
            val parent = otel.openTelemetry.getTracer("test").spanBuilder("caller").startSpan()
            val traced = Replays.of(Replays.ANSWER).traced(otel.openTelemetry)

            val after = withContext(Context.current().with(parent).asContextElement()) {
                traced.create(request)
                Span.current().spanContext
            }
            parent.end()

            after shouldBe parent.spanContext
        }
    }
})

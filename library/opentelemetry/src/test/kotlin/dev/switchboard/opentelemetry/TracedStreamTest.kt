package dev.switchboard.opentelemetry

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.StreamInterruptedException
import dev.switchboard.createRequest
import dev.switchboard.wrap.ForwardingChatCompletionClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThanOrEqual
import io.kotest.matchers.maps.shouldNotContainKey
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.opentelemetry.api.trace.StatusCode
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.toList

/** The span and metrics of each collection of a stream, and the stream's promises kept through the wrapper. */
class TracedStreamTest : FunSpec({
    val request = createRequest { user("Hi"); temperature(0.3) }

    test("a stream passes every event as it is, Completed last, and records a streaming span with its response") {
        TestTelemetry().use { otel ->
            val events = Replays.streaming().traced(otel.openTelemetry).createStream(request).toList()

            events.map { it::class } shouldBe listOf(ChatStreamEvent.TextDelta::class, ChatStreamEvent.Completed::class)
            (events.last() as ChatStreamEvent.Completed).result shouldBe Replays.ANSWER
            val span = otel.span("chat gpt-4o-mini")
            span[GenAiKeys.REQUEST_STREAM] shouldBe true
            span[GenAiKeys.REQUEST_TEMPERATURE] shouldBe 0.3
            span[GenAiKeys.RESPONSE_ID] shouldBe "chatcmpl-42"
            span[GenAiKeys.RESPONSE_FINISH_REASONS] shouldBe listOf("stop")
            span[GenAiKeys.USAGE_OUTPUT_TOKENS] shouldBe 30L
            span[GenAiKeys.RESPONSE_TIME_TO_FIRST_CHUNK]!! shouldBeGreaterThanOrEqual 0.0
            span.status.statusCode shouldBe StatusCode.UNSET
        }
    }

    test("a stream records the time to its first chunk with the conventions' boundaries, beside duration and tokens") {
        TestTelemetry().use { otel ->
            Replays.streaming().traced(otel.openTelemetry).createStream(request).toList()

            val metrics = otel.collect()
            val first = metrics.getValue("gen_ai.client.operation.time_to_first_chunk")
            first.unit shouldBe "s"
            val point = first.points.single()
            point.count shouldBe 1L
            point.boundaries shouldBe GenAiMetrics.DURATION_BOUNDARIES
            point.attributes[GenAiKeys.PROVIDER_NAME] shouldBe "replay"
            metrics.getValue("gen_ai.client.operation.duration").points.single().count shouldBe 1L
            metrics.getValue("gen_ai.client.token.usage").points.size shouldBe 2
        }
    }

    test("the stream stays cold: nothing is recorded before collection, and each collection has a span of its own") {
        TestTelemetry().use { otel ->
            val stream = Replays.streaming(times = 2).traced(otel.openTelemetry).createStream(request)
            otel.finished().size shouldBe 0

            stream.toList()
            stream.toList()

            otel.finished().map { it.name } shouldBe listOf("chat gpt-4o-mini", "chat gpt-4o-mini")
            otel.finished().map { it.spanId }.toSet().size shouldBe 2
        }
    }

    test("a collector that stops early ends the span as cancelled, without error status or duration") {
        TestTelemetry().use { otel ->
            Replays.streaming().traced(otel.openTelemetry).createStream(request).first()

            val span = otel.span("chat gpt-4o-mini")
            span[GenAiKeys.CANCELLED] shouldBe true
            span.status.statusCode shouldBe StatusCode.UNSET
            span[GenAiKeys.ERROR_TYPE] shouldBe null
            otel.collect() shouldNotContainKey "gen_ai.client.operation.duration"
        }
    }

    test("a stream that ends without Completed ends the same way for the collector and fails the span") {
        TestTelemetry().use { otel ->
            val broken = object : ForwardingChatCompletionClient(Replays.streaming()) {
                override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
                    emit(ChatStreamEvent.TextDelta("Hel"))
                }
            }

            broken.traced(otel.openTelemetry).createStream(request).toList().size shouldBe 1

            val span = otel.span("chat gpt-4o-mini")
            span.status.statusCode shouldBe StatusCode.ERROR
            span[GenAiKeys.ERROR_TYPE] shouldBe "dev.switchboard.StreamInterruptedException"
        }
    }

    test("a stream's failure reaches the collector unchanged and is recorded with its type") {
        TestTelemetry().use { otel ->
            val failure = StreamInterruptedException("The test stream broke", "test")
            val failing: ChatCompletionClient = object : ForwardingChatCompletionClient(Replays.streaming()) {
                override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
                    emit(ChatStreamEvent.TextDelta("Hel"))
                    throw failure
                }
            }

            val thrown = shouldThrow<StreamInterruptedException> { failing.traced(otel.openTelemetry).createStream(request).toList() }

            thrown.shouldBeInstanceOf<StreamInterruptedException>()
            thrown.message shouldBe failure.message
            val span = otel.span("chat gpt-4o-mini")
            span[GenAiKeys.ERROR_TYPE] shouldBe "dev.switchboard.StreamInterruptedException"
            span.status.statusCode shouldBe StatusCode.ERROR
        }
    }
})

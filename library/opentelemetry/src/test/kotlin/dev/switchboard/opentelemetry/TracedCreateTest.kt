package dev.switchboard.opentelemetry

import dev.switchboard.CreateRequest
import dev.switchboard.createRequest
import dev.switchboard.wrap.ForwardingChatCompletionClient
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.maps.shouldNotContainKey
import io.kotest.matchers.shouldBe
import io.opentelemetry.api.common.AttributeKey
import io.opentelemetry.api.trace.SpanKind
import io.opentelemetry.api.trace.StatusCode

/** The span and metrics of a `create` call, over a replay client. */
class TracedCreateTest : FunSpec({
    val request = createRequest {
        user("Hi")
        temperature(0.2)
        topP(0.9)
        topK(40)
        maxTokens(256)
        stop("END", "STOP")
        seed(7L)
        frequencyPenalty(0.5)
        presencePenalty(-0.5)
        n(2)
        jsonOutput()
    }

    test("a create is a CLIENT span 'chat {model}' with the request's and the response's attributes") {
        TestTelemetry().use { otel ->
            val client = Replays.of(Replays.ANSWER).traced(otel.openTelemetry)

            client.create(request) shouldBe Replays.ANSWER

            val span = otel.span("chat gpt-4o-mini")
            span.kind shouldBe SpanKind.CLIENT
            span.status.statusCode shouldBe StatusCode.UNSET
            span[GenAiKeys.OPERATION_NAME] shouldBe "chat"
            span[GenAiKeys.PROVIDER_NAME] shouldBe "replay"
            span[GenAiKeys.REQUEST_MODEL] shouldBe "gpt-4o-mini"
            span[GenAiKeys.REQUEST_TEMPERATURE] shouldBe 0.2
            span[GenAiKeys.REQUEST_TOP_P] shouldBe 0.9
            span[GenAiKeys.REQUEST_TOP_K] shouldBe 40.0
            span[GenAiKeys.REQUEST_MAX_TOKENS] shouldBe 256L
            span[GenAiKeys.REQUEST_STOP_SEQUENCES] shouldBe listOf("END", "STOP")
            span[GenAiKeys.REQUEST_SEED] shouldBe 7L
            span[GenAiKeys.REQUEST_FREQUENCY_PENALTY] shouldBe 0.5
            span[GenAiKeys.REQUEST_PRESENCE_PENALTY] shouldBe -0.5
            span[GenAiKeys.REQUEST_CHOICE_COUNT] shouldBe 2L
            span[GenAiKeys.OUTPUT_TYPE] shouldBe "json"
            span[GenAiKeys.REQUEST_STREAM] shouldBe null
            span[GenAiKeys.RESPONSE_ID] shouldBe "chatcmpl-42"
            span[GenAiKeys.RESPONSE_MODEL] shouldBe "gpt-4o-mini-2024-07-18"
            span[GenAiKeys.RESPONSE_FINISH_REASONS] shouldBe listOf("stop")
            span[GenAiKeys.USAGE_INPUT_TOKENS] shouldBe 120L
            span[GenAiKeys.USAGE_OUTPUT_TOKENS] shouldBe 30L
            span[GenAiKeys.USAGE_CACHE_READ_INPUT_TOKENS] shouldBe 100L
            span[GenAiKeys.USAGE_CACHE_CREATION_INPUT_TOKENS] shouldBe 20L
            span[GenAiKeys.USAGE_REASONING_OUTPUT_TOKENS] shouldBe 10L
            span[GenAiKeys.SERVER_ADDRESS] shouldBe null // a replay calls no server
            span[GenAiKeys.ERROR_TYPE] shouldBe null
            span.events.shouldBeEmpty()
        }
    }

    test("a request without options sets none of their attributes, and a choice count of 1 is left out") {
        TestTelemetry().use { otel ->
            Replays.of(Replays.ANSWER).traced(otel.openTelemetry).create(createRequest { user("Hi"); n(1) })

            val keys = otel.span("chat gpt-4o-mini").attributes.asMap().keys.map(AttributeKey<*>::getKey).toSet()
            keys shouldBe setOf(
                "gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model",
                "gen_ai.response.id", "gen_ai.response.model", "gen_ai.response.finish_reasons",
                "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.cache_read.input_tokens",
                "gen_ai.usage.cache_creation.input_tokens", "gen_ai.usage.reasoning.output_tokens",
            )
        }
    }

    test("a create records the operation duration and the input and output tokens with the conventions' boundaries") {
        TestTelemetry().use { otel ->
            Replays.of(Replays.ANSWER).traced(otel.openTelemetry).create(request)

            val metrics = otel.collect()
            val duration = metrics.getValue("gen_ai.client.operation.duration")
            duration.unit shouldBe "s"
            val point = duration.points.single()
            point.boundaries shouldBe GenAiMetrics.DURATION_BOUNDARIES
            point.count shouldBe 1L
            point.sum shouldBeGreaterThan 0.0
            point.attributes[GenAiKeys.OPERATION_NAME] shouldBe "chat"
            point.attributes[GenAiKeys.PROVIDER_NAME] shouldBe "replay"
            point.attributes[GenAiKeys.REQUEST_MODEL] shouldBe "gpt-4o-mini"
            point.attributes[GenAiKeys.RESPONSE_MODEL] shouldBe "gpt-4o-mini-2024-07-18"
            point.attributes[GenAiKeys.ERROR_TYPE] shouldBe null

            val tokens = metrics.getValue("gen_ai.client.token.usage")
            tokens.unit shouldBe "{token}"
            val byType = tokens.points.associateBy { it.attributes[GenAiKeys.TOKEN_TYPE] }
            byType.keys shouldBe setOf("input", "output")
            byType.getValue("input").sum shouldBe 120.0
            byType.getValue("output").sum shouldBe 30.0
            byType.values.forEach { it.boundaries shouldBe GenAiMetrics.TOKEN_BOUNDARIES.map(Long::toDouble) }
            metrics shouldNotContainKey "gen_ai.client.operation.time_to_first_chunk"
        }
    }

    test("a result without usage, or served from a cache, records no usage attributes and no token metric") {
        TestTelemetry().use { otel ->
            val noUsage = Replays.ANSWER.newBuilder().usage(dev.switchboard.RequestUsage.ZERO).build()
            // A replay never marks its results cached; a cache in front of it would.
            val cache = object : ForwardingChatCompletionClient(Replays.of(noUsage, Replays.ANSWER)) {
                var calls = 0
                override suspend fun create(request: CreateRequest) = delegate.create(request).let { if (calls++ == 1) it.asCached() else it }
            }
            val client = cache.traced(otel.openTelemetry)
            client.create(request)
            client.create(request)

            val (first, second) = otel.finished()
            first[GenAiKeys.USAGE_INPUT_TOKENS] shouldBe null
            first[GenAiKeys.CACHED] shouldBe null
            second[GenAiKeys.USAGE_INPUT_TOKENS] shouldBe null
            second[GenAiKeys.CACHED] shouldBe true
            otel.collect() shouldNotContainKey "gen_ai.client.token.usage"
            otel.collect().getValue("gen_ai.client.operation.duration").points.single().count shouldBe 2L
        }
    }

    test("the wrapper forwards the client's members: model, provider, endpoint, usage") {
        TestTelemetry().use { otel ->
            val replay = Replays.of(Replays.ANSWER)
            val client = replay.traced(otel.openTelemetry)
            client.create(request)

            client.model shouldBe replay.model
            client.provider shouldBe "replay"
            client.endpoint shouldBe null
            client.totalUsage shouldBe replay.totalUsage
            client.actualUsage shouldBe replay.actualUsage
        }
    }
})

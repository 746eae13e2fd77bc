package dev.switchboard.opentelemetry

import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.RateLimitException
import dev.switchboard.createRequest
import dev.switchboard.wrap.ForwardingChatCompletionClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.maps.shouldNotContainKey
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.opentelemetry.api.trace.StatusCode
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.coroutineScope

/** What a failed call and a cancelled one leave on their span and in the metrics. */
class FailureAndCancellationTest : FunSpec({
    val request = createRequest { user("Hi") }
    val key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123"

    /** A client whose `create` runs [answer] instead of the replay's. */
    fun client(answer: suspend () -> CreateResult) = object : ForwardingChatCompletionClient(Replays.of(Replays.ANSWER)) {
        override suspend fun create(request: CreateRequest): CreateResult = answer()
    }

    test("a failure is rethrown unchanged and recorded as error.type, ERROR status and an exception event") {
        TestTelemetry().use { otel ->
            val failure = RateLimitException("openai answered HTTP 429: slow down", "openai", 429, "req-1", null, null)

            val thrown = shouldThrow<RateLimitException> { client { throw failure }.traced(otel.openTelemetry).create(request) }

            thrown shouldBeSameInstanceAs failure
            val span = otel.span("chat gpt-4o-mini")
            span[GenAiKeys.ERROR_TYPE] shouldBe "dev.switchboard.RateLimitException"
            span.status.statusCode shouldBe StatusCode.ERROR
            span.status.description shouldBe "openai answered HTTP 429: slow down"
            val event = span.events.single()
            event.name shouldBe "exception"
            event.attributes[GenAiKeys.EXCEPTION_TYPE] shouldBe "dev.switchboard.RateLimitException"
            event.attributes[GenAiKeys.EXCEPTION_STACKTRACE]!! shouldContain "RateLimitException"
            val duration = otel.collect().getValue("gen_ai.client.operation.duration").points.single()
            duration.attributes[GenAiKeys.ERROR_TYPE] shouldBe "dev.switchboard.RateLimitException"
            otel.collect() shouldNotContainKey "gen_ai.client.token.usage"
        }
    }

    test("a key in a failure's message never reaches the span: status, event message and stack trace are redacted") {
        TestTelemetry().use { otel ->
            val failure = IllegalStateException("Authorization: Bearer $key was refused", RuntimeException("key $key"))

            shouldThrow<IllegalStateException> { client { throw failure }.traced(otel.openTelemetry).create(request) }

            val span = otel.span("chat gpt-4o-mini")
            span[GenAiKeys.ERROR_TYPE] shouldBe "java.lang.IllegalStateException"
            span.status.description shouldNotContain key
            val event = span.events.single().attributes
            event[GenAiKeys.EXCEPTION_MESSAGE]!! shouldNotContain key
            event[GenAiKeys.EXCEPTION_STACKTRACE]!! shouldNotContain key
            event[GenAiKeys.EXCEPTION_STACKTRACE]!! shouldContain "Caused by"
        }
    }

    test("a cancelled create ends its span without error status, marked switchboard.cancelled, and records no duration") {
        TestTelemetry().use { otel ->
            val started = CompletableDeferred<Unit>()
            val traced = client { started.complete(Unit); awaitCancellation() }.traced(otel.openTelemetry)

            shouldThrow<CancellationException> {
                coroutineScope {
                    val call = async { traced.create(request) }
                    started.await()
                    call.cancel()
                    call.await()
                }
            }

            val span = otel.span("chat gpt-4o-mini")
            span.hasEnded() shouldBe true
            span[GenAiKeys.CANCELLED] shouldBe true
            span.status.statusCode shouldBe StatusCode.UNSET
            span[GenAiKeys.ERROR_TYPE] shouldBe null
            span.events.size shouldBe 0
            otel.collect() shouldNotContainKey "gen_ai.client.operation.duration"
        }
    }
})

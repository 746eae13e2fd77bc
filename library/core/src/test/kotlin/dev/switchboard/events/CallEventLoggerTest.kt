package dev.switchboard.events

import ch.qos.logback.classic.Level
import ch.qos.logback.classic.Logger
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.core.read.ListAppender
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.ResponseHeaders
import dev.switchboard.ServerException
import dev.switchboard.SwitchboardException
import dev.switchboard.UserMessage
import dev.switchboard.http.CioTestEngine
import dev.switchboard.http.TestServer
import dev.switchboard.replay.ReplayChatCompletionClient
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.PreparedCall
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.StreamFraming
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.response.header
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import org.slf4j.LoggerFactory
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger

/** The events of the logger under test, as key-value maps, and the logger's level. */
private class Captured(name: String) : AutoCloseable {
    private val logger = LoggerFactory.getLogger(name) as Logger
    private val appender = ListAppender<ILoggingEvent>().apply { start() }

    init {
        logger.level = Level.INFO
        logger.addAppender(appender)
    }

    fun off() {
        logger.level = Level.WARN
    }

    val events: List<Map<String, Any?>>
        get() = appender.list.map { e -> e.keyValuePairs.orEmpty().associate { it.key to it.value } + ("message" to e.formattedMessage) }

    override fun close() {
        logger.detachAppender(appender)
        logger.level = null
    }
}

/** Answers each request with the body text; `x-request-id` names the request. Streams are not used here. */
private class PlainCodec(private val url: String) : ChatCodec {
    override val provider: String = "plain"
    override val endpoint: String = url

    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall = object : PreparedCall {
        override val spec = HttpRequestSpec(url, "{}".toByteArray())
        override val framing: StreamFraming get() = StreamFraming.SSE
        override fun decodeResponse(body: ByteArray, requestId: String?): CreateResult =
            CreateResult.ofText(body.decodeToString(), FinishReason.STOP, RequestUsage.of(3, 2))
        override fun newStreamDecoder(requestId: String?): StreamDecoder = object : StreamDecoder {
            override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean = true
            override fun finish(terminated: Boolean): CreateResult = CreateResult.ofText("", FinishReason.STOP, RequestUsage.ZERO)
        }
    }

    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException =
        HttpErrors.map(provider, status, headers, body)
}

class CallEventLoggerTest : FunSpec({
    timeout = 60_000L
    val hits = AtomicInteger()
    val server = TestServer {
        routing {
            post("/flaky") {
                val n = hits.incrementAndGet()
                call.response.header("x-request-id", "req-$n")
                if (n % 2 == 1) call.respondText("{}", ContentType.Application.Json, HttpStatusCode.ServiceUnavailable)
                else call.respondText("fine", ContentType.Text.Plain)
            }
        }
    }
    afterSpec { server.close() }

    val hi = CreateRequest.of(UserMessage.of("Hi, my key is sk-proj-abcdefghijklmnopqrstuvwxyz0123"))
    val answer = CreateResult.builder()
        .choices(listOf(dev.switchboard.Choice.builder().finishReason(FinishReason.TOOL_CALLS).content("Checking")
            .toolCalls(listOf(FunctionCall("c1", "weather", """{"city":"Oslo"}"""))).build()))
        .usage(RequestUsage(10, 4, cachedTokens = 2, reasoningTokens = 1)).id("resp-1").model("gpt-x-2025").build()

    test("a create logs one LLMCall with provider, model, usage, latency, outcome and no content by default") {
        Captured(CallEventLogger.LOGGER_NAME).use { log ->
            ReplayChatCompletionClient.builder().model("gpt-x").result(answer).build().logged().use { it.create(hi) }
            val e = log.events.single()
            e["event"] shouldBe "LLMCall"
            e["provider"] shouldBe "replay"
            e["model"] shouldBe "gpt-x"
            e["response_model"] shouldBe "gpt-x-2025"
            e["response_id"] shouldBe "resp-1"
            e["streaming"] shouldBe false
            e["attempts"] shouldBe 0
            e["prompt_tokens"] shouldBe 10
            e["completion_tokens"] shouldBe 4
            e["cached_tokens"] shouldBe 2
            e["reasoning_tokens"] shouldBe 1
            e["finish_reason"] shouldBe "tool_calls"
            e["outcome"] shouldBe "success"
            e["cached"] shouldBe false
            (e["latency_ms"] as Long >= 0) shouldBe true
            e.containsKey("messages") shouldBe false
            e["message"].toString() shouldContain "LLMCall replay gpt-x"
        }
    }

    test("a stream logs LLMStreamStart, then LLMStreamEnd with the time to the first event; events pass unchanged") {
        Captured(CallEventLogger.LOGGER_NAME).use { log ->
            val client = ReplayChatCompletionClient.builder().model("gpt-x").result(answer).build().logged()
            val events = client.createStream(hi).toList()
            (events.last() as ChatStreamEvent.Completed).result.content shouldBe "Checking"
            events.map { it.javaClass.simpleName } shouldBe answer.toStreamEvents().map { it.javaClass.simpleName }
            log.events.map { it["event"] } shouldBe listOf("LLMStreamStart", "LLMStreamEnd")
            val end = log.events[1]
            end["streaming"] shouldBe true
            end["outcome"] shouldBe "success"
            end.containsKey("first_event_ms") shouldBe true
            end["completion_tokens"] shouldBe 4
        }
    }

    test("content is logged only when asked, with known key shapes redacted") {
        Captured("switchboard.test.content").use { log ->
            val events = CallEventLogger.builder().loggerName("switchboard.test.content").includeContent(true).build()
            ReplayChatCompletionClient.builder().result(answer).build().logged(events).use { it.create(hi) }
            val e = log.events.single()
            e["messages"].toString() shouldContain "user: Hi, my key is"
            e["messages"].toString() shouldNotContain "abcdefghijklmnopqrstuvwxyz0123"
            e["response"] shouldBe """Checking weather({"city":"Oslo"})"""
        }
    }

    test("a failure is logged with its error type; a cancelled stream as cancelled") {
        Captured(CallEventLogger.LOGGER_NAME).use { log ->
            val used = ReplayChatCompletionClient.builder().result(answer).build().logged()
            used.create(hi)
            shouldThrow<IllegalStateException> { used.create(hi) }
            val two = ReplayChatCompletionClient.builder().result(answer).build().logged()
            two.createStream(hi).first()
            log.events.map { it["event"] to it["outcome"] } shouldBe listOf(
                "LLMCall" to "success", "LLMCall" to "failure", "LLMStreamStart" to null, "LLMStreamEnd" to "cancelled",
            )
            log.events[1]["error_type"] shouldBe "IllegalStateException"
        }
    }

    test("attempts and the provider's request id come from the transport: a 503 then a 200 is two attempts") {
        Captured(CallEventLogger.LOGGER_NAME).use { log ->
            val options = HttpOptions.builder().engine(CioTestEngine).initialBackoff(Duration.ofMillis(5)).build()
            val url = server.url("/flaky")
            CodecClients.create("m", ModelInfo.builder().build(), PlainCodec(url), HttpTransport("plain", options)).logged().use { c ->
                c.create(hi).content shouldBe "fine"
                c.endpoint shouldBe url
            }
            val e = log.events.single()
            e["attempts"] shouldBe 2
            e["request_id"] shouldBe "req-2"
            e["provider"] shouldBe "plain"
        }
    }

    test("with the logger off nothing is logged and calls pass straight through") {
        Captured(CallEventLogger.LOGGER_NAME).use { log ->
            log.off()
            val client = ReplayChatCompletionClient.builder().results(listOf(answer, answer)).build().logged()
            client.create(hi).content shouldBe "Checking"
            (client.createStream(hi).toList().last() as ChatStreamEvent.Completed).result.content shouldBe "Checking"
            log.events.shouldBeEmpty()
        }
    }
})

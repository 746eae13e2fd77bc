package dev.switchboard.opentelemetry

import com.sun.net.httpserver.HttpServer
import dev.switchboard.HttpEventListener
import dev.switchboard.HttpOptions
import dev.switchboard.createRequest
import dev.switchboard.openai.OpenAiChatCompletionClient
import dev.switchboard.openai.OpenAiConfig
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import io.opentelemetry.api.trace.Span
import io.opentelemetry.api.trace.SpanContext
import kotlinx.coroutines.flow.toList
import java.net.InetAddress
import java.net.InetSocketAddress
import java.util.concurrent.CopyOnWriteArrayList

/** A real OpenAI client against a loopback server: the server's address and port, and the HTTP exchange below the span. */
class OpenAiLoopbackTest : FunSpec({
    val key = "sk-test-abcdefghijklmnopqrstuvwx"
    val json = """{"id":"chatcmpl-loop","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
        "choices":[{"index":0,"message":{"role":"assistant","content":"Hi!"},"finish_reason":"stop"}],
        "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}"""
    val sse = listOf(
        """{"id":"chatcmpl-sse","object":"chat.completion.chunk","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}""",
        """{"id":"chatcmpl-sse","object":"chat.completion.chunk","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
        """{"id":"chatcmpl-sse","object":"chat.completion.chunk","model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10}}""",
    ).joinToString("") { "data: $it\n\n" } + "data: [DONE]\n\n"

    val server = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0).apply {
        createContext("/v1/chat/completions") { exchange ->
            exchange.use {
                val streaming = String(it.requestBody.readAllBytes()).contains("\"stream\":true")
                val body = (if (streaming) sse else json).toByteArray()
                it.responseHeaders.add("Content-Type", if (streaming) "text/event-stream" else "application/json")
                it.sendResponseHeaders(200, body.size.toLong())
                it.responseBody.write(body)
            }
        }
        start()
    }
    afterSpec { server.stop(0) }
    val port = server.address.port

    /** The span current where the transport tells its listener an attempt starts: what an HTTP instrumentation sees. */
    val seenByTransport = CopyOnWriteArrayList<SpanContext>()
    val client = OpenAiChatCompletionClient.create(
        "gpt-4o-mini",
        OpenAiConfig.builder()
            .apiKey(key)
            .baseUrl("http://127.0.0.1:$port/v1")
            .httpOptions(
                HttpOptions.builder().maxRetries(0).eventListener(object : HttpEventListener {
                    override fun attemptStarted(attempt: Int, method: String, url: String) {
                        seenByTransport += Span.current().spanContext
                    }
                }).build(),
            )
            .build(),
    )
    afterSpec { client.close() }

    test("a create over HTTP records the provider, server.address and server.port, and the response") {
        TestTelemetry().use { otel ->
            seenByTransport.clear()
            client.traced(otel.openTelemetry).create(createRequest { user("Hi") }).content shouldBe "Hi!"

            val span = otel.span("chat gpt-4o-mini")
            span[GenAiKeys.PROVIDER_NAME] shouldBe "openai"
            span[GenAiKeys.SERVER_ADDRESS] shouldBe "127.0.0.1"
            span[GenAiKeys.SERVER_PORT] shouldBe port.toLong()
            span[GenAiKeys.RESPONSE_ID] shouldBe "chatcmpl-loop"
            span[GenAiKeys.RESPONSE_MODEL] shouldBe "gpt-4o-mini-2024-07-18"
            span[GenAiKeys.USAGE_INPUT_TOKENS] shouldBe 9L
            span.attributes.toString() shouldNotContain key
            seenByTransport.single() shouldBe span.spanContext
            val duration = otel.collect().getValue("gen_ai.client.operation.duration").points.single()
            duration.attributes[GenAiKeys.SERVER_ADDRESS] shouldBe "127.0.0.1"
            duration.attributes[GenAiKeys.SERVER_PORT] shouldBe port.toLong()
        }
    }

    test("a stream over HTTP records the same, with the time to its first chunk") {
        TestTelemetry().use { otel ->
            seenByTransport.clear()
            client.traced(otel.openTelemetry).createStream(createRequest { user("Hi") }).toList()

            val span = otel.span("chat gpt-4o-mini")
            span[GenAiKeys.REQUEST_STREAM] shouldBe true
            span[GenAiKeys.SERVER_PORT] shouldBe port.toLong()
            span[GenAiKeys.RESPONSE_ID] shouldBe "chatcmpl-sse"
            span[GenAiKeys.RESPONSE_FINISH_REASONS] shouldBe listOf("stop")
            span[GenAiKeys.USAGE_OUTPUT_TOKENS] shouldBe 1L
            (span[GenAiKeys.RESPONSE_TIME_TO_FIRST_CHUNK] != null) shouldBe true
            seenByTransport.single() shouldBe span.spanContext
        }
    }
})

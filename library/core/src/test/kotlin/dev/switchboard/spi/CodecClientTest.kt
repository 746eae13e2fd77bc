package dev.switchboard.spi

import dev.switchboard.ResponseHeaders

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.http.CioTestEngine
import dev.switchboard.http.Raw
import dev.switchboard.http.TestServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.ktor.http.ContentType
import io.ktor.server.request.receiveText
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.writeStringUtf8
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.toList
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger

/**
 * A codec for these tests: the request goes to the path in the last user message; a response body is the
 * answer text; each SSE event's data is a piece of text, `[DONE]` ends the stream; `boom` is a frame the
 * decoder fails on with a plain exception, as a codec bug would. Each call's answer starts with what [prefix]
 * derives from its request, once, in [prepare] (counted in [prepared]); the request id is the `x-trace` header.
 */
private class TextCodec(private val baseUrl: String, private val prefix: (CreateRequest) -> String = { "" }) : ChatCodec {
    override val provider: String = "text"
    val prepared = AtomicInteger()

    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall {
        prepared.incrementAndGet()
        val path = (request.messages.last() as dev.switchboard.UserMessage).text
        return TextCall(HttpRequestSpec(baseUrl + path, "{}".toByteArray()), prefix(request))
    }

    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException =
        HttpErrors.map(provider, status, headers, body)

    private inner class TextCall(override val spec: HttpRequestSpec, private val prefix: String) : PreparedCall {
        override val framing: StreamFraming get() = StreamFraming.SSE

        override fun requestId(headers: ResponseHeaders): String? = headers["x-trace"]

        override fun decodeResponse(body: ByteArray, requestId: String?): CreateResult {
            val text = body.decodeToString()
            require(text != "boom") { "cannot read boom" }
            return CreateResult.ofText(prefix + text, FinishReason.STOP, RequestUsage.of(1, 1))
        }

        override fun newStreamDecoder(requestId: String?): StreamDecoder = object : StreamDecoder {
            val text = StringBuilder(prefix)

            override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean {
                if (frame.data == "[DONE]") return true
                if (frame.data == "boom") throw NumberFormatException("For input string: \"boom\"")
                text.append(frame.data)
                out += ChatStreamEvent.TextDelta(frame.data)
                return false
            }

            override fun finish(terminated: Boolean): CreateResult {
                if (!terminated) throw StreamInterruptedException("no [DONE]", provider)
                return CreateResult.ofText(text.toString(), FinishReason.STOP, RequestUsage.of(2, text.length - prefix.length))
            }
        }
    }
}

class CodecClientTest : FunSpec({
    timeout = 60_000L
    val calls = AtomicInteger()

    val server = TestServer {
        routing {
            post("/plain") { call.respondText(call.receiveText().let { "answer" }, ContentType.Application.Json) }
            post("/boom") {
                calls.incrementAndGet()
                call.respondText("boom", ContentType.Application.Json)
            }
            post("/boom-traced") {
                call.response.headers.append("x-trace", "trace-7")
                call.respondText("boom", ContentType.Application.Json)
            }
            post("/sse") { call.respondText("data: a\n\ndata: b\n\ndata: [DONE]\n\n", ContentType.Text.EventStream) }
            post("/sse-boom") {
                calls.incrementAndGet()
                call.respondText("data: a\n\ndata: boom\n\ndata: [DONE]\n\n", ContentType.Text.EventStream)
            }
            post("/done-then-linger") {
                call.respondBytesWriter(ContentType.Text.EventStream) {
                    writeStringUtf8("data: a\n\ndata: [DONE]\n\n")
                    flush()
                    delay(1_500)
                }
            }
            post("/done-then-silence") {
                call.respondBytesWriter(ContentType.Text.EventStream) {
                    writeStringUtf8("data: a\n\ndata: [DONE]\n\n")
                    flush()
                    delay(20_000)
                }
            }
        }
    }
    afterSpec { server.close() }

    fun client(url: String = server.url(""), configure: HttpOptions.Builder.() -> Unit = {}) = CodecClients.create(
        "m", ModelInfo.ALL_CAPABILITIES, TextCodec(url),
        HttpTransport("text", HttpOptions.builder().engine(CioTestEngine).initialBackoff(Duration.ofMillis(5)).apply(configure).build()),
    )

    fun request(path: String) = CreateRequest.builder().user(path).build()

    test("a create and a stream go through codec and transport, and usage adds up") {
        client().use { c ->
            c.create(request("/plain")).content shouldBe "answer"
            val events = c.createStream(request("/sse")).toList()
            events.dropLast(1) shouldBe listOf(ChatStreamEvent.TextDelta("a"), ChatStreamEvent.TextDelta("b"))
            (events.last() as ChatStreamEvent.Completed).result.content shouldBe "ab"
            c.totalUsage shouldBe RequestUsage(3, 3)
        }
    }

    test("what a call derives from its request is derived once, in prepare, and read by its decoders") {
        val codec = TextCodec(server.url("")) { r -> (r.messages.last() as dev.switchboard.UserMessage).text + ":" }
        CodecClients.create("m", ModelInfo.ALL_CAPABILITIES, codec, HttpTransport("text", HttpOptions.builder().engine(CioTestEngine).build())).use { c ->
            c.create(request("/plain")).content shouldBe "/plain:answer"
            (c.createStream(request("/sse")).toList().last() as ChatStreamEvent.Completed).result.content shouldBe "/sse:ab"
            codec.prepared.get() shouldBe 2
        }
    }

    test("the prepared call reads the request id from the response headers; a codec failure carries it") {
        client().use { c ->
            val e = shouldThrow<ProtocolException> { c.create(request("/boom-traced")) }
            e.requestId shouldBe "trace-7"
        }
    }

    test("capabilities are read at each call and checked before anything is sent; the client names its provider and model") {
        val info = java.util.concurrent.atomic.AtomicReference(ModelInfo.builder().build())
        val codec = TextCodec(server.url(""))
        val transport = HttpTransport("text", HttpOptions.builder().engine(CioTestEngine).build())
        CodecClients.create("m", java.util.function.Supplier { info.get() }, codec, transport, dev.switchboard.TokenCounter.ESTIMATE).use { c ->
            val withTool = CreateRequest.builder().user("/plain")
                .tool(dev.switchboard.Tool.of("t", "a tool", """{"type":"object","properties":{}}""")).build()
            shouldThrow<dev.switchboard.CapabilityMissingException> { c.create(withTool) }
            codec.prepared.get() shouldBe 0
            info.set(ModelInfo.ALL_CAPABILITIES)
            c.modelInfo shouldBe ModelInfo.ALL_CAPABILITIES
            c.create(withTool).content shouldBe "answer"
            c.provider shouldBe "text"
            c.toString() shouldBe "text(m)"
        }
    }

    test("a codec that fails on a response with a plain exception gives a ProtocolException, not retried") {
        client { maxRetries(3) }.use { c ->
            calls.set(0)
            val e = shouldThrow<ProtocolException> { c.create(request("/boom")) }
            e.provider shouldBe "text"
            e.message!! shouldContain "cannot read boom"
            e.cause.shouldBeInstanceOf<IllegalArgumentException>()
            calls.get() shouldBe 1
        }
    }

    test("a stream decoder that fails on a frame with a plain exception gives a ProtocolException after the events before it") {
        client { maxRetries(3) }.use { c ->
            calls.set(0)
            val got = ArrayList<ChatStreamEvent>()
            val e = shouldThrow<ProtocolException> { c.createStream(request("/sse-boom")).collect { got += it } }
            e.message!! shouldContain "For input string"
            got shouldBe listOf(ChatStreamEvent.TextDelta("a"))
            calls.get() shouldBe 1
        }
    }

    test("the Completed event follows the terminator at once, without waiting for the body to end") {
        client().use { c ->
            val start = System.nanoTime()
            var completedAfterMs = -1L
            c.createStream(request("/done-then-linger")).collect {
                if (it is ChatStreamEvent.Completed) completedAfterMs = (System.nanoTime() - start) / 1_000_000
            }
            completedAfterMs shouldBeLessThan 1_000
        }
    }

    test("a stream that goes silent after its terminator completes instead of failing with the idle timeout") {
        client { streamIdleTimeout(Duration.ofMillis(300)) }.use { c ->
            val events = c.createStream(request("/done-then-silence")).toList()
            (events.last() as ChatStreamEvent.Completed).result.content shouldBe "a"
        }
    }

    test("a connection dropped after the terminator completes; one dropped before it is a StreamInterruptedException") {
        // After the events, the connection drops in the middle of a chunk.
        fun raw(events: String) = Raw.replying(Raw.sseHead() + Raw.chunk(events), "5\r\ndata:", pauseMs = 200)
        raw("data: a\n\ndata: [DONE]\n\n").use { s ->
            client(s.url("")).use { c ->
                (c.createStream(request("/x")).toList().last() as ChatStreamEvent.Completed).result.content shouldBe "a"
            }
        }
        raw("data: a\n\n").use { s ->
            client(s.url("")).use { c -> shouldThrow<StreamInterruptedException> { c.createStream(request("/x")).collect() } }
        }
    }

    test("an exception thrown by the collector at the Completed event passes through unchanged") {
        client().use { c ->
            val mine = StreamInterruptedException("the collector's own", "mine")
            shouldThrow<StreamInterruptedException> {
                c.createStream(request("/done-then-linger")).collect { if (it is ChatStreamEvent.Completed) throw mine }
            } shouldBe mine
        }
    }
})

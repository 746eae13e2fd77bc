package dev.switchboard.http

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.ProtocolException
import dev.switchboard.RequestTimeoutException
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.PreparedCall
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpTransport
import dev.switchboard.ResponseHeaders
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.StreamFraming
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldNotBeInstanceOf
import io.ktor.http.ContentType
import io.ktor.server.request.receiveText
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.writeFully
import io.ktor.utils.io.writeStringUtf8
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.jsonObject
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

/**
 * The transport's NDJSON streams (`application/x-ndjson`, as Ollama sends them) against real loopback servers,
 * as [HttpTransportStreamTest] tests SSE: lines split at every byte, multi-byte characters cut by the network,
 * connections dropped mid-line, a malformed line, long and over-long lines, idle timeouts and cancellation.
 */
class NdjsonTransportTest : FunSpec({
    timeout = 120_000L
    val ndjson = ContentType.parse("application/x-ndjson")
    val closed = ClosedStreams()
    val attempts = ConcurrentHashMap<String, AtomicInteger>()

    /** Three lines, one with characters of two, three and four bytes, CRLF and LF ends, a blank line, and a last line without a line break. */
    val body = "{\"t\":\"héllo\"}\r\n\n{\"t\":\"日本語😀\"}\n  \n{\"done\":true}".toByteArray()
    val lines = listOf("{\"t\":\"héllo\"}", "{\"t\":\"日本語😀\"}", "{\"done\":true}")

    val server = TestServer {
        routing {
            // Writes `body` in two network writes cut at the byte the request names (`{"split":n}`), or one byte per write.
            post("/split") {
                val split = Json.parseToJsonElement(call.receiveText()).jsonObject["split"]!!.let { (it as JsonPrimitive).content.toInt() }
                call.respondBytesWriter(ndjson) {
                    if (split < 0) {
                        for (b in body) {
                            writeFully(byteArrayOf(b))
                            flush()
                        }
                    } else {
                        writeFully(body, 0, split)
                        flush()
                        delay(5)
                        writeFully(body, split, body.size)
                    }
                }
            }
            post("/accept") {
                val accept = call.request.headers["Accept"]
                call.respondBytesWriter(ndjson) { writeStringUtf8("{\"accept\":\"$accept\"}\n") }
            }
            post("/not-json") {
                call.respondBytesWriter(ndjson) { writeStringUtf8("{\"ok\":1}\n<html>proxy error</html>\n{\"ok\":2\n") }
            }
            post("/big-line") {
                call.respondBytesWriter(ndjson) {
                    writeStringUtf8("{\"t\":\"" + "x".repeat(1_000_000) + "\"}\n")
                }
            }
            post("/endless-line") {
                attempts.computeIfAbsent("endless-line") { AtomicInteger() }.incrementAndGet()
                call.respondBytesWriter(ndjson) {
                    val chunk = ByteArray(64 * 1024) { 'x'.code.toByte() }
                    writeStringUtf8("{\"t\":\"")
                    repeat(17 * 16 + 1) { writeFully(chunk) } // 17 MiB without a line break
                }
            }
            post("/idle-after-first") {
                call.respondBytesWriter(ndjson) {
                    writeStringUtf8("{\"first\":true}\n")
                    flush()
                    delay(10_000)
                    writeStringUtf8("{\"late\":true}\n")
                }
            }
            post("/forever") {
                val key = call.request.headers["x-key"]!!
                call.respondBytesWriter(ndjson) {
                    try {
                        var i = 0
                        while (true) {
                            writeStringUtf8("{\"tick\":${i++}}\n")
                            flush()
                            delay(20)
                        }
                    } catch (e: Throwable) {
                        closed[key].complete(e)
                        throw e
                    }
                }
            }
            // For the client below: text lines, then the final line.
            post("/chat") {
                call.respondBytesWriter(ndjson) { writeStringUtf8("{\"t\":\"Hel\"}\n{\"t\":\"lo\"}\n{\"done\":true,\"tokens\":2}\n") }
            }
            post("/chat-broken") {
                call.respondBytesWriter(ndjson) { writeStringUtf8("{\"t\":\"Hel\"}\n{\"t\":\"lo\n{\"done\":true,\"tokens\":2}\n") }
            }
        }
    }
    afterSpec { server.close() }

    fun options(configure: HttpOptions.Builder.() -> Unit = {}): HttpOptions =
        HttpOptions.builder().engine(CioTestEngine).initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofSeconds(1)).apply(configure).build()

    fun transport(configure: HttpOptions.Builder.() -> Unit = {}) = HttpTransport("test", options(configure))

    fun spec(path: String, body: String = "{}", headers: Map<String, String> = emptyMap()) =
        HttpRequestSpec(server.url(path), body.toByteArray(), headers)

    fun specAt(url: String) = HttpRequestSpec(url, "{}".toByteArray())

    suspend fun HttpTransport.lines(spec: HttpRequestSpec): List<String> =
        stream(spec, StreamFraming.NDJSON, TestErrors) {}.toList().map { f -> f.event shouldBe null; f.data }

    val ndjsonHead = "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"

    test("the request accepts application/x-ndjson") {
        transport().use { t -> t.lines(spec("/accept")) shouldBe listOf("{\"accept\":\"application/x-ndjson\"}") }
    }

    test("a body cut by the network at every byte, and written one byte per write, yields the same lines") {
        transport().use { t ->
            for (split in -1..body.size) {
                withClue(if (split < 0) "one byte per write" else "cut at byte $split") {
                    t.lines(spec("/split", "{\"split\":$split}")) shouldBe lines
                }
            }
        }
    }

    test("a one-megabyte line arrives whole") {
        transport().use { t -> t.lines(spec("/big-line")).single().length shouldBe 1_000_006 + 2 }
    }

    test("a line longer than 16 MiB without a line break is a ProtocolException, not buffered on, and not retried") {
        transport { maxRetries(2) }.use { t ->
            val e = shouldThrow<ProtocolException> { t.lines(spec("/endless-line")) }
            e.message!! shouldContain "16 MiB"
            attempts["endless-line"]!!.get() shouldBe 1
        }
    }

    test("a line that is not JSON reaches the collector unchanged: the codec judges it") {
        transport().use { t -> t.lines(spec("/not-json")) shouldBe listOf("{\"ok\":1}", "<html>proxy error</html>", "{\"ok\":2") }
    }

    test("a connection dropped mid-line is a StreamInterruptedException after the complete lines; the partial line is not delivered and nothing is retried") {
        Raw.replying(ndjsonHead + Raw.chunk("{\"a\":1}\n{\"b\":2}\n"), "20\r\n{\"c\":\"cut here").use { raw ->
            transport { maxRetries(3) }.use { t ->
                val got = ArrayList<String>()
                val e = shouldThrow<StreamInterruptedException> {
                    t.stream(specAt(raw.url("/x")), StreamFraming.NDJSON, TestErrors) {}.collect { got += it.data }
                }
                got shouldBe listOf("{\"a\":1}", "{\"b\":2}")
                e.isRetryable shouldBe false
            }
            raw.connections.get() shouldBe 1
        }
    }

    test("a connection dropped before the first line is retried") {
        RawServer { input, output, n ->
            RawServer.readRequest(input)
            val rest = if (n == 1) "9\r\n{\"first\":" else Raw.chunk("{\"second\":true}\n") + "0\r\n\r\n"
            output.write((ndjsonHead + rest).toByteArray())
            output.flush()
        }.use { raw ->
            transport { maxRetries(2) }.use { t -> t.lines(specAt(raw.url("/x"))) shouldBe listOf("{\"second\":true}") }
            raw.connections.get() shouldBe 2
        }
    }

    test("a body that ends early against its Content-Length is interrupted, its partial line not delivered") {
        Raw.replying("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nContent-Length: 500\r\n\r\n{\"a\":1}\n{\"b\":").use { raw ->
            transport { maxRetries(0) }.use { t ->
                val got = ArrayList<String>()
                shouldThrow<StreamInterruptedException> {
                    t.stream(specAt(raw.url("/x")), StreamFraming.NDJSON, TestErrors) {}.collect { got += it.data }
                }
                got shouldBe listOf("{\"a\":1}")
            }
        }
    }

    test("a body delimited by the connection's close: its last line is delivered even when cut, and the codec judges it") {
        // HTTP/1.1 without a length or chunks: the close is the body's legitimate end, so what is left is a line.
        Raw.replying("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n{\"a\":1}\n", "{\"b\":").use { raw ->
            transport { maxRetries(0) }.use { t -> t.lines(specAt(raw.url("/x"))) shouldBe listOf("{\"a\":1}", "{\"b\":") }
        }
    }

    test("a stream silent after a line fails with an IDLE timeout") {
        transport { streamIdleTimeout(Duration.ofMillis(300)).maxRetries(2) }.use { t ->
            val got = ArrayList<String>()
            val e = shouldThrow<RequestTimeoutException> {
                t.stream(spec("/idle-after-first"), StreamFraming.NDJSON, TestErrors) {}.collect { got += it.data }
            }
            e.kind shouldBe RequestTimeoutException.Kind.IDLE
            got shouldBe listOf("{\"first\":true}")
        }
    }

    test("taking a few lines, or cancelling the collector, closes the connection") {
        transport().use { t ->
            t.stream(spec("/forever", headers = mapOf("x-key" to "take")), StreamFraming.NDJSON, TestErrors) {}.take(3).toList() shouldHaveSize 3
            withTimeout(10_000) { closed["take"].await() }
            val e = cancelAfterFirst(t.stream(spec("/forever", headers = mapOf("x-key" to "cancel")), StreamFraming.NDJSON, TestErrors) {})
            e.shouldBeInstanceOf<CancellationException>()
            e.shouldNotBeInstanceOf<SwitchboardException>()
            withTimeout(10_000) { closed["cancel"].await() }
        }
    }

    test("through a client, an NDJSON stream completes at its final line, and a malformed line is a ProtocolException naming it") {
        fun client() = CodecClients.create("m", ModelInfo.ALL_CAPABILITIES, LinesCodec(server.url("")), HttpTransport("lines", options { maxRetries(0) }))
        client().use { c ->
            val events = c.createStream(CreateRequest.builder().user("/chat").build()).toList()
            events.dropLast(1) shouldBe listOf(ChatStreamEvent.TextDelta("Hel"), ChatStreamEvent.TextDelta("lo"))
            val done = events.last().shouldBeInstanceOf<ChatStreamEvent.Completed>().result
            done.content shouldBe "Hello"
            done.usage.completionTokens shouldBe 2
        }
        client().use { c ->
            val got = ArrayList<ChatStreamEvent>()
            val e = shouldThrow<ProtocolException> { c.createStream(CreateRequest.builder().user("/chat-broken").build()).collect { got += it } }
            e.message!! shouldContain "{\"t\":\"lo"
            got shouldBe listOf(ChatStreamEvent.TextDelta("Hel"))
        }
    }
})

/**
 * A minimal NDJSON codec for the client test above: `{"t": text}` lines, then `{"done": true, "tokens": n}`;
 * the path to call is the user's text. Invalid JSON fails the line, as a real codec's parser would.
 */
private class LinesCodec(private val baseUrl: String) : ChatCodec {
    override val provider: String = "lines"

    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall = object : PreparedCall {
        override val spec = HttpRequestSpec(baseUrl.trimEnd('/') + (request.messages.last() as dev.switchboard.UserMessage).text, "{}".toByteArray())
        override val framing: StreamFraming get() = StreamFraming.NDJSON

        override fun decodeResponse(body: ByteArray, requestId: String?): CreateResult = error("not used")

        override fun newStreamDecoder(requestId: String?): StreamDecoder = lines()
    }

    private fun lines(): StreamDecoder = object : StreamDecoder {
        val text = StringBuilder()
        var tokens = 0

        override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean {
            val line = Json.parseToJsonElement(frame.data) as JsonObject
            if ((line["done"] as? JsonPrimitive)?.booleanOrNull == true) {
                tokens = (line["tokens"] as JsonPrimitive).content.toInt()
                return true
            }
            val t = (line["t"] as JsonPrimitive).content
            text.append(t)
            out += ChatStreamEvent.TextDelta(t)
            return false
        }

        override fun finish(terminated: Boolean): CreateResult {
            if (!terminated) throw StreamInterruptedException("no final line", provider)
            return CreateResult.ofText(text.toString(), FinishReason.STOP, RequestUsage(0, tokens))
        }
    }

    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException = TestErrors.decode(status, headers, body)
}

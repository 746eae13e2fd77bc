package dev.switchboard.readme

import dev.switchboard.AuthenticationException
import dev.switchboard.CapabilityMissingException
import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.ResponseHeaders
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.Tool
import dev.switchboard.UserMessage
import dev.switchboard.http.CioTestEngine
import dev.switchboard.http.TestServer
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.PreparedCall
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.StreamFraming
import dev.switchboard.spi.SwitchboardSpi
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.request.header
import io.ktor.server.request.receiveText
import io.ktor.server.response.header
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import java.util.concurrent.atomic.AtomicInteger

// README.md "Writing a provider" begins
/** A made-up API: `POST /v1/complete` answers `{"text", "in", "out"}`, or streams SSE `{"delta"}`s then `{"done", "in", "out"}`. */
@OptIn(SwitchboardSpi::class)
class AcmeCodec(private val baseUrl: String, private val apiKey: String) : ChatCodec {
    override val provider: String = "acme"

    // One call: its request, its framing and the decoders of its answer; what they share is derived here, once.
    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall {
        val prompt = request.messages.filterIsInstance<UserMessage>().joinToString("\n") { it.text }
        val body = buildJsonObject { put("model", model); put("prompt", prompt); put("stream", stream) }
        return AcmeCall(HttpRequestSpec("$baseUrl/v1/complete", body.toString().encodeToByteArray(), mapOf("Authorization" to "Bearer $apiKey")))
    }

    // A failed response (status >= 400) as the typed error; HttpErrors reads the usual error bodies.
    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException =
        HttpErrors.map(provider, status, headers, body)

    private inner class AcmeCall(override val spec: HttpRequestSpec) : PreparedCall {
        override val framing: StreamFraming get() = StreamFraming.SSE

        override fun requestId(headers: ResponseHeaders): String? = headers["acme-request-id"]

        override fun decodeResponse(body: ByteArray, requestId: String?): CreateResult {
            val json = Json.parseToJsonElement(body.decodeToString()).jsonObject
            return CreateResult.ofText(json.getValue("text").jsonPrimitive.content, FinishReason.STOP, usageOf(json))
        }

        override fun newStreamDecoder(requestId: String?): StreamDecoder = object : StreamDecoder {
            private val text = StringBuilder()
            private var usage = RequestUsage.ZERO

            override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean {
                val json = Json.parseToJsonElement(frame.data).jsonObject
                if (json["done"] != null) {
                    usage = usageOf(json)
                    return true // the terminator: the client emits Completed with finish(true)
                }
                val delta = json.getValue("delta").jsonPrimitive.content
                text.append(delta)
                out += ChatStreamEvent.TextDelta(delta)
                return false
            }

            override fun finish(terminated: Boolean): CreateResult {
                if (!terminated) throw StreamInterruptedException("The acme stream ended before its last event", provider)
                return CreateResult.ofText(text.toString(), FinishReason.STOP, usage)
            }
        }
    }

    private fun usageOf(json: JsonObject) = RequestUsage.of(json.getValue("in").jsonPrimitive.int, json.getValue("out").jsonPrimitive.int)
}

/** The client: the library's own over the codec and a transport, which does the HTTP, retries, timeouts and cancellation. */
@OptIn(SwitchboardSpi::class)
fun acmeClient(model: String, apiKey: String, baseUrl: String = "https://api.acme.example", options: HttpOptions = HttpOptions.DEFAULT): ChatCompletionClient =
    CodecClients.create(model, ModelInfo.builder().build(), AcmeCodec(baseUrl, apiKey), HttpTransport("acme", options))
// README.md "Writing a provider" ends

/** The codec of README.md's "Writing a provider", used as a client against a loopback server speaking its API. */
class ReadmeProviderExampleTest : FunSpec({
    val requests = AtomicInteger()
    val server = TestServer {
        routing {
            post("/v1/complete") {
                requests.incrementAndGet()
                if (call.request.header("Authorization") != "Bearer test-acme-key") {
                    call.respondText("""{"error":{"message":"invalid key"}}""", ContentType.Application.Json, HttpStatusCode.Unauthorized)
                    return@post
                }
                val body = Json.parseToJsonElement(call.receiveText()).jsonObject
                val prompt = body.getValue("prompt").jsonPrimitive.content
                call.response.header("acme-request-id", "acme-42")
                if (body.getValue("stream").jsonPrimitive.boolean) {
                    val events = prompt.split(" ").joinToString("") { "data: {\"delta\":\"$it \"}\n\n" } + "data: {\"done\":true,\"in\":3,\"out\":2}\n\n"
                    call.respondText(events, ContentType.Text.EventStream)
                } else {
                    call.respondText("""{"text":"echo: $prompt","in":3,"out":4}""", ContentType.Application.Json)
                }
            }
        }
    }
    afterSpec { server.close() }
    val options = HttpOptions.builder().engine(CioTestEngine).maxRetries(0).build()
    fun client(key: String = "test-acme-key") = acmeClient("acme-1", key, server.url(""), options)

    test("create and a stream go through the codec, and the client adds up the usage") {
        client().use { c ->
            c.create(CreateRequest.of(UserMessage.of("hello there"))).content shouldBe "echo: hello there"
            val events = c.createStream(CreateRequest.of(UserMessage.of("hello there"))).toList()
            events.dropLast(1) shouldBe listOf(ChatStreamEvent.TextDelta("hello "), ChatStreamEvent.TextDelta("there "))
            (events.last() as ChatStreamEvent.Completed).result.content shouldBe "hello there "
            c.totalUsage shouldBe RequestUsage.of(6, 6)
            c.provider shouldBe "acme"
        }
    }

    test("a failed call is the typed error, with the request id the prepared call read") {
        client("wrong-key").use { c ->
            val e = shouldThrow<AuthenticationException> { c.create(CreateRequest.of(UserMessage.of("hi"))) }
            e.provider shouldBe "acme"
            e.message!! shouldContain "invalid key"
        }
    }

    test("a request the model cannot take fails before anything is sent") {
        client().use { c ->
            val before = requests.get()
            val withTool = CreateRequest.builder().user("hi").tool(Tool.of("t", "a tool", """{"type":"object","properties":{}}""")).build()
            shouldThrow<CapabilityMissingException> { c.create(withTool) }
            requests.get() shouldBe before
        }
    }

    test("the example here is the README's") {
        ReadmeText.kotlinBlock("Writing a provider") shouldBe
            ReadmeText.marked("library/core/src/test/kotlin/dev/switchboard/readme/ReadmeProviderExampleTest.kt", "Writing a provider")
    }
})

package dev.switchboard.contract

import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.CapabilityMissingException
import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.HttpOptions
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.NotFoundException
import dev.switchboard.PermissionDeniedException
import dev.switchboard.RateLimitException
import dev.switchboard.RequestUsage
import dev.switchboard.ResponseFormat
import dev.switchboard.ServerException
import dev.switchboard.SwitchboardException
import dev.switchboard.TextPart
import dev.switchboard.Tool
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.http.TestServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.ApplicationCall
import io.ktor.server.request.receiveText
import io.ktor.server.request.uri
import io.ktor.server.response.header
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.writeFully
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import java.time.Duration
import java.util.Base64
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference

/**
 * The behaviour every provider must show through the neutral API, run against a loopback server that
 * speaks the provider's wire format ([ProviderWire]): a text answer, a stream, a tool round trip (plain
 * and streamed), image input, structured output, usage, cancellation that closes the connection, typed
 * errors, one retry, and capability checks before any network call. Subclass it in the provider's tests:
 * `class AnthropicContractTest : ProviderContractSuite(AnthropicWire)`.
 */
public abstract class ProviderContractSuite(private val wire: ProviderWire) : FunSpec() {
    /** A request as the loopback server received it. */
    public class Seen(public val uri: String, public val headers: Map<String, String>, public val body: String)

    private val seen = ConcurrentLinkedQueue<Seen>()
    private val answer = AtomicReference<suspend (ApplicationCall, Int) -> Unit>()
    private val attempts = AtomicInteger()

    private val server = TestServer {
        routing {
            post("{...}") {
                val body = call.receiveText()
                seen += Seen(call.request.uri, call.request.headers.entries().associate { it.key.lowercase() to it.value.first() }, body)
                checkNotNull(answer.get()) { "no answer set" }(call, attempts.incrementAndGet())
            }
        }
    }

    private val model = "contract-model"
    private val capable = ModelInfo.builder()
        .vision(true).functionCalling(true).jsonOutput(true).structuredOutput(true).family(ModelFamily.UNKNOWN).build()
    private val noRetries = HttpOptions.builder().maxRetries(0).build()

    private fun client(info: ModelInfo = capable, http: HttpOptions = noRetries): ChatCompletionClient =
        wire.client(server.url("").trimEnd('/'), model, info, http)

    private fun answerJson(json: String, status: Int = 200, headers: Map<String, String> = emptyMap()) {
        answer.set { call, _ -> respondJson(call, json, status, headers) }
    }

    private fun answerStream(frames: List<String>) {
        answer.set { call, _ ->
            call.respondBytesWriter(ContentType.parse(wire.streamContentType)) {
                for (frame in frames) {
                    writeFully(wire.frameBytes(frame))
                    flush()
                }
            }
        }
    }

    private fun requests(): List<Seen> = seen.toList()

    private val weather = Tool.of(
        "get_weather",
        "The current weather in a city",
        """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}""",
    )
    private val call = FunctionCall("call_contract_1", "get_weather", """{"city":"Paris"}""")

    private fun json(text: String): JsonElement = Json.parseToJsonElement(text)

    init {
        beforeTest {
            seen.clear()
            attempts.set(0)
            answer.set(null)
        }
        afterSpec { server.close() }

        test("a text answer carries its content, finish reason and usage") {
            answerJson(wire.textResponse(model, "Hello from the contract", WireUsage(11, 7)))
            client().use { c ->
                val result = c.create(CreateRequest.builder().system("Be brief.").user("Say hello").build())
                result.content shouldBe "Hello from the contract"
                result.finishReason shouldBe wire.textFinish
                result.usage.promptTokens shouldBe 11
                result.usage.completionTokens shouldBe 7
                c.totalUsage.promptTokens shouldBe 11
            }
            requests() shouldHaveSize 1
            requests()[0].body shouldContain "Say hello"
            requests()[0].body shouldContain "Be brief."
        }

        test("a stream delivers its text in order and ends with one Completed event carrying usage") {
            answerStream(wire.textStream(model, listOf("Hel", "lo, ", "wor", "ld"), WireUsage(5, 4)))
            client().use { c ->
                val events = c.createStream(CreateRequest.builder().user("Say hello").build()).toList()
                events.filterIsInstance<ChatStreamEvent.TextDelta>().joinToString("") { it.text } shouldBe "Hello, world"
                events.filterIsInstance<ChatStreamEvent.Completed>() shouldHaveSize 1
                val done = events.last().shouldBeInstanceOf<ChatStreamEvent.Completed>().result
                done.content shouldBe "Hello, world"
                done.finishReason shouldBe wire.textFinish
                done.usage.promptTokens shouldBe 5
                done.usage.completionTokens shouldBe 4
                c.totalUsage.completionTokens shouldBe 4

                answerJson(wire.textResponse(model, "Hello, world", WireUsage(5, 4)))
                val created = c.create(CreateRequest.builder().user("Say hello").build())
                outcome(done) shouldBe outcome(created)
            }
        }

        test("a tool call round trip: the call is decoded, and its result goes back on the next turn") {
            answerJson(wire.toolCallResponse(model, call, WireUsage(20, 9)))
            client().use { c ->
                val first = CreateRequest.builder().user("Weather in Paris?").tool(weather).build()
                val result = c.create(first)
                result.finishReason shouldBe FinishReason.TOOL_CALLS
                result.toolCalls shouldHaveSize 1
                val got = result.toolCalls[0]
                got.name shouldBe "get_weather"
                json(got.arguments) shouldBe json(call.arguments)
                if (wire.carriesToolCallIds) got.id shouldBe call.id
                requests()[0].body shouldContain "get_weather"
                requests()[0].body shouldContain "The current weather in a city"

                answerJson(wire.textResponse(model, "It is 22 degrees in Paris.", WireUsage(30, 8)))
                val second = first.newBuilder()
                    .message(result.toAssistantMessage())
                    .message(ToolResultMessage.of(FunctionExecutionResult.of(got.id, got.name, "22 degrees and sunny")))
                    .build()
                val answered = c.create(second)
                answered.content shouldBe "It is 22 degrees in Paris."
                requests() shouldHaveSize 2
                requests()[1].body shouldContain "22 degrees and sunny"
                requests()[1].body shouldContain "Paris"
                c.totalUsage.promptTokens shouldBe 50

                // The same two turns streamed: each Completed result equals what create returned, and the
                // streamed call, sent back, makes the same next request as the created one.
                answerStream(wire.toolCallStream(model, call, WireUsage(20, 9)))
                val streamed = completed(c, first)
                outcome(streamed) shouldBe outcome(result)
                val streamedSecond = first.newBuilder()
                    .message(streamed.toAssistantMessage())
                    .message(ToolResultMessage.of(FunctionExecutionResult.of(got.id, got.name, "22 degrees and sunny")))
                    .build()
                answerJson(wire.textResponse(model, "It is 22 degrees in Paris.", WireUsage(30, 8)))
                c.create(streamedSecond)
                requests() shouldHaveSize 4
                json(requests()[3].body) shouldBe json(requests()[1].body)
                answerStream(wire.textStream(model, listOf("It is 22 degrees", " in Paris."), WireUsage(30, 8)))
                outcome(completed(c, streamedSecond)) shouldBe outcome(answered)
            }
        }

        test("a tool-only answer is the same result from create and from the stream: no text, the call, TOOL_CALLS, usage") {
            val request = CreateRequest.builder().user("Weather in Paris?").tool(weather).build()
            client().use { c ->
                answerJson(wire.toolCallResponse(model, call, WireUsage(20, 9)))
                val created = c.create(request)
                answerStream(wire.toolCallStream(model, call, WireUsage(20, 9)))
                val streamed = completed(c, request)
                created.content shouldBe null
                streamed.content shouldBe null
                streamed.toolCalls shouldBe created.toolCalls
                streamed.finishReason shouldBe FinishReason.TOOL_CALLS
                outcome(streamed) shouldBe outcome(created)
                created.usage.completionTokens shouldBe 9
            }
        }

        test("a streamed tool call ends with the assembled call and finish reason TOOL_CALLS") {
            answerStream(wire.toolCallStream(model, call, WireUsage(20, 9)))
            client().use { c ->
                val events = c.createStream(CreateRequest.builder().user("Weather in Paris?").tool(weather).build()).toList()
                val end = events.filterIsInstance<ChatStreamEvent.ToolCallEnd>().single()
                end.call.name shouldBe "get_weather"
                json(end.call.arguments) shouldBe json(call.arguments)
                val done = events.last().shouldBeInstanceOf<ChatStreamEvent.Completed>().result
                done.finishReason shouldBe FinishReason.TOOL_CALLS
                done.toolCalls.single().name shouldBe "get_weather"
                json(done.toolCalls.single().arguments) shouldBe json(call.arguments)
                if (wire.carriesToolCallIds) done.toolCalls.single().id shouldBe call.id
                done.usage.completionTokens shouldBe 9
            }
        }

        test("an image given as bytes reaches the wire") {
            val png = ByteArray(64) { (it * 7 + 3).toByte() }
            answerJson(wire.textResponse(model, "A test pattern.", WireUsage(90, 4)))
            client().use { c ->
                val message = UserMessage.of(TextPart("What is in this image?"), ImagePart(Image.fromBytes(png, "image/png")))
                c.create(CreateRequest.of(message)).content shouldBe "A test pattern."
            }
            requests().single().body shouldContain Base64.getEncoder().encodeToString(png)
        }

        test("structured output: the schema reaches the wire and the answer is the JSON object") {
            val schema = """{"type":"object","properties":{"city":{"type":"string"},"celsius":{"type":"integer"}},""" +
                """"required":["city","celsius"],"additionalProperties":false}"""
            answerJson(wire.structuredResponse(model, """{"city":"Paris","celsius":22}""", WireUsage(15, 10)))
            client().use { c ->
                val request = CreateRequest.builder().user("Weather in Paris as JSON")
                    .responseFormat(ResponseFormat.jsonSchema("weather_report", schema)).build()
                val result = c.create(request)
                json(checkNotNull(result.content) { "no content in $result" }) shouldBe json("""{"city":"Paris","celsius":22}""")
            }
            requests().single().body shouldContain "celsius"
        }

        test("cancelling a stream closes its connection on the server side") {
            val closed = CompletableDeferred<Throwable>()
            answer.set { call, _ ->
                call.respondBytesWriter(ContentType.parse(wire.streamContentType)) {
                    try {
                        for (frame in wire.endlessTextStream(model)) {
                            writeFully(wire.frameBytes(frame))
                            flush()
                            delay(10)
                        }
                    } catch (e: Throwable) {
                        closed.complete(e)
                        throw e
                    }
                }
            }
            client().use { c ->
                val first = c.createStream(CreateRequest.builder().user("Count forever").build())
                    .first { it is ChatStreamEvent.TextDelta }
                first.shouldBeInstanceOf<ChatStreamEvent.TextDelta>()
                withTimeout(10_000) { closed.await() }
            }
        }

        mapOf(
            400 to BadRequestException::class,
            401 to AuthenticationException::class,
            403 to PermissionDeniedException::class,
            404 to NotFoundException::class,
            429 to RateLimitException::class,
            500 to ServerException::class,
        ).forEach { (status, type) ->
            test("HTTP $status becomes ${type.simpleName} with provider, status and the provider's message") {
                val headers = if (status == 429) mapOf("retry-after" to "3") else emptyMap()
                answerJson(wire.errorBody(status, "contract failure $status"), status, headers)
                client().use { c ->
                    val e = shouldThrow<SwitchboardException> { c.create(CreateRequest.builder().user("hi").build()) }
                    e::class shouldBe type
                    e.provider shouldBe wire.provider
                    e.statusCode shouldBe status
                    e.message shouldContain "contract failure $status"
                    if (e is RateLimitException) e.retryAfter shouldBe Duration.ofSeconds(3)
                }
                requests() shouldHaveSize 1
            }
        }

        test("an error answer to a stream is the same typed error, before any event") {
            answerJson(wire.errorBody(401, "contract failure stream"), 401)
            client().use { c ->
                val e = shouldThrow<AuthenticationException> { c.createStream(CreateRequest.builder().user("hi").build()).toList() }
                e.provider shouldBe wire.provider
                e.message shouldContain "contract failure stream"
            }
        }

        test("a 503 is retried and the retry's answer is returned") {
            answer.set { call, attempt ->
                if (attempt == 1) respondJson(call, wire.errorBody(503, "busy"), 503, emptyMap())
                else respondJson(call, wire.textResponse(model, "Second time lucky", WireUsage(3, 3)), 200, emptyMap())
            }
            val http = HttpOptions.builder().maxRetries(2).initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build()
            client(http = http).use { c ->
                c.create(CreateRequest.builder().user("hi").build()).content shouldBe "Second time lucky"
            }
            attempts.get() shouldBe 2
        }

        test("a request needing a capability the model lacks fails before any network call") {
            val textOnly = ModelInfo.builder().vision(false).functionCalling(false).jsonOutput(false).structuredOutput(false)
                .family(ModelFamily.UNKNOWN).build()
            client(info = textOnly).use { c ->
                val image = UserMessage.of(TextPart("look"), ImagePart(Image.fromBytes(ByteArray(8), "image/png")))
                shouldThrow<CapabilityMissingException> { c.create(CreateRequest.of(image)) }
                shouldThrow<CapabilityMissingException> { c.create(CreateRequest.builder().user("hi").tool(weather).build()) }
            }
            requests() shouldHaveSize 0
        }
    }

    /** What create and the stream's Completed event must agree on, compared as one value so a failure shows both. */
    private data class Outcome(
        val content: String?,
        val toolCalls: List<FunctionCall>,
        val finishReason: FinishReason,
        val rawFinishReason: String?,
        val usage: RequestUsage,
        val thought: String?,
        val choices: Int,
    )

    private fun outcome(r: CreateResult): Outcome =
        Outcome(r.content, r.toolCalls, r.finishReason, r.rawFinishReason, r.usage, r.thought, r.choices.size)

    private suspend fun completed(c: ChatCompletionClient, request: CreateRequest): CreateResult =
        c.createStream(request).toList().last().shouldBeInstanceOf<ChatStreamEvent.Completed>().result

    private companion object {
        suspend fun respondJson(call: ApplicationCall, json: String, status: Int, headers: Map<String, String>) {
            headers.forEach { (k, v) -> call.response.header(k, v) }
            call.respondText(json, ContentType.Application.Json, HttpStatusCode.fromValue(status))
        }
    }
}

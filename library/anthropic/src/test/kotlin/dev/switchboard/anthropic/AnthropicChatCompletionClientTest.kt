package dev.switchboard.anthropic

import dev.switchboard.engine.java.JavaEngineProvider
import dev.switchboard.AuthenticationException
import dev.switchboard.CacheMarker
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.FinishReason
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.HttpOptions
import dev.switchboard.ServerException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.StructuredOutput
import dev.switchboard.ToolResultMessage
import dev.switchboard.createRequest
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.ktor.http.HttpStatusCode
import io.ktor.server.response.respondText
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import java.time.Duration

@Serializable
private data class Place(val city: String, val celsius: Int)

/**
 * The client end to end: the real [dev.switchboard.spi.HttpTransport] over Ktor's Java engine, against a
 * Ktor CIO server on 127.0.0.1 that plays the Messages API (recorded streams replayed as SSE).
 */
class AnthropicChatCompletionClientTest : FunSpec({
    lateinit var server: LoopbackAnthropicServer
    val key = "sk-ant-" + "e2e-test-key"

    beforeSpec { server = LoopbackAnthropicServer() }
    afterSpec { server.close() }
    beforeTest { server.seen.clear() }

    fun client(model: String = "claude-sonnet-4-5", configure: AnthropicConfig.Builder.() -> Unit = {}) = AnthropicChatCompletionClient.create(
        model,
        AnthropicConfig.builder().apiKey(key).baseUrl(server.baseUrl).beta("context-1m-2025-08-07")
            .httpOptions(HttpOptions.builder().engine(JavaEngineProvider).maxRetries(0).build()).apply(configure).build(),
    )

    test("create: path, headers, body and the decoded answer") {
        server.respondJson(
            """{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
               "content":[{"type":"text","text":"Hello!"}],"stop_reason":"end_turn","stop_sequence":null,
               "usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":1200,"output_tokens":3}}""",
        )
        client().use { c ->
            val result = c.create(createRequest { message(dev.switchboard.SystemMessage("Be brief", CacheMarker.DEFAULT)); user("Hi"); maxTokens(50) })
            result.content shouldBe "Hello!"
            result.finishReason shouldBe FinishReason.STOP
            result.usage.promptTokens shouldBe 1210
            result.usage.cachedTokens shouldBe 1200
            result.id shouldBe "msg_1"
            c.totalUsage.completionTokens shouldBe 3
        }
        val seen = server.seen.single()
        seen.uri shouldBe "/v1/messages"
        seen.headers["x-api-key"] shouldBe key
        seen.headers["anthropic-version"] shouldBe "2023-06-01"
        seen.headers["anthropic-beta"] shouldBe "context-1m-2025-08-07"
        seen.headers["content-type"]!! shouldContain "application/json"
        seen.headers["authorization"] shouldBe null
        seen.body["system"] shouldBe Json.parseToJsonElement("""[{"type":"text","text":"Be brief","cache_control":{"type":"ephemeral"}}]""")
        seen.body["max_tokens"] shouldBe JsonPrimitive(50)
        seen.body["stream"] shouldBe null
    }

    test("a recorded stream written over the network in pieces of every size decodes to the offline result") {
        for (name in Fixtures.all) {
            val expected = Fixtures.decode(Fixtures.frames(name))
            for (piece in listOf(1, 7, 64, 100_000)) {
                server.respondSse(Fixtures.sseBody(name), piece)
                client().use { c ->
                    val events = c.createStream(CreateRequest.builder().user("go").build()).toList()
                    events.dropLast(1) shouldBe expected.events
                    events.last() shouldBe ChatStreamEvent.Completed(expected.result)
                }
            }
        }
        server.seen.first().body["stream"] shouldBe JsonPrimitive(true)
    }

    test("thinking round trip: the signed thinking of a streamed answer goes back unchanged with the tool result") {
        server.respondSse(Fixtures.sseBody("anthropic-clear-thinking.1.chunks.txt"))
        client().use { c ->
            val first = createRequest { user("What is 925 / 5?"); thinkingBudget(2048) }
            val answer = (c.createStream(first).toList().last() as ChatStreamEvent.Completed).result
            answer.thoughtBlocks shouldHaveSize 1
            server.respondJson(
                """{"id":"msg_2","content":[{"type":"text","text":"Done."}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":2}}""",
            )
            c.create(first.newBuilder().message(answer.toAssistantMessage()).user("Thanks").build()).content shouldBe "Done."
            val sent = server.seen.last().body["messages"]!!.jsonArray[1].jsonObject["content"]!!.jsonArray
            sent[0] shouldBe Json.parseToJsonElement(
                """{"type":"thinking","thinking":${JsonPrimitive(answer.thought!!)},"signature":${JsonPrimitive(answer.thoughtBlocks[0].signature!!)}}""",
            )
            sent[1] shouldBe Json.parseToJsonElement("""{"type":"text","text":"925 ÷ 5 = 185"}""")
            server.seen.last().body["thinking"] shouldBe Json.parseToJsonElement("""{"type":"enabled","budget_tokens":2048}""")
        }
    }

    test("tool round trip: the streamed call, then its result as a tool_result block") {
        server.respondSse(Fixtures.sseBody("anthropic-sdk-python.tool_use_response.sse"))
        client().use { c ->
            val first = CreateRequest.builder().user("Weather in Paris?").tool(RequestShapes.weather).build()
            val result = (c.createStream(first).toList().last() as ChatStreamEvent.Completed).result
            result.finishReason shouldBe FinishReason.TOOL_CALLS
            val call = result.toolCalls.single()
            server.respondJson("""{"id":"m","content":[{"type":"text","text":"18C"}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":2}}""")
            val second = first.newBuilder().message(result.toAssistantMessage())
                .message(ToolResultMessage.of(FunctionExecutionResult.of(call.id, call.name, "18C and sunny"))).build()
            c.create(second).content shouldBe "18C"
            val messages = server.seen.last().body["messages"]!!.jsonArray
            messages.map { it.jsonObject["role"] } shouldBe listOf(JsonPrimitive("user"), JsonPrimitive("assistant"), JsonPrimitive("user"))
            messages[1].jsonObject["content"]!!.jsonArray[1] shouldBe Json.parseToJsonElement(
                """{"type":"tool_use","id":"${call.id}","name":"get_weather","input":{"location":"Paris"}}""",
            )
            messages[2].jsonObject["content"]!!.jsonArray[0] shouldBe Json.parseToJsonElement(
                """{"type":"tool_result","tool_use_id":"${call.id}","content":"18C and sunny"}""",
            )
        }
    }

    test("structured output by forced tool on a model without the native mechanism, read back as the class") {
        server.respondJson(
            """{"id":"m","content":[{"type":"tool_use","id":"toolu_1","name":"structured_output","input":{"city":"Paris","celsius":22}}],
               "stop_reason":"tool_use","usage":{"input_tokens":5,"output_tokens":9}}""",
        )
        client("claude-opus-4-1").use { c ->
            val result = c.create(createRequest { user("Paris as JSON"); responseFormat(StructuredOutput.responseFormat(Place.serializer().descriptor)) })
            StructuredOutput.parse(result, Place.serializer()) shouldBe Place("Paris", 22)
            result.finishReason shouldBe FinishReason.STOP
        }
        server.seen.single().body["tool_choice"] shouldBe Json.parseToJsonElement("""{"type":"tool","name":"structured_output"}""")
    }

    test("errors arrive typed: 401 with its request id, 529 overloaded retried, then answered") {
        server.respondJson(AnthropicWire.errorBody(401, "invalid x-api-key"), HttpStatusCode.Unauthorized)
        client().use { c ->
            val e = shouldThrow<AuthenticationException> { c.create(CreateRequest.builder().user("x").build()) }
            e.requestId shouldBe "req_loopback"
            e.message shouldContain "invalid x-api-key (type authentication_error)"
        }
        var attempt = 0
        server.respond { call, _ ->
            attempt++
            if (attempt == 1) {
                call.response.headers.append("request-id", "req_busy")
                call.respondText(AnthropicWire.errorBody(529, "Overloaded"), io.ktor.http.ContentType.Application.Json, HttpStatusCode.fromValue(529))
            } else {
                call.respondText(AnthropicWire.textResponse("m", "at last", dev.switchboard.contract.WireUsage(1, 2)), io.ktor.http.ContentType.Application.Json)
            }
        }
        client { httpOptions(HttpOptions.builder().engine(JavaEngineProvider).maxRetries(1).initialBackoff(Duration.ofMillis(5)).build()) }.use { c ->
            c.create(CreateRequest.builder().user("x").build()).content shouldBe "at last"
        }
        attempt shouldBe 2
        attempt = 0
        server.respond { call, _ ->
            attempt++
            call.respondText(AnthropicWire.errorBody(529, "Overloaded"), io.ktor.http.ContentType.Application.Json, HttpStatusCode.fromValue(529))
        }
        client().use { c ->
            val e = shouldThrow<ServerException> { c.create(CreateRequest.builder().user("x").build()) }
            e.statusCode shouldBe 529
            e.isRetryable shouldBe true
        }
    }

    test("an error event mid-stream fails the flow with StreamInterruptedException after the text it delivered") {
        val broken = Fixtures.chunkLines(Fixtures.text("anthropic-text.chunks.txt")).take(5)
            .joinToString("") { AnthropicWire.event("x", it) } +
            AnthropicWire.event("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")
        server.respondSse(broken)
        client().use { c ->
            val seen = ArrayList<ChatStreamEvent>()
            val e = shouldThrow<StreamInterruptedException> { c.createStream(CreateRequest.builder().user("x").build()).collect { seen += it } }
            seen.joinToString("") { (it as ChatStreamEvent.TextDelta).text } shouldBe "Hello! I"
            e.cause.shouldBeInstanceOf<ServerException>().statusCode shouldBe 529
            e.requestId shouldBe "req_stream"
        }
    }

    test("a stream cut before message_stop fails with StreamInterruptedException, never a short answer") {
        val cut = Fixtures.sseBody("anthropic-text.chunks.txt").substringBefore("event: message_stop")
        server.respondSse(cut)
        client().use { c ->
            val e = shouldThrow<StreamInterruptedException> { c.createStream(CreateRequest.builder().user("x").build()).toList() }
            e.message shouldContain "ended before message_stop"
        }
    }
})

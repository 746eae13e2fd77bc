package dev.switchboard.openai

import dev.switchboard.engine.java.JavaEngineProvider
import dev.switchboard.AuthenticationException
import dev.switchboard.ChatStreamEvent
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.CreateRequest
import dev.switchboard.FinishReason
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.HttpOptions
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.RateLimitException
import dev.switchboard.RequestUsage
import dev.switchboard.ResponseFormat
import dev.switchboard.StreamInterruptedException
import dev.switchboard.TextPart
import dev.switchboard.Tool
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.ktor.http.HttpStatusCode
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

/**
 * The client end to end: the real [dev.switchboard.spi.HttpTransport] over Ktor's Java engine, against
 * a Ktor CIO server on 127.0.0.1 that plays the OpenAI API (recorded streams replayed as SSE).
 */
class OpenAiChatCompletionClientTest : FunSpec({
    lateinit var server: LoopbackOpenAiServer

    beforeSpec { server = LoopbackOpenAiServer() }
    afterSpec { server.close() }
    beforeTest { server.seen.clear() }

    fun client(model: String = "gpt-4o"): OpenAiChatCompletionClient = OpenAiChatCompletionClient.create(
        model,
        OpenAiConfig.builder().apiKey("sk-e2e-test-key").baseUrl(server.baseUrl).organization("org-e2e")
            .project("proj-e2e").header("X-Client", "switchboard-test")
            .httpOptions(HttpOptions.builder().engine(JavaEngineProvider).maxRetries(0).build())
            .build(),
    )

    fun respondJson(json: String, status: HttpStatusCode = HttpStatusCode.OK, headers: Map<String, String> = emptyMap()) =
        server.respondJson(json, status, headers)

    fun respondSse(frames: List<String>, done: Boolean = true) = server.respondSse(frames, done)

    fun fixtureData(name: String) = Fixtures.frames(name).map { it.data }.filter { it != "[DONE]" }

    fun text(e: JsonElement?) = (e as JsonPrimitive).content

    test("create: headers, body and the decoded answer") {
        respondJson(
            """{"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-2024-08-06","choices":[{"index":0,
            "message":{"role":"assistant","content":"Hello there"},"finish_reason":"stop"}],
            "usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11,"prompt_tokens_details":{"cached_tokens":4}}}""",
            headers = mapOf("x-request-id" to "req_123"),
        )
        client().use { c ->
            val result = runBlocking { c.create(createRequest { system("Be nice"); user("Hi"); temperature(0.2) }) }
            result.content shouldBe "Hello there"
            result.finishReason shouldBe FinishReason.STOP
            result.usage shouldBe RequestUsage(9, 2, cachedTokens = 4)
            result.id shouldBe "chatcmpl-1"
            c.totalUsage shouldBe RequestUsage(9, 2, cachedTokens = 4)
        }
        val s = server.seen.single()
        s.headers["authorization"] shouldBe "Bearer sk-e2e-test-key"
        s.headers["openai-organization"] shouldBe "org-e2e"
        s.headers["openai-project"] shouldBe "proj-e2e"
        s.headers["x-client"] shouldBe "switchboard-test"
        s.headers["content-type"]!! shouldContain "application/json"
        s.body shouldBe Json.parseToJsonElement(
            """{"model":"gpt-4o","messages":[{"role":"system","content":"Be nice"},{"role":"user","content":"Hi"}],"temperature":0.2}""",
        )
    }

    test("createStream: events as they arrive, and a Completed result equal to the offline decode of the same stream") {
        val name = "openai-chat-text.include-usage.sse"
        respondSse(fixtureData(name))
        client().use { c ->
            val events = runBlocking { c.createStream(CreateRequest.of(UserMessage.of("Weather in SF?"))).toList() }
            val completed = events.last().shouldBeInstanceOf<ChatStreamEvent.Completed>()
            events.filterIsInstance<ChatStreamEvent.TextDelta>().joinToString("") { it.text } shouldBe completed.result.content
            completed.result shouldBe Fixtures.decode(Fixtures.frames(name)).result
            completed.result.usage shouldBe RequestUsage(14, 30)
            c.totalUsage shouldBe RequestUsage(14, 30)
        }
        server.seen.single().body["stream"] shouldBe JsonPrimitive(true)
        server.seen.single().body["stream_options"] shouldBe Json.parseToJsonElement("""{"include_usage":true}""")
    }

    test("a recorded stream written over the network in pieces of every size from 1 to 97 bytes decodes to the same result") {
        // The recorded bytes as OpenAI sent them (parallel tool calls, usage chunk, [DONE]); piece sizes
        // 1..97 put a network write boundary at every byte offset of every event, many times over.
        val name = "openai-chat-parallel-tool-calls.include-usage.sse"
        val body = Fixtures.text(name).toByteArray(Charsets.UTF_8)
        val expected = Fixtures.decode(Fixtures.frames(name)).result
        client().use { c ->
            for (piece in 1..97) {
                server.respondRawSse(body, piece)
                val events = runBlocking { c.createStream(CreateRequest.of(UserMessage.of("Weather?"))).toList() }
                withClue("pieces of $piece bytes") {
                    events.last().shouldBeInstanceOf<ChatStreamEvent.Completed>().result shouldBe expected
                    events.filterIsInstance<ChatStreamEvent.ToolCallEnd>().map { it.call } shouldBe expected.toolCalls
                }
            }
        }
        expected.toolCalls shouldHaveSize 2
    }

    test("tool call round trip: streamed parallel calls, results sent back as tool messages, then the answer") {
        val weather = Tool.of("GetWeatherArgs", "Weather", """{"type":"object","properties":{"city":{"type":"string"},"country":{"type":"string"},"units":{"type":"string"}}}""")
        val stock = Tool.of("get_stock_price", "Stock price", """{"type":"object","properties":{"ticker":{"type":"string"},"exchange":{"type":"string"}}}""")
        client().use { c ->
            respondSse(fixtureData("openai-chat-parallel-tool-calls.include-usage.sse"))
            val first = createRequest { user("Weather in Edinburgh and the AAPL price?"); tool(weather); tool(stock) }
            val events = runBlocking { c.createStream(first).toList() }
            val result = (events.last() as ChatStreamEvent.Completed).result
            result.toolCalls shouldHaveSize 2
            events.filterIsInstance<ChatStreamEvent.ToolCallEnd>().map { it.call } shouldBe result.toolCalls

            val results = result.toolCalls.map { call ->
                val args = Json.parseToJsonElement(call.arguments).jsonObject
                when (call.name) {
                    "GetWeatherArgs" -> FunctionExecutionResult.of(call.id, call.name, "12C and rain in ${text(args["city"])}")
                    else -> FunctionExecutionResult.of(call.id, call.name, "${text(args["ticker"])} is 230 USD")
                }
            }
            respondJson(
                """{"id":"chatcmpl-2","choices":[{"index":0,"message":{"role":"assistant","content":"12C and rain; AAPL is 230 USD."},
                "finish_reason":"stop"}],"usage":{"prompt_tokens":200,"completion_tokens":12}}""",
            )
            val second = first.newBuilder().message(result.toAssistantMessage()).message(ToolResultMessage.of(results)).build()
            val answer = runBlocking { c.create(second) }
            answer.content shouldBe "12C and rain; AAPL is 230 USD."
            c.totalUsage shouldBe RequestUsage(149 + 200, 60 + 12)
        }
        val sent = server.seen.last().body["messages"]!!.jsonArray
        sent.size shouldBe 4
        val assistant = sent[1].jsonObject
        text(assistant["role"]) shouldBe "assistant"
        assistant["tool_calls"]!!.jsonArray.map { text(it.jsonObject["id"]) } shouldBe listOf("call_JMW1whyEaYG438VE1OIflxA2", "call_DNYTawLBoN8fj3KN6qU9N1Ou")
        assistant["tool_calls"]!!.jsonArray[0].jsonObject["function"]!!.jsonObject["arguments"]!!.jsonPrimitive.content
            .let(Json::parseToJsonElement) shouldBe Json.parseToJsonElement("""{"city":"Edinburgh","country":"GB","units":"c"}""")
        sent[2] shouldBe Json.parseToJsonElement("""{"role":"tool","tool_call_id":"call_JMW1whyEaYG438VE1OIflxA2","content":"12C and rain in Edinburgh"}""")
        sent[3] shouldBe Json.parseToJsonElement("""{"role":"tool","tool_call_id":"call_DNYTawLBoN8fj3KN6qU9N1Ou","content":"AAPL is 230 USD"}""")
    }

    test("image input arrives as image_url parts: a URL and an inline data URI") {
        respondJson("""{"choices":[{"index":0,"message":{"content":"A red square"},"finish_reason":"stop"}]}""")
        val bytes = byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)
        client().use { c ->
            val r = runBlocking {
                c.create(
                    CreateRequest.of(
                        UserMessage.of(TextPart("What is this?"), ImagePart(Image.fromBytes(bytes, "image/png")), ImagePart(Image.fromUrl("https://example.com/cat.jpg"))),
                    ),
                )
            }
            r.content shouldBe "A red square"
        }
        val parts = server.seen.single().body["messages"]!!.jsonArray[0].jsonObject["content"] as JsonArray
        parts.map { text(it.jsonObject["type"]) } shouldBe listOf("text", "image_url", "image_url")
        text(parts[1].jsonObject["image_url"]!!.jsonObject["url"]) shouldBe "data:image/png;base64,iVBORw0KGgo="
        text(parts[2].jsonObject["image_url"]!!.jsonObject["url"]) shouldBe "https://example.com/cat.jpg"
    }

    test("structured output: the schema is sent and the JSON answer parses") {
        respondJson(
            """{"choices":[{"index":0,"message":{"content":"{\"city\":\"Paris\",\"population\":2102650}"},"finish_reason":"stop"}]}""",
        )
        val schema = """{"type":"object","properties":{"city":{"type":"string"},"population":{"type":"integer"}},"required":["city","population"],"additionalProperties":false}"""
        val answer = client().use { c ->
            runBlocking { c.create(createRequest { user("Largest French city?"); responseFormat(ResponseFormat.jsonSchema("city_info", schema)) }) }
        }
        val parsed = Json.parseToJsonElement(answer.content!!).jsonObject
        text(parsed["city"]) shouldBe "Paris"
        server.seen.single().body["response_format"] shouldBe Json.parseToJsonElement(
            """{"type":"json_schema","json_schema":{"name":"city_info","strict":true,"schema":$schema}}""",
        )
    }

    test("errors arrive typed: context length, authentication with request id, rate limit with Retry-After") {
        client().use { c ->
            respondJson(
                """{"error":{"message":"This model's maximum context length is 128000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""",
                HttpStatusCode.BadRequest,
            )
            shouldThrow<ContextLengthExceededException> { runBlocking { c.create(CreateRequest.of(UserMessage.of("long"))) } }
                .message!! shouldContain "maximum context length is 128000 tokens"

            respondJson(
                """{"error":{"message":"Incorrect API key provided: sk-e2e-*******-key.","type":"invalid_request_error","code":"invalid_api_key"}}""",
                HttpStatusCode.Unauthorized, mapOf("x-request-id" to "req_auth"),
            )
            val auth = shouldThrow<AuthenticationException> { runBlocking { c.create(CreateRequest.of(UserMessage.of("hi"))) } }
            auth.requestId shouldBe "req_auth"
            auth.message!! shouldContain "Incorrect API key provided"

            respondJson(
                """{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""",
                HttpStatusCode.TooManyRequests, mapOf("retry-after-ms" to "250"),
            )
            val limited = shouldThrow<RateLimitException> { runBlocking { c.createStream(CreateRequest.of(UserMessage.of("hi"))).toList() } }
            limited.retryAfter shouldBe java.time.Duration.ofMillis(250)
        }
    }

    test("a stream that stops before [DONE] fails with StreamInterruptedException after the text it delivered") {
        val frames = fixtureData("openai-chat-text.include-usage.sse")
        respondSse(frames.take(frames.size / 2), done = false)
        val received = ArrayList<ChatStreamEvent>()
        client().use { c ->
            val e = shouldThrow<StreamInterruptedException> {
                runBlocking { c.createStream(CreateRequest.of(UserMessage.of("hi"))).collect { received += it } }
            }
            e.message!! shouldContain "[DONE]"
            c.totalUsage shouldBe RequestUsage.ZERO
        }
        received.none { it is ChatStreamEvent.Completed } shouldBe true
        received.filterIsInstance<ChatStreamEvent.TextDelta>().isNotEmpty() shouldBe true
    }

    test("a preset end to end: Ollama found through OLLAMA_HOST, no key sent, any model, reasoning as thought") {
        respondSse(
            listOf(
                """{"id":"c1","model":"qwen3","choices":[{"index":0,"delta":{"role":"assistant","reasoning":"Two plus two."}}]}""",
                """{"id":"c1","model":"qwen3","choices":[{"index":0,"delta":{"content":"4"},"finish_reason":"stop"}]}""",
                """{"id":"c1","model":"qwen3","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":7}}""",
            ),
        )
        val config = OpenAiCompatible.OLLAMA.config(mapOf("OLLAMA_HOST" to "127.0.0.1:${server.port}")::get)
            .httpOptions(HttpOptions.builder().engine(JavaEngineProvider).maxRetries(0).build()).build()
        OpenAiChatCompletionClient.create("qwen3:8b", config).use { c ->
            c.modelInfo.family shouldBe dev.switchboard.ModelFamily.QWEN
            val events = runBlocking { c.createStream(createRequest { user("2+2?"); maxTokens(50) }).toList() }
            events.filterIsInstance<ChatStreamEvent.ThoughtDelta>().single().text shouldBe "Two plus two."
            val result = (events.last() as ChatStreamEvent.Completed).result
            result.content shouldBe "4"
            result.thought shouldBe "Two plus two."
            result.usage shouldBe RequestUsage(12, 7)
        }
        val s = server.seen.single()
        s.headers.containsKey("authorization") shouldBe false
        s.body["max_tokens"] shouldBe JsonPrimitive(50)
        s.body["model"] shouldBe JsonPrimitive("qwen3:8b")
    }

    test("a malformed chunk in the stream is a ProtocolException") {
        respondSse(listOf("""{"choices":[{"index":0,"delta":{"content":"a"}}]}""", """{"choices":[{"index":0,"delta":"""))
        client().use { c ->
            shouldThrow<dev.switchboard.ProtocolException> {
                runBlocking { c.createStream(CreateRequest.of(UserMessage.of("hi"))).toList() }
            }.message!! shouldContain "not valid JSON"
        }
    }
})

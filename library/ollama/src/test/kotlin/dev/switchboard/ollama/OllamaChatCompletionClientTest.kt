package dev.switchboard.ollama

import dev.switchboard.CapabilityMissingException
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.FinishReason
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.HttpOptions
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.ModelInfo
import dev.switchboard.NotFoundException
import dev.switchboard.ProtocolException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.TextPart
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import dev.switchboard.http.Raw
import dev.switchboard.http.RawServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.ktor.http.HttpStatusCode
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import java.time.Instant

class OllamaChatCompletionClientTest : FunSpec({
    timeout = 60_000L
    val server = LoopbackOllamaServer()
    afterSpec { server.close() }
    beforeTest {
        server.seen.clear()
        server.showCalls.set(0)
        server.onShow { call, _ -> LoopbackOllamaServer.json(call, LoopbackOllamaServer.SHOW_TEXT_ONLY) }
        server.onTags { call -> LoopbackOllamaServer.json(call, LoopbackOllamaServer.TAGS) }
    }

    val http = HttpOptions.builder().maxRetries(0).build()
    fun config(info: ModelInfo? = null): OllamaConfig = OllamaConfig.builder().baseUrl(server.baseUrl).modelInfo(info).httpOptions(http).build()
    fun client(info: ModelInfo? = null, model: String = "llama3.2") = OllamaChatCompletionClient.create(model, config(info))
    fun answer(text: String) = OllamaWire.textResponse("llama3.2", text, dev.switchboard.contract.WireUsage(3, 2))
    val image = UserMessage.of(TextPart("What is this?"), ImagePart(Image.fromBytes(RequestShapes.png, "image/png")))

    test("creating a client makes no network call; the first call asks /api/show, and requests are then checked against it") {
        server.chatJson(answer("Hello"))
        client().use { c ->
            server.seen shouldHaveSize 0
            c.modelInfo.vision shouldBe true // the placeholder allows everything until the server said otherwise
            c.modelInfo.contextWindow shouldBe null
            c.create(CreateRequest.of(UserMessage.of("Hi"))).content shouldBe "Hello"
            server.seen.map { it.path } shouldBe listOf("/api/show", "/api/chat")
            server.seen.first().body shouldBe kotlinx.serialization.json.Json.parseToJsonElement("""{"model":"llama3.2"}""")
            c.modelInfo.vision shouldBe false
            c.modelInfo.functionCalling shouldBe false
            c.modelInfo.contextWindow shouldBe 8192
            c.remainingTokens(listOf(UserMessage.of("Hi"))) shouldBe 8192 - c.countTokens(listOf(UserMessage.of("Hi")))
            shouldThrow<CapabilityMissingException> { c.create(CreateRequest.of(image)) }.capability shouldBe "vision"
            c.create(CreateRequest.of(UserMessage.of("Again"))).content shouldBe "Hello"
        }
        server.showCalls.get() shouldBe 1
        server.chats() shouldHaveSize 2
    }

    test("a stream's first call discovers too, before any event") {
        server.chatNdjson(Fixtures.text("ollama-docs-chat-stream.ndjson"))
        client().use { c ->
            shouldThrow<CapabilityMissingException> { c.createStream(CreateRequest.of(image)).toList() }
            server.showCalls.get() shouldBe 1
            server.chats() shouldHaveSize 0
            c.createStream(CreateRequest.of(UserMessage.of("Hi"))).toList().last().shouldBeInstanceOf<ChatStreamEvent.Completed>()
        }
        server.showCalls.get() shouldBe 1
    }

    test("concurrent first calls ask /api/show once") {
        server.onShow { call, _ ->
            delay(200)
            LoopbackOllamaServer.json(call, LoopbackOllamaServer.SHOW_TEXT_ONLY)
        }
        server.chatJson(answer("ok"))
        client().use { c ->
            coroutineScope {
                (1..8).map { async { c.create(CreateRequest.of(UserMessage.of("Hi $it"))).content } }.awaitAll() shouldBe List(8) { "ok" }
            }
        }
        server.showCalls.get() shouldBe 1
    }

    test("a declared ModelInfo is used as it is: /api/show is never asked") {
        server.chatJson(answer("Seen"))
        val declared = ModelInfo.builder().vision(true).contextWindow(4096).build()
        client(declared).use { c ->
            c.modelInfo shouldBe declared
            c.create(CreateRequest.of(image)).content shouldBe "Seen"
        }
        server.showCalls.get() shouldBe 0
        server.chats().single().body["messages"]!!.jsonArray[0].jsonObject["images"]!!.jsonArray.single() shouldBe
            JsonPrimitive("iVBORw0KGgoAAAANSUhEUg==")
    }

    test("a model that was never pulled: NotFoundException saying how to pull it, and the next call asks again") {
        server.onShow { call, body ->
            LoopbackOllamaServer.json(call, """{"error":"model '${(body["model"] as JsonPrimitive).content}' not found"}""", HttpStatusCode.NotFound)
        }
        client(model = "qwen3:8b").use { c ->
            val e = shouldThrow<NotFoundException> { c.create(CreateRequest.of(UserMessage.of("Hi"))) }
            e.message!! shouldContain "model 'qwen3:8b' not found"
            e.message!! shouldContain "ollama pull qwen3:8b"
            shouldThrow<NotFoundException> { c.createStream(CreateRequest.of(UserMessage.of("Hi"))).toList() }
        }
        server.showCalls.get() shouldBe 2
        server.chats() shouldHaveSize 0
    }

    test("a server that is not Ollama answering 404 on /api/show and /api/chat: the base URL is questioned, no pull advice") {
        server.onShow { call, _ ->
            LoopbackOllamaServer.json(call, """{"timestamp":"2026-01-01T00:00:00Z","status":404,"error":"Not Found","path":"/api/show"}""", HttpStatusCode.NotFound)
        }
        client().use { c ->
            val e = shouldThrow<NotFoundException> { c.create(CreateRequest.of(UserMessage.of("Hi"))) }
            e.message!! shouldContain "does not serve /api/show"
            e.message!! shouldContain "OllamaConfig.Builder.modelInfo"
            (e.message!!.contains("ollama pull")) shouldBe false
        }
        server.chatJson("<html><body><h1>404 Not Found</h1></body></html>", HttpStatusCode.NotFound)
        client(ModelInfo.builder().build()).use { c ->
            val e = shouldThrow<NotFoundException> { c.createStream(CreateRequest.of(UserMessage.of("Hi"))).toList() }
            e.message!! shouldContain "does not serve /api/chat"
            e.message!! shouldContain server.baseUrl
            (e.message!!.contains("ollama pull")) shouldBe false
        }
    }

    test("discover asks /api/show before it returns, and fails early for a missing model") {
        val c = OllamaChatCompletionClient.discover("llama3.2", config())
        c.use {
            server.showCalls.get() shouldBe 1
            it.modelInfo.contextWindow shouldBe 8192
        }
        OllamaChatCompletionClient.discover("llama3.2", config()).use { it.modelInfo.vision shouldBe false }
        val declared = ModelInfo.builder().functionCalling(true).build()
        OllamaChatCompletionClient.discover("llama3.2", config(declared)).use { it.modelInfo shouldBe declared }
        server.showCalls.get() shouldBe 2

        server.onShow { call, _ -> LoopbackOllamaServer.json(call, """{"error":"model 'gone' not found"}""", HttpStatusCode.NotFound) }
        shouldThrow<NotFoundException> { OllamaChatCompletionClient.discover("gone", config()) }
    }

    test("listModels reads /api/tags, from a client or from a configuration") {
        client().use { c ->
            val model = c.listModels().single()
            model.name shouldBe "gemma4"
            model.size shouldBe 9608350245L
            model.digest shouldBe "c6eb396dbd5992bbe3f5cdb947e8bbc0ee413d7c17e2beaae69f5d569cf982eb"
            model.format shouldBe "gguf"
            model.family shouldBe "gemma4"
            model.families shouldBe listOf("gemma4")
            model.parameterSize shouldBe "8.0B"
            model.quantizationLevel shouldBe "Q4_K_M"
            model.modifiedAt shouldBe Instant.parse("2025-10-04T06:34:03.409490317Z")
            OllamaChatCompletionClient.listModels(config()) shouldBe listOf(model)
        }
        server.seen.map { it.path }.distinct() shouldBe listOf("/api/tags")
        server.onTags { call -> LoopbackOllamaServer.json(call, """{"models":[]}""") }
        OllamaChatCompletionClient.listModels(config()) shouldBe emptyList()
        server.onTags { call -> LoopbackOllamaServer.json(call, "<html>not ollama</html>") }
        shouldThrow<ProtocolException> { OllamaChatCompletionClient.listModels(config()) }.message!! shouldContain "/api/tags"
    }

    test("create sends stream: false, a stream sends stream: true and accepts NDJSON; the key goes as a bearer token") {
        server.chatJson(answer("x"))
        val keyed = config(ModelInfo.ALL_CAPABILITIES).newBuilder().apiKey("ollama-" + "test-key-123").build()
        OllamaChatCompletionClient.create("llama3.2", keyed).use { c ->
            c.create(CreateRequest.of(UserMessage.of("Hi")))
            server.chatNdjson(Fixtures.text("ollama-docs-chat-stream.ndjson"))
            c.createStream(CreateRequest.of(UserMessage.of("Hi"))).toList()
        }
        val (plain, streamed) = server.chats()
        plain.body["stream"] shouldBe JsonPrimitive(false)
        streamed.body["stream"] shouldBe JsonPrimitive(true)
        streamed.headers["accept"] shouldBe "application/x-ndjson"
        plain.headers["authorization"] shouldBe "Bearer ollama-test-key-123"
    }

    test("the documented stream, written in pieces of every size from 1 to 97 bytes, decodes as it does offline") {
        val body = Fixtures.text("ollama-docs-chat-stream-tools.ndjson")
        val offline = Fixtures.decode(Fixtures.lines("ollama-docs-chat-stream-tools.ndjson"))
        client(ModelInfo.ALL_CAPABILITIES).use { c ->
            for (size in 1..97) {
                server.chatNdjson(body, size)
                val events = c.createStream(CreateRequest.of(UserMessage.of("Weather?"))).toList()
                withClue("pieces of $size bytes") {
                    events.dropLast(1) shouldBe offline.events
                    events.last() shouldBe ChatStreamEvent.Completed(offline.result)
                }
            }
            c.totalUsage.completionTokens shouldBe 97 * 15
        }
    }

    test("a tool round trip: the generated id comes back as tool_call_id, with the tool's name") {
        server.chatJson(Fixtures.text("ollama-docs-chat-nostream-tools.json"))
        client(ModelInfo.ALL_CAPABILITIES).use { c ->
            val first = createRequest { user("Weather in Tokyo?"); tool(RequestShapes.weather) }
            val result = c.create(first)
            result.finishReason shouldBe FinishReason.TOOL_CALLS
            val call = result.toolCalls.single()
            server.chatJson(answer("Sunny in Tokyo."))
            val second = first.newBuilder().message(result.toAssistantMessage())
                .message(ToolResultMessage.of(FunctionExecutionResult.of(call.id, null, "sunny, 24C"))).build()
            c.create(second).content shouldBe "Sunny in Tokyo."
            val messages = server.chats()[1].body["messages"]!!.jsonArray
            messages[1].jsonObject["tool_calls"]!!.jsonArray[0].jsonObject["id"] shouldBe JsonPrimitive(call.id)
            messages[2].jsonObject["role"] shouldBe JsonPrimitive("tool")
            messages[2].jsonObject["tool_name"] shouldBe JsonPrimitive("get_weather")
            messages[2].jsonObject["tool_call_id"] shouldBe JsonPrimitive(call.id)
        }
    }

    test("an error line in the middle of a stream is a StreamInterruptedException after the text before it") {
        server.chatNdjson(OllamaWire.line("m", "Half an ") + OllamaWire.line("m", "answer") + """{"error":"model runner has unexpectedly stopped"}""" + "\n")
        client(ModelInfo.ALL_CAPABILITIES).use { c ->
            val got = ArrayList<ChatStreamEvent>()
            val e = shouldThrow<StreamInterruptedException> { c.createStream(CreateRequest.of(UserMessage.of("Hi"))).collect { got += it } }
            e.message!! shouldContain "model runner has unexpectedly stopped"
            got shouldBe listOf(ChatStreamEvent.TextDelta("Half an "), ChatStreamEvent.TextDelta("answer"))
        }
    }

    test("a line that is not JSON in the middle of a stream is a ProtocolException") {
        server.chatNdjson(OllamaWire.line("m", "ok") + "{\"message\":{\"content\":\"bro\n" + OllamaWire.line("m", "more"))
        client(ModelInfo.ALL_CAPABILITIES).use { c ->
            shouldThrow<ProtocolException> { c.createStream(CreateRequest.of(UserMessage.of("Hi"))).toList() }.message!! shouldContain "not valid JSON"
        }
    }

    test("a stream whose body ends without done: true, or whose connection drops mid-line, is interrupted") {
        server.chatNdjson(OllamaWire.line("m", "Partial"))
        client(ModelInfo.ALL_CAPABILITIES).use { c ->
            shouldThrow<StreamInterruptedException> { c.createStream(CreateRequest.of(UserMessage.of("Hi"))).toList() }
        }
        val head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
        Raw.replying(head + Raw.chunk(OllamaWire.line("m", "First")), "40\r\n{\"model\":\"m\",\"message\":{\"content\":\"Sec").use { raw ->
            val c = OllamaChatCompletionClient.create("m", OllamaConfig.builder().baseUrl(raw.url("")).modelInfo(ModelInfo.ALL_CAPABILITIES).httpOptions(http).build())
            c.use {
                val got = ArrayList<ChatStreamEvent>()
                shouldThrow<StreamInterruptedException> { it.createStream(CreateRequest.of(UserMessage.of("Hi"))).collect { e -> got += e } }
                got shouldBe listOf(ChatStreamEvent.TextDelta("First"))
            }
        }
        // A body delimited by the connection's close, cut inside a line: the rest of the line reaches the codec.
        Raw.replying("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n" + OllamaWire.line("m", "One"), "{\"model\":\"m\",\"message\":{\"con")
            .use { raw ->
                OllamaChatCompletionClient.create("m", OllamaConfig.builder().baseUrl(raw.url("")).modelInfo(ModelInfo.ALL_CAPABILITIES).httpOptions(http).build())
                    .use {
                        shouldThrow<StreamInterruptedException> { it.createStream(CreateRequest.of(UserMessage.of("Hi"))).toList() }
                            .message!! shouldContain "cut off"
                    }
            }
    }

    test("a closed client refuses calls") {
        val c = client(ModelInfo.ALL_CAPABILITIES)
        c.close()
        shouldThrow<IllegalStateException> { c.create(CreateRequest.of(UserMessage.of("Hi"))) }
        c.toString() shouldContain "llama3.2"
    }
})

package dev.switchboard.openai

import dev.switchboard.engine.java.JavaEngineProvider
import dev.switchboard.CreateRequest
import dev.switchboard.ModelFamily
import dev.switchboard.ResponseFormat
import dev.switchboard.ToolChoice
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import dev.switchboard.spi.HttpRequestSpec
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/**
 * Every request shape the codec builds is one OpenAI's published OpenAPI spec accepts: each is sent,
 * as the codec encoded it, to Prism serving `openai-openapi.prism.yaml`, which answers 422 with the
 * violations for an invalid request. For `stream: true` only the request is validated (Prism cannot
 * mock a stream and answers 500).
 *
 * Skipped, with the reason, when Prism is not installed, unless `SWITCHBOARD_REQUIRE_PRISM=1`.
 */
class OpenAiSpecConformanceTest : FunSpec({
    val prism = PrismFixture("openai-openapi.prism.yaml", "OpenAiSpecConformanceTest")
    val enabled = prism.enabled
    fun prism(): PrismServer = prism.server()
    afterSpec { prism.close() }

    val config = OpenAiConfig.builder().apiKey("sk-conformance-test").organization("org-test").project("proj-test").build()

    /** Sends the encoded request to Prism; returns status and body. */
    fun send(spec: HttpRequestSpec, stream: Boolean): Pair<Int, String> = prism.send(spec, config.baseUrl, stream)

    fun encode(request: CreateRequest, stream: Boolean, model: String = "gpt-4o", family: ModelFamily = ModelFamily.GPT_4O) =
        OpenAiChatCodec.from(config, family).prepare(model, request, stream).spec

    val weather = RequestShapes.weather
    val clock = RequestShapes.clock
    val conversation = RequestShapes.conversation

    val shapes: List<Triple<String, CreateRequest, Pair<String, ModelFamily>>> = listOf(
        Triple("minimal", CreateRequest.of(UserMessage.of("Hi")), "gpt-4o" to ModelFamily.GPT_4O),
        Triple(
            "every sampling option",
            createRequest {
                user("Hi"); temperature(0.7); topP(0.9); maxTokens(64); stop("END", "STOP"); seed(7L); n(2)
                presencePenalty(0.5); frequencyPenalty(-0.5); logitBias("50256", -100); logprobs(true); topLogprobs(5)
                endUser("user-1"); reasoningEffort("low")
            },
            "gpt-4o" to ModelFamily.GPT_4O,
        ),
        Triple(
            "developer message and max_completion_tokens for a reasoning model",
            createRequest { system("Be brief"); user("Hi"); maxTokens(256); reasoningEffort("high") },
            "o3" to ModelFamily.O3,
        ),
        Triple("a whole conversation with images, tool calls and tool results", CreateRequest.of(conversation), "gpt-4o" to ModelFamily.GPT_4O),
        Triple("tools with tool choice auto", createRequest { user("Weather?"); tool(weather); tool(clock); toolChoice(ToolChoice.Auto); parallelToolCalls(true) }, "gpt-4o" to ModelFamily.GPT_4O),
        Triple("tool choice none", createRequest { user("Weather?"); tool(weather); toolChoice(ToolChoice.None) }, "gpt-4o" to ModelFamily.GPT_4O),
        Triple("tool choice required", createRequest { user("Weather?"); tool(weather); toolChoice(ToolChoice.Required); parallelToolCalls(false) }, "gpt-4o" to ModelFamily.GPT_4O),
        Triple("tool choice by name", createRequest { user("Weather?"); tool(weather); tool(clock); toolChoice(ToolChoice.Named("get_weather")) }, "gpt-4o" to ModelFamily.GPT_4O),
        Triple("response format text", createRequest { user("Hi"); responseFormat(ResponseFormat.Text) }, "gpt-4o" to ModelFamily.GPT_4O),
        Triple("response format json_object", createRequest { system("Answer in JSON"); user("Hi"); jsonOutput() }, "gpt-4o" to ModelFamily.GPT_4O),
        Triple(
            "response format json_schema, strict",
            createRequest {
                user("A city")
                responseFormat(ResponseFormat.jsonSchema("city", """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}"""))
            },
            "gpt-4o" to ModelFamily.GPT_4O,
        ),
        Triple(
            "response format json_schema, not strict, with a description",
            createRequest {
                user("A city")
                responseFormat(ResponseFormat.JsonSchema("city_v2", kotlinx.serialization.json.Json.parseToJsonElement("""{"type":"object"}""") as kotlinx.serialization.json.JsonObject, strict = false, description = "A city"))
            },
            "gpt-4o" to ModelFamily.GPT_4O,
        ),
        Triple("extra body fields", createRequest { user("Hi"); extraBodyJson("metadata", """{"k":"v"}"""); extraBodyJson("store", "true"); extraBodyJson("service_tier", "\"auto\"") }, "gpt-4o" to ModelFamily.GPT_4O),
    )

    for ((name, request, model) in shapes) {
        test("$name: the request is valid").config(enabledOrReasonIf = enabled) {
            val (status, body) = send(encode(request, false, model.first, model.second), stream = false)
            withClue("Prism answered $status: $body") { status shouldBe 200 }
            // Prism's answer is built from the spec's response schema: the decoder must read it.
            val result = ChatResponseDecoder("openai").decode(body.encodeToByteArray(), null)
            result.content shouldBe "string"
        }
        test("$name, streamed: the request is valid").config(enabledOrReasonIf = enabled) {
            val (status, body) = send(encode(request, true, model.first, model.second), stream = true)
            withClue("Prism answered $status: $body") { (status != 422 && status != 401 && status != 400) shouldBe true }
        }
    }

    test("through the real client: a request with every option is accepted and Prism's answer decodes").config(enabledOrReasonIf = enabled) {
        val p = prism()
        val client = OpenAiChatCompletionClient.create(
            "gpt-4o",
            config.newBuilder().baseUrl(p.baseUrl)
                .httpOptions(dev.switchboard.HttpOptions.builder().engine(JavaEngineProvider).maxRetries(0).build()).build(),
        )
        client.use { c ->
            val request = CreateRequest.of(conversation).newBuilder().tool(weather).tool(clock).toolChoice(ToolChoice.Auto)
                .temperature(0.3).maxTokens(100).seed(1L).logprobs(true).topLogprobs(2).build()
            val result = kotlinx.coroutines.runBlocking { c.create(request) }
            result.content shouldBe "string"
            // A stream request is validated too; Prism cannot mock the stream itself and answers 500.
            val streamed = runCatching { kotlinx.coroutines.runBlocking { c.createStream(request).collect { } } }.exceptionOrNull()
            withClue("stream failure: $streamed") { (streamed is dev.switchboard.ServerException && streamed.statusCode == 500) shouldBe true }
        }
    }

    test("the validator is live: a request outside the spec gets 422").config(enabledOrReasonIf = enabled) {
        val (status, body) = send(encode(createRequest { user("Hi"); extraBodyJson("temperature", "5") }, false), stream = false)
        status shouldBe 422
        body shouldContain "temperature"
        val (noAuth, _) = prism().let {
            val spec = encode(CreateRequest.of(UserMessage.of("Hi")), false)
            send(HttpRequestSpec(spec.url, spec.body, emptyMap()), stream = false)
        }
        noAuth shouldBe 401
    }
})

package dev.switchboard.openai

import dev.switchboard.AssistantMessage
import dev.switchboard.CreateRequest
import dev.switchboard.FunctionCall
import dev.switchboard.ModelFamily
import dev.switchboard.ResponseFormat
import dev.switchboard.ThoughtBlock
import dev.switchboard.ToolChoice
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import dev.switchboard.spi.HttpRequestSpec
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith

/**
 * Every request shape the Responses codec builds is one OpenAI's published OpenAPI spec accepts for `POST /responses`:
 * each is sent, as the codec encoded it, to Prism serving `openai-openapi.prism.yaml`, which answers 422 with the
 * violations for an invalid request. Streamed requests are validated too (Prism cannot mock the stream itself).
 *
 * Skipped, with the reason, when Prism is not installed, unless `SWITCHBOARD_REQUIRE_PRISM=1`.
 */
class ResponsesSpecConformanceTest : FunSpec({
    // One correction of the spec: an input item is `oneOf` EasyInputMessage, Item (InputMessage among them) and others,
    // but EasyInputMessage accepts everything InputMessage does (a superset of its roles and content, no
    // additionalProperties: false), so every message whose content is a list of parts (text and images) matches both
    // and a validator rejects it, whatever it holds. OpenAI's server chooses by `type`, the discriminator, which
    // validators do not use; `anyOf` keeps every other check.
    val prism = PrismFixture("openai-openapi.prism.yaml", "ResponsesSpecConformanceTest") { spec ->
        spec.replace("    InputItem:\n      oneOf:\n        - \$ref: '#/components/schemas/EasyInputMessage'", "    InputItem:\n      anyOf:\n        - \$ref: '#/components/schemas/EasyInputMessage'")
    }
    val enabled = prism.enabled
    afterSpec { prism.close() }

    val config = OpenAiConfig.builder().apiKey("test-conformance-key").organization("org-test").api(OpenAiApi.RESPONSES).build()

    fun encode(request: CreateRequest, stream: Boolean, model: String = "gpt-4o", family: ModelFamily = ModelFamily.GPT_4O, c: OpenAiConfig = config) =
        OpenAiResponsesCodec.from(c, family).prepare(model, request, stream).spec

    fun send(spec: HttpRequestSpec, stream: Boolean): Pair<Int, String> = prism.send(spec, config.baseUrl, stream)

    val weather = RequestShapes.weather
    val clock = RequestShapes.clock
    val reasoningTurn = AssistantMessage(
        null, listOf(FunctionCall("call_9", "now", "{}")),
        thoughtBlocks = listOf(ThoughtBlock("Checking the clock", "rs_9", "gAAAA-encrypted"), ThoughtBlock("", "rs_10")),
    )
    val summarising = config.newBuilder().store(false).reasoningSummary("auto").build()

    class Shape(val name: String, val request: CreateRequest, val model: String = "gpt-4o", val family: ModelFamily = ModelFamily.GPT_4O, val c: OpenAiConfig = config)

    val shapes = listOf(
        Shape("minimal", CreateRequest.of(UserMessage.of("Hi"))),
        Shape("sampling options, logprobs and a user", createRequest { user("Hi"); temperature(0.7); topP(0.9); maxTokens(64); logprobs(true); topLogprobs(5); endUser("user-1") }),
        Shape("instructions, a whole conversation with images, tool calls and results", CreateRequest.of(RequestShapes.conversation)),
        Shape(
            "reasoning items sent back, effort and summary, store false",
            CreateRequest.of(RequestShapes.conversation + reasoningTurn + dev.switchboard.ToolResultMessage.of(dev.switchboard.FunctionExecutionResult.of("call_9", "now", "noon")))
                .newBuilder().reasoningEffort("high").maxTokens(2048).build(),
            "o3", ModelFamily.O3, summarising,
        ),
        Shape("tools with tool choice auto", createRequest { user("Weather?"); tool(weather); tool(clock); toolChoice(ToolChoice.Auto); parallelToolCalls(true) }),
        Shape("tool choice none", createRequest { user("Weather?"); tool(weather); toolChoice(ToolChoice.None) }),
        Shape("tool choice required", createRequest { user("Weather?"); tool(weather); toolChoice(ToolChoice.Required); parallelToolCalls(false) }),
        Shape("tool choice by name", createRequest { user("Weather?"); tool(weather); tool(clock); toolChoice(ToolChoice.Named("get_weather")) }),
        Shape("text format text", createRequest { user("Hi"); responseFormat(ResponseFormat.Text) }),
        Shape("text format json_object", createRequest { system("Answer in JSON"); user("Hi"); jsonOutput() }),
        Shape(
            "text format json_schema, strict",
            createRequest {
                user("A city")
                responseFormat(ResponseFormat.jsonSchema("city", """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}"""))
            },
        ),
        Shape(
            "text format json_schema, not strict, with a description",
            createRequest {
                user("A city")
                responseFormat(ResponseFormat.JsonSchema("city_v2", kotlinx.serialization.json.Json.parseToJsonElement("""{"type":"object"}""") as kotlinx.serialization.json.JsonObject, strict = false, description = "A city"))
            },
        ),
        Shape("previous_response_id and store", createRequest { user("And then?"); previousResponseId("resp_123"); store(true) }),
    )

    for (shape in shapes) {
        test("${shape.name}: the request is valid").config(enabledOrReasonIf = enabled) {
            val (status, body) = send(encode(shape.request, false, shape.model, shape.family, shape.c), stream = false)
            withClue("Prism answered $status: $body") { status shouldBe 200 }
            // Prism's answer is built from the spec's response schema: the decoder must read it.
            val result = ResponsesResponseDecoder("openai").decode(body.encodeToByteArray(), null)
            withClue("decoded from $body") { result.id shouldStartWith "resp_" }
        }
        test("${shape.name}, streamed: the request is valid").config(enabledOrReasonIf = enabled) {
            val (status, body) = send(encode(shape.request, true, shape.model, shape.family, shape.c), stream = true)
            withClue("Prism answered $status: $body") { (status != 422 && status != 401 && status != 400) shouldBe true }
        }
    }

    test("through the real client: a conversation with reasoning items is accepted and Prism's answer decodes").config(enabledOrReasonIf = enabled) {
        val client = OpenAiChatCompletionClient.create(
            "o3",
            summarising.newBuilder().baseUrl(prism.server().baseUrl)
                .httpOptions(dev.switchboard.HttpOptions.builder().engine(dev.switchboard.engine.java.JavaEngineProvider).maxRetries(0).build()).build(),
        )
        client.use { c ->
            val request = CreateRequest.of(RequestShapes.conversation + reasoningTurn +
                dev.switchboard.ToolResultMessage.of(dev.switchboard.FunctionExecutionResult.of("call_9", "now", "noon")))
                .newBuilder().tool(weather).tool(clock).toolChoice(ToolChoice.Auto).reasoningEffort("medium").maxTokens(512).build()
            val result = kotlinx.coroutines.runBlocking { c.create(request) }
            result.id shouldStartWith "resp_"
            // A stream request is validated too; Prism cannot mock the stream itself and answers 500.
            val streamed = runCatching { kotlinx.coroutines.runBlocking { c.createStream(request).collect { } } }.exceptionOrNull()
            withClue("stream failure: $streamed") { (streamed is dev.switchboard.ServerException && streamed.statusCode == 500) shouldBe true }
        }
    }

    test("the validator is live for /responses: a request outside the spec gets 422").config(enabledOrReasonIf = enabled) {
        val (status, body) = send(encode(createRequest { user("Hi"); extraBodyJson("max_output_tokens", "8") }, false), stream = false)
        status shouldBe 422
        body shouldContain "max_output_tokens"
    }
})

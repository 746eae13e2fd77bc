package dev.switchboard.anthropic

import dev.switchboard.BadRequestException
import dev.switchboard.CacheMarker
import dev.switchboard.CreateRequest
import dev.switchboard.FunctionCall
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.ModelInfo
import dev.switchboard.ResponseFormat
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.Tool
import dev.switchboard.ToolChoice
import dev.switchboard.UserMessage
import dev.switchboard.AssistantMessage
import dev.switchboard.createRequest
import dev.switchboard.spi.HttpRequestSpec
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.time.Duration

class MessagesRequestEncoderTest : FunSpec({
    val key = "sk-ant-" + "encoder-test-key"
    val spec = SpecValidator.vendored()

    fun config(configure: AnthropicConfig.Builder.() -> Unit = {}) = AnthropicConfig.builder().apiKey(key).apply(configure).build()

    fun spec(request: CreateRequest, model: String = "claude-sonnet-4-5", stream: Boolean = false, config: AnthropicConfig = config()): HttpRequestSpec {
        val info = AnthropicChatCompletionClient.resolveModelInfo(model, config)
        return AnthropicChatCodec.from(config, model, info).prepare(model, request, stream).spec
    }

    fun body(request: CreateRequest, model: String = "claude-sonnet-4-5", stream: Boolean = false, config: AnthropicConfig = config()): JsonObject =
        Json.parseToJsonElement(spec(request, model, stream, config).body!!.decodeToString()).jsonObject

    fun json(text: String): JsonElement = Json.parseToJsonElement(text)

    /** The body checked against the spec: the GA request schema, with the fields newer than the vendored spec checked as documented. */
    fun conforms(body: JsonObject) {
        val validator = spec
        val rest = LinkedHashMap(body)
        // output_config.format moved from the beta `output_format` (same shape) after this spec was cut.
        (rest.remove("output_config") as? JsonObject)?.let { config ->
            withClue("output_config") { config.keys shouldBe setOf("format") }
            withClue("output_config.format") { validator.validate(config["format"]!!, "BetaJsonOutputFormat").shouldBeEmpty() }
        }
        // Strict tools are in the spec's beta Tool; check those against it and the others against the GA one.
        val tools = (rest["tools"] as? kotlinx.serialization.json.JsonArray)?.map { it.jsonObject }
        tools?.forEach { t -> withClue("tool ${t["name"]}") { validator.validate(t, if ("strict" in t) "BetaTool" else "Tool").shouldBeEmpty() } }
        rest.remove("tools")
        withClue(JsonObject(rest).toString()) { validator.validate(JsonObject(rest), "CreateMessageParams").shouldBeEmpty() }
    }

    test("the spec check finds an unknown field, a missing one, a wrong constant and a value out of range") {
        val good = json("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text","text":"x"}]}]}""").jsonObject
        spec.validate(good, "CreateMessageParams").shouldBeEmpty()
        fun broken(change: MutableMap<String, JsonElement>.() -> Unit) =
            spec.validate(JsonObject(LinkedHashMap(good).apply(change)), "CreateMessageParams")
        broken { put("maxTokens", JsonPrimitive(5)) }.single() shouldContain "'maxTokens', which the spec does not know"
        broken { remove("max_tokens") }.single() shouldContain "lacks the required 'max_tokens'"
        broken { put("temperature", JsonPrimitive(1.5)) }.single() shouldContain "above 1"
        broken { put("messages", json("""[{"role":"user","content":[{"type":"text","text":"x","cache_control":{"type":"forever"}}]}]""")) }
            .single() shouldContain "forever"
        broken { put("messages", json("""[{"role":"user","content":[{"type":"thinking","thinking":"x"}]}]""")) }
            .single() shouldContain "lacks the required 'signature'"
    }

    test("the conversation of every message shape encodes to the pinned blocks, and the spec accepts them") {
        val b = body(CreateRequest.of(RequestShapes.conversation))
        b["system"] shouldBe json(RequestShapes.CONVERSATION_JSON).jsonObject["system"]
        b["messages"] shouldBe json(RequestShapes.CONVERSATION_JSON).jsonObject["messages"]
        b["model"] shouldBe JsonPrimitive("claude-sonnet-4-5")
        b["max_tokens"] shouldBe JsonPrimitive(32_000)
        conforms(b)
    }

    test("sampling options, stop sequences, the end user and the stream flag go by their spec names") {
        val b = body(createRequest { user("Hi"); temperature(0.7); topP(0.9); topK(40); maxTokens(256); stop("END", "STOP"); endUser("user-1") }, stream = true)
        b shouldBe json(
            """{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],"max_tokens":256,
               "metadata":{"user_id":"user-1"},"stop_sequences":["END","STOP"],"stream":true,"temperature":0.7,"top_p":0.9,"top_k":40}""",
        )
        conforms(b)
    }

    test("max_tokens defaults to the model's output limit capped at 32,000, or the configured default") {
        body(CreateRequest.of(UserMessage.of("Hi")), model = "claude-3-5-haiku-20241022")["max_tokens"] shouldBe JsonPrimitive(8_192)
        body(CreateRequest.of(UserMessage.of("Hi")), model = "claude-opus-4-1")["max_tokens"] shouldBe JsonPrimitive(32_000)
        body(CreateRequest.of(UserMessage.of("Hi")), model = "claude-next-unknown")["max_tokens"] shouldBe JsonPrimitive(4_096)
        body(CreateRequest.of(UserMessage.of("Hi")), config = config { defaultMaxTokens(1000) })["max_tokens"] shouldBe JsonPrimitive(1000)
    }

    test("extended thinking with a budget; the default output limit makes room for it within the model's maximum") {
        val b = body(createRequest { user("Hard sum"); thinkingBudget(10_000) })
        b["thinking"] shouldBe json("""{"type":"enabled","budget_tokens":10000}""")
        b["max_tokens"] shouldBe JsonPrimitive(42_000)
        conforms(b)
        body(createRequest { user("x"); thinkingBudget(20_000) }, model = "claude-opus-4-1")["max_tokens"] shouldBe JsonPrimitive(32_000)
        body(createRequest { user("x"); reasoningEffort("low") })["thinking"] shouldBe json("""{"type":"enabled","budget_tokens":2048}""")
        body(createRequest { user("x"); reasoningEffort("HIGH"); maxTokens(20_000) })["max_tokens"] shouldBe JsonPrimitive(20_000)
    }

    test("thinking the API cannot take is refused before sending, saying why") {
        shouldThrow<BadRequestException> { body(createRequest { user("x"); thinkingBudget(512) }) }.message shouldContain "at least 1024"
        shouldThrow<BadRequestException> { body(createRequest { user("x"); thinkingBudget(4000); maxTokens(4000) }) }.message shouldContain
            "must be less than the output limit"
        shouldThrow<BadRequestException> { body(createRequest { user("x"); thinkingBudget(2000) }, model = "claude-3-5-haiku") }.message shouldContain
            "cannot think"
        val e = shouldThrow<BadRequestException> { body(createRequest { user("x"); reasoningEffort("extreme") }) }
        e.message shouldContain "Unknown reasoning effort 'extreme'"
        e.statusCode shouldBe 0
    }

    test("options the Messages API lacks are refused before sending, each named") {
        val cases = mapOf<String, CreateRequest.Builder.() -> Unit>(
            "n (several choices" to { n(2) },
            "seed" to { seed(1L) },
            "presence penalty" to { presencePenalty(0.1) },
            "frequency penalty" to { frequencyPenalty(0.1) },
            "logit bias" to { logitBias("1", 1) },
            "log probabilities" to { logprobs(true) },
            "temperature between 0 and 1" to { temperature(1.5) },
        )
        for ((what, option) in cases) withClue(what) {
            shouldThrow<BadRequestException> { body(createRequest { user("x"); option() }) }.message shouldContain what
        }
        body(createRequest { user("x"); n(1); temperature(1.0) })["temperature"] shouldBe JsonPrimitive(1.0)
    }

    test("tools with their cache marker, and every tool choice, by the spec's names") {
        val base = CreateRequest.builder().user("Weather?").tool(RequestShapes.weather).tool(RequestShapes.clock)
        val b = body(base.build())
        b["tools"] shouldBe json(
            """[{"name":"get_weather","description":"Weather in a city","input_schema":${RequestShapes.weather.parameters},
                "strict":true,"cache_control":{"type":"ephemeral"}},
               {"name":"now","description":"The current time","input_schema":{"type":"object","properties":{}}}]""",
        )
        b["tool_choice"] shouldBe null
        conforms(b)
        val choices = mapOf(
            ToolChoice.auto() to """{"type":"auto"}""",
            ToolChoice.none() to """{"type":"none"}""",
            ToolChoice.required() to """{"type":"any"}""",
            ToolChoice.named("now") to """{"type":"tool","name":"now"}""",
        )
        for ((choice, expected) in choices) withClue(choice) {
            val encoded = body(base.newBuilderCopy().toolChoice(choice).build())
            encoded["tool_choice"] shouldBe json(expected)
            conforms(encoded)
        }
        body(base.newBuilderCopy().parallelToolCalls(false).build())["tool_choice"] shouldBe
            json("""{"type":"auto","disable_parallel_tool_use":true}""")
        body(base.newBuilderCopy().toolChoice(ToolChoice.required()).parallelToolCalls(false).build())["tool_choice"] shouldBe
            json("""{"type":"any","disable_parallel_tool_use":true}""")
        // Strict tool use comes with native structured output: Claude Opus 4.1 has neither.
        body(base.build(), model = "claude-opus-4-1")["tools"]!!.jsonArray[0].jsonObject["strict"] shouldBe null
    }

    test("a JSON schema is native output_config.format on models that have it") {
        val schema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}"""
        val b = body(createRequest { user("JSON please"); responseFormat(ResponseFormat.jsonSchema("place", schema)) })
        b["output_config"] shouldBe json("""{"format":{"type":"json_schema","schema":$schema}}""")
        b["tools"] shouldBe null
        b["tool_choice"] shouldBe null
        conforms(b)
    }

    test("elsewhere a JSON schema is a forced call of the structured_output tool, alone or among the request's tools") {
        val schema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""
        val format = ResponseFormat.JsonSchema("place", json(schema).jsonObject, description = "A place")
        val b = body(createRequest { user("JSON please"); responseFormat(format) }, model = "claude-opus-4-1")
        b["output_config"] shouldBe null
        b["tools"] shouldBe json(
            """[{"name":"structured_output","description":"Give the answer by calling this tool: its input is the answer, a 'place' JSON object. A place",
                 "input_schema":$schema}]""",
        )
        b["tool_choice"] shouldBe json("""{"type":"tool","name":"structured_output"}""")
        conforms(b)
        val withTools = body(createRequest { user("x"); tool(RequestShapes.clock); responseFormat(format) }, model = "claude-opus-4-1")
        withTools["tool_choice"] shouldBe json("""{"type":"any"}""")
        withTools["tools"]!!.jsonArray.map { it.jsonObject["name"] } shouldBe listOf(JsonPrimitive("now"), JsonPrimitive("structured_output"))
        body(createRequest { user("x"); tool(RequestShapes.clock); toolChoice(ToolChoice.named("now")); responseFormat(format) }, model = "claude-opus-4-1")["tool_choice"] shouldBe
            json("""{"type":"tool","name":"now"}""")
        // Any-JSON output is the same tool with an open object schema, on every model; the config can choose the tool too.
        body(createRequest { user("x"); jsonOutput() })["tools"]!!.jsonArray.single().jsonObject["input_schema"] shouldBe json("""{"type":"object"}""")
        body(createRequest { user("x"); responseFormat(format) }, config = config { nativeStructuredOutput(false) })["tool_choice"] shouldBe
            json("""{"type":"tool","name":"structured_output"}""")
        body(createRequest { user("x"); responseFormat(format) }, model = "claude-opus-4-1", config = config { nativeStructuredOutput(true) })["output_config"] shouldBe
            json("""{"format":{"type":"json_schema","schema":$schema}}""")
    }

    test("a forced structured answer that cannot work is refused before sending") {
        val format = ResponseFormat.jsonSchema("place", """{"type":"object","properties":{}}""")
        val m = "claude-opus-4-1"
        shouldThrow<BadRequestException> { body(createRequest { user("x"); responseFormat(format); thinkingBudget(2048) }, model = m) }.message shouldContain
            "does not allow with extended thinking"
        shouldThrow<BadRequestException> { body(createRequest { user("x"); tool(RequestShapes.clock); toolChoice(ToolChoice.none()); responseFormat(format) }, model = m) }
            .message shouldContain "toolChoice None forbids"
        shouldThrow<BadRequestException> {
            body(createRequest { user("x"); tool(Tool.withoutParameters("structured_output", null)); responseFormat(format) }, model = m)
        }.message shouldContain "rename the tool"
        shouldThrow<BadRequestException> { body(createRequest { user("x"); responseFormat(ResponseFormat.jsonSchema("l", """{"type":"array"}""")) }, model = m) }
            .message shouldContain "\"type\": \"object\""
    }

    test("messages the API cannot take are refused before sending, saying what to do") {
        shouldThrow<BadRequestException> { body(CreateRequest.of(UserMessage.of("Hi"), SystemMessage.of("late"))) }.message shouldContain
            "move it to the start"
        shouldThrow<BadRequestException> { body(CreateRequest.of(SystemMessage.of("only"))) }.message shouldContain "at least one user or assistant"
        shouldThrow<BadRequestException> { body(CreateRequest.of(UserMessage.of(""))) }.message shouldContain "only empty text"
        shouldThrow<BadRequestException> {
            body(CreateRequest.of(UserMessage.of(TextPart("x"), ImagePart(Image.fromBytes(byteArrayOf(1, 2), "image/bmp")))))
        }.message shouldContain "image/bmp"
        shouldThrow<BadRequestException> {
            body(CreateRequest.of(UserMessage.of("x"), AssistantMessage.ofToolCalls(listOf(FunctionCall("toolu_9", "now", "{\"cut")))))
        }.message shouldContain "not a JSON object"
        shouldThrow<BadRequestException> { body(CreateRequest.of(UserMessage.of("x").withCache(CacheMarker.withTtl(Duration.ofMinutes(10))))) }
            .message shouldContain "5 minutes or 1 hour"
    }

    test("extra body fields are merged last and override modelled ones") {
        val b = body(createRequest { user("x"); maxTokens(10); extraBodyJson("max_tokens", "99"); extraBodyJson("service_tier", "\"auto\"") })
        b["max_tokens"] shouldBe JsonPrimitive(99)
        b["service_tier"] shouldBe JsonPrimitive("auto")
        conforms(b)
    }

    test("the request goes to /v1/messages with x-api-key, anthropic-version and the betas of config and request merged") {
        val cfg = config { beta("context-1m-2025-08-07"); header("X-Team", "search"); header("anthropic-beta", "files-api-2025-04-14") }
        val s = spec(createRequest { user("x"); header("anthropic-beta", "interleaved-thinking-2025-05-14, context-1m-2025-08-07"); header("X-Trace", "t1") }, config = cfg)
        s.url shouldBe "https://api.anthropic.com/v1/messages"
        s.method shouldBe "POST"
        s.headers["x-api-key"] shouldBe key
        s.headers["anthropic-version"] shouldBe "2023-06-01"
        s.headers["anthropic-beta"] shouldBe "context-1m-2025-08-07,files-api-2025-04-14,interleaved-thinking-2025-05-14"
        s.headers["X-Team"] shouldBe "search"
        s.headers["X-Trace"] shouldBe "t1"
        s.headers.keys.count { it.equals("anthropic-beta", true) } shouldBe 1
        val plain = spec(CreateRequest.of(UserMessage.of("x")), config = config { version("2024-01-01"); baseUrl("http://127.0.0.1:9/anthropic/?k=v") })
        plain.headers["anthropic-beta"] shouldBe null
        plain.headers["anthropic-version"] shouldBe "2024-01-01"
        plain.url shouldBe "http://127.0.0.1:9/anthropic/v1/messages?k=v"
    }

    test("a declared ModelInfo's output limit sets the default max_tokens") {
        val info = ModelInfo.builder().vision(true).functionCalling(true).maxOutputTokens(2048).build()
        body(CreateRequest.of(UserMessage.of("x")), model = "claude-private", config = config { modelInfo(info) })["max_tokens"] shouldBe JsonPrimitive(2048)
    }
    test("thought blocks go back only when they are Anthropic's or of no known origin: another API's would be rejected") {
        val own = dev.switchboard.ThoughtBlock("mine", "sig-own", null, "anthropic")
        val unknown = dev.switchboard.ThoughtBlock.signed("by hand", "sig-hand")
        val responses = dev.switchboard.ThoughtBlock("a summary", "rs_1", "gAAAA-encrypted", "openai-responses")
        val gemini = dev.switchboard.ThoughtBlock("", "gemini-signature", null, "gemini")
        val request = CreateRequest.of(listOf(UserMessage.of("Hi"), AssistantMessage("Hello", thoughtBlocks = listOf(own, responses, unknown, gemini)), UserMessage.of("Go on")))
        val assistant = body(request)["messages"]!!.jsonArray[1].jsonObject["content"]!!.jsonArray.map { it.jsonObject }
        assistant.map { it["type"]!!.jsonPrimitive.content } shouldBe listOf("thinking", "thinking", "text")
        assistant.map { it["signature"]?.jsonPrimitive?.content } shouldBe listOf("sig-own", "sig-hand", null)
    }
})

/** A copy of this builder, so that one base can be varied per case. */
private fun CreateRequest.Builder.newBuilderCopy(): CreateRequest.Builder = build().newBuilder()

package dev.switchboard.openai

import dev.switchboard.CreateRequest
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.ModelFamily
import dev.switchboard.ResponseFormat
import dev.switchboard.Tool
import dev.switchboard.ToolChoice
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonPrimitive

/** The exact JSON and headers the codec sends for each option. */
class ChatRequestEncoderTest : FunSpec({
    val config = OpenAiConfig.builder().apiKey("sk-test-123").build()
    val codec = OpenAiChatCodec.from(config, ModelFamily.GPT_4O)

    fun body(request: CreateRequest, stream: Boolean = false, c: OpenAiChatCodec = codec, model: String = "gpt-4o"): JsonElement =
        Json.parseToJsonElement(c.prepare(model, request, stream).spec.body!!.decodeToString())

    fun json(text: String): JsonElement = Json.parseToJsonElement(text)

    val weather = RequestShapes.weather

    test("the smallest request: model and one user message, nothing else") {
        body(CreateRequest.of(UserMessage.of("Hi"))) shouldBe json("""{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}""")
    }

    test("URL, headers and content type") {
        val spec = OpenAiChatCodec.from(
            config.newBuilder().organization("org-1").project("proj-1").header("X-Trace", "t1").build(), ModelFamily.GPT_4O,
        ).prepare("gpt-4o", createRequest { user("Hi"); header("X-Trace", "t2"); header("X-Call", "c") }, false).spec
        spec.url shouldBe "https://api.openai.com/v1/chat/completions"
        spec.method shouldBe "POST"
        spec.contentType shouldBe "application/json"
        spec.headers shouldBe mapOf(
            "Authorization" to "Bearer sk-test-123", "OpenAI-Organization" to "org-1", "OpenAI-Project" to "proj-1",
            "X-Trace" to "t2", "X-Call" to "c",
        )
        spec.toString() shouldNotContain "sk-test-123"
    }

    test("no Authorization header without a key; the base URL's trailing slash is dropped") {
        val spec = OpenAiChatCodec.from(OpenAiConfig.builder().baseUrl("http://localhost:11434/v1/").build(), ModelFamily.LLAMA)
            .prepare("llama3", CreateRequest.of(UserMessage.of("Hi")), false).spec
        spec.url shouldBe "http://localhost:11434/v1/chat/completions"
        spec.headers shouldBe emptyMap()
    }

    test("a base URL with a query (Azure-style api-version) keeps the query after the path") {
        val azure = OpenAiConfig.builder().apiKey("sk-test-123")
            .baseUrl("https://res.openai.azure.com/openai/deployments/gpt-4o/?api-version=2024-10-21").build()
        OpenAiChatCodec.from(azure, ModelFamily.GPT_4O).prepare("gpt-4o", CreateRequest.of(UserMessage.of("Hi")), false).spec.url shouldBe
            "https://res.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"
    }

    test("every sampling option") {
        val request = createRequest {
            user("Hi")
            temperature(0.5); topP(0.9); maxTokens(100); stop("END", "STOP"); seed(42L); n(2)
            presencePenalty(0.1); frequencyPenalty(-0.2); logitBias("50256", -100); logitBias("1234", 5)
            logprobs(true); topLogprobs(3); reasoningEffort("low"); endUser("user-7"); parallelToolCalls(false)
        }
        body(request) shouldBe json(
            """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"temperature":0.5,"top_p":0.9,"max_completion_tokens":100,
            "stop":["END","STOP"],"seed":42,"n":2,"presence_penalty":0.1,"frequency_penalty":-0.2,
            "logit_bias":{"50256":-100,"1234":5},"logprobs":true,"top_logprobs":3,"parallel_tool_calls":false,
            "reasoning_effort":"low","user":"user-7"}""",
        )
    }

    test("topK goes as top_k (vLLM, Together, OpenRouter, Fireworks take it; OpenAI itself answers 400), and extraBody still wins") {
        body(createRequest { user("Hi"); topK(40) }) shouldBe json("""{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"top_k":40}""")
        body(createRequest { user("Hi"); topK(40); extraBody("top_k", JsonPrimitive(7)) }) shouldBe
            json("""{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"top_k":7}""")
    }

    test("a thinking budget is refused before sending, pointing at reasoningEffort") {
        val e = io.kotest.assertions.throwables.shouldThrow<dev.switchboard.BadRequestException> {
            body(createRequest { user("Hi"); thinkingBudget(2048) })
        }
        e.statusCode shouldBe 0
        e.message!! shouldContain "reasoningEffort"
    }

    test("max_completion_tokens on OpenAI's own endpoint (max_tokens is deprecated there) and for reasoning families elsewhere") {
        val request = createRequest { user("Hi"); maxTokens(50) }
        val gateway = config.newBuilder().baseUrl("https://gateway.example.com/v1").build()
        body(request) shouldBe
            json("""{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":50}""")
        body(request, c = OpenAiChatCodec.from(gateway, ModelFamily.GPT_4O)) shouldBe
            json("""{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"max_tokens":50}""")
        body(request, c = OpenAiChatCodec.from(gateway, ModelFamily.O3), model = "o3") shouldBe
            json("""{"model":"o3","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":50}""")
    }

    test("max_completion_tokens for reasoning families, or when chosen; max_tokens when turned off") {
        val request = createRequest { user("Hi"); maxTokens(50) }
        body(request, c = OpenAiChatCodec.from(config, ModelFamily.O3), model = "o3") shouldBe
            json("""{"model":"o3","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":50}""")
        body(request, c = OpenAiChatCodec.from(config, ModelFamily.GPT_5), model = "gpt-5") shouldBe
            json("""{"model":"gpt-5","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":50}""")
        body(request, c = OpenAiChatCodec.from(config.newBuilder().baseUrl("https://gateway.example.com/v1").useMaxCompletionTokens(true).build(), ModelFamily.GPT_4O)) shouldBe
            json("""{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":50}""")
        body(request, c = OpenAiChatCodec.from(config.newBuilder().useMaxCompletionTokens(false).build(), ModelFamily.O1), model = "o1") shouldBe
            json("""{"model":"o1","messages":[{"role":"user","content":"Hi"}],"max_tokens":50}""")
    }

    test("system messages go as developer messages to OpenAI's reasoning families, as system ones elsewhere or when chosen") {
        val request = createRequest { system("Be brief"); user("Hi") }
        fun role(c: OpenAiChatCodec, model: String) =
            ((body(request, c = c, model = model) as kotlinx.serialization.json.JsonObject)["messages"] as kotlinx.serialization.json.JsonArray)
                .first().let { (it as kotlinx.serialization.json.JsonObject)["role"] }
        role(OpenAiChatCodec.from(config, ModelFamily.O1), "o1") shouldBe JsonPrimitive("developer")
        role(OpenAiChatCodec.from(config, ModelFamily.O3), "o3-mini") shouldBe JsonPrimitive("developer")
        role(OpenAiChatCodec.from(config, ModelFamily.GPT_5), "gpt-5") shouldBe JsonPrimitive("developer")
        role(codec, "gpt-4o") shouldBe JsonPrimitive("system")
        role(OpenAiChatCodec.from(config.newBuilder().useDeveloperRole(false).build(), ModelFamily.O3), "o3") shouldBe JsonPrimitive("system")
        role(OpenAiChatCodec.from(config.newBuilder().useDeveloperRole(true).build(), ModelFamily.GPT_4O), "gpt-4o") shouldBe JsonPrimitive("developer")
        // a preset's server may not know the developer role, whatever the model's name says
        role(OpenAiChatCodec.from(OpenAiCompatible.OPENROUTER.config { name -> if (name == "OPENROUTER_API_KEY") "key-1234567890" else null }.build(), ModelFamily.O3), "openai/o3") shouldBe
            JsonPrimitive("system")
    }

    test("a whole conversation: system, named user, images, assistant tool calls, one tool message per result") {
        body(CreateRequest.of(RequestShapes.conversation)) shouldBe json(
            """{"model":"gpt-4o","messages":[
              {"role":"system","content":"Be brief"},
              {"role":"user","name":"alice","content":[
                {"type":"text","text":"What is in these pictures, and what is the weather?"},
                {"type":"image_url","image_url":{"url":"https://example.com/a.png"}},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==","detail":"low"}},
                {"type":"image_url","image_url":{"url":"https://example.com/b.jpg","detail":"high"}}]},
              {"role":"assistant","content":"Let me check","tool_calls":[
                {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\",\"unit\":\"c\"}"}},
                {"id":"call_2","type":"function","function":{"name":"now","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"18C"},
              {"role":"tool","tool_call_id":"call_2","content":"clock broken"},
              {"role":"assistant","tool_calls":[{"id":"call_3","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\",\"unit\":\"c\"}"}}]},
              {"role":"tool","tool_call_id":"call_3","content":"25C"},
              {"role":"assistant","content":""},
              {"role":"assistant","name":"bot","content":"It is 18C in Paris."},
              {"role":"user","content":"Thanks. Now as JSON."}
            ]}""",
        )
    }

    test("an assistant message with tool calls and empty text sends no content, as the spec allows; without calls it sends \"\"") {
        val call = dev.switchboard.FunctionCall("call_1", "get_weather", "{}")
        val request = CreateRequest.of(
            UserMessage.of("Weather?"),
            dev.switchboard.AssistantMessage("", listOf(call)),
            dev.switchboard.AssistantMessage.ofToolCalls(listOf(call)),
            dev.switchboard.AssistantMessage(""),
        )
        body(request) shouldBe json(
            """{"model":"gpt-4o","messages":[{"role":"user","content":"Weather?"},
              {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
              {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
              {"role":"assistant","content":""}]}""",
        )
    }

    test("a user message of one image is sent as parts") {
        body(CreateRequest.of(UserMessage.of(ImagePart(Image.fromUrl("https://example.com/a.png"))))) shouldBe json(
            """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}""",
        )
    }

    test("tools, strict and not") {
        val plain = Tool.withoutParameters("now", null)
        body(createRequest { user("Hi"); tool(weather); tool(plain) }) shouldBe json(
            """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"tools":[
              {"type":"function","function":{"name":"get_weather","description":"Weather in a city","strict":true,
                "parameters":{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["c","f"]}},
                "required":["city","unit"],"additionalProperties":false}}},
              {"type":"function","function":{"name":"now","parameters":{"type":"object","properties":{}}}}]}""",
        )
    }

    test("each tool choice") {
        fun choice(c: ToolChoice): JsonElement? =
            (body(createRequest { user("Hi"); tool(weather); toolChoice(c) }) as kotlinx.serialization.json.JsonObject)["tool_choice"]
        choice(ToolChoice.Auto) shouldBe JsonPrimitive("auto")
        choice(ToolChoice.None) shouldBe JsonPrimitive("none")
        choice(ToolChoice.Required) shouldBe JsonPrimitive("required")
        choice(ToolChoice.Named("get_weather")) shouldBe json("""{"type":"function","function":{"name":"get_weather"}}""")
    }

    test("response formats: text, json_object, json_schema with name, description and strict") {
        fun format(f: ResponseFormat): JsonElement? =
            (body(createRequest { user("Hi"); responseFormat(f) }) as kotlinx.serialization.json.JsonObject)["response_format"]
        format(ResponseFormat.Text) shouldBe json("""{"type":"text"}""")
        format(ResponseFormat.JsonObjectFormat) shouldBe json("""{"type":"json_object"}""")
        format(ResponseFormat.jsonSchema("city", """{"type":"object","properties":{"name":{"type":"string"}}}""")) shouldBe json(
            """{"type":"json_schema","json_schema":{"name":"city","strict":true,"schema":{"type":"object","properties":{"name":{"type":"string"}}}}}""",
        )
        format(ResponseFormat.JsonSchema("city", json("{}") as kotlinx.serialization.json.JsonObject, strict = false, description = "A city")) shouldBe
            json("""{"type":"json_schema","json_schema":{"name":"city","description":"A city","strict":false,"schema":{}}}""")
    }

    test("streaming adds stream and stream_options.include_usage") {
        body(CreateRequest.of(UserMessage.of("Hi")), stream = true) shouldBe json(
            """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_options":{"include_usage":true}}""",
        )
    }

    test("without streamUsage (the Mistral preset) a stream does not ask for usage") {
        val request = CreateRequest.of(UserMessage.of("Hi"))
        val expected = json("""{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"stream":true}""")
        body(request, stream = true, c = OpenAiChatCodec.from(config.newBuilder().streamUsage(false).build(), ModelFamily.GPT_4O)) shouldBe expected
        val mistral = OpenAiCompatible.MISTRAL.config { name -> if (name == "MISTRAL_API_KEY") "mistral-key-123456" else null }.build()
        mistral.streamUsage shouldBe false
        body(request, stream = true, c = OpenAiChatCodec.from(mistral, ModelFamily.MISTRAL)) shouldBe expected
        for (preset in OpenAiCompatible.entries.filter { it != OpenAiCompatible.MISTRAL }) {
            preset.config { name -> if (name == preset.apiKeyVariable) "key-1234567890" else null }.build().streamUsage shouldBe true
        }
    }

    test("extraBody is merged last and overrides modelled fields") {
        val request = createRequest {
            user("Hi"); temperature(0.5)
            extraBodyJson("temperature", "1.5")
            extraBodyJson("metadata", """{"k":"v"}""")
            extraBodyJson("stream_options", """{"include_usage":false}""")
        }
        body(request, stream = true) shouldBe json(
            """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"temperature":1.5,"stream":true,
            "stream_options":{"include_usage":false},"metadata":{"k":"v"}}""",
        )
    }

    test("text is escaped, unicode kept") {
        val tricky = "quote \" backslash \\ newline \n tab \t emoji \uD83D\uDE00 nul \u0000 é"
        val encoded = codec.prepare("gpt-4o", CreateRequest.of(UserMessage.of(tricky)), false).spec.body!!.decodeToString()
        (Json.parseToJsonElement(encoded) as kotlinx.serialization.json.JsonObject)["messages"].toString() shouldBe
            json("""[{"role":"user","content":${JsonPrimitive(tricky)}}]""").toString()
    }
})

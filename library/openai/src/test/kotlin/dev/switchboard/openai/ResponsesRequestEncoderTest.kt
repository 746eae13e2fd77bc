package dev.switchboard.openai

import dev.switchboard.AssistantMessage
import dev.switchboard.BadRequestException
import dev.switchboard.CreateRequest
import dev.switchboard.FunctionCall
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.ResponseFormat
import dev.switchboard.ThoughtBlock
import dev.switchboard.ToolChoice
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement

/** The exact JSON, URL and headers the Responses codec sends, and what it refuses before sending. */
class ResponsesRequestEncoderTest : FunSpec({
    val config = OpenAiConfig.builder().apiKey("test-key-123").api(OpenAiApi.RESPONSES).build()

    fun codec(c: OpenAiConfig = config, family: ModelFamily = ModelFamily.GPT_4O) = OpenAiResponsesCodec.from(c, family)

    fun body(request: CreateRequest, stream: Boolean = false, c: OpenAiConfig = config, family: ModelFamily = ModelFamily.GPT_4O, model: String = "gpt-4o"): JsonElement =
        Json.parseToJsonElement(codec(c, family).prepare(model, request, stream).spec.body!!.decodeToString())

    fun json(text: String): JsonElement = Json.parseToJsonElement(text)

    test("the smallest request: model and one user message as input") {
        body(CreateRequest.of(UserMessage.of("Hi"))) shouldBe json("""{"model":"gpt-4o","input":[{"role":"user","content":"Hi"}]}""")
    }

    test("URL, headers, and the client the config's api chooses") {
        val spec = codec(config.newBuilder().organization("org-1").header("X-Trace", "t1").build())
            .prepare("gpt-4o", createRequest { user("Hi"); header("X-Call", "c") }, true).spec
        spec.url shouldBe "https://api.openai.com/v1/responses"
        spec.headers shouldBe mapOf("Authorization" to "Bearer test-key-123", "OpenAI-Organization" to "org-1", "X-Trace" to "t1", "X-Call" to "c")
        OpenAiChatCompletionClient.codec(config, ModelFamily.GPT_4O).shouldBeInstanceOf<OpenAiResponsesCodec>()
        OpenAiChatCompletionClient.codec(config.newBuilder().api(OpenAiApi.CHAT_COMPLETIONS).build(), ModelFamily.GPT_4O)
            .shouldBeInstanceOf<OpenAiChatCodec>()
        OpenAiChatCompletionClient.create("gpt-4o", config).use { it.endpoint shouldBe "https://api.openai.com/v1/responses" }
    }

    test("Azure OpenAI: the Responses API goes to /openai/v1/responses with the deployment as the model, and selects the v1 API") {
        val azure = AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com").apiKey("azure-test-key").api(OpenAiApi.RESPONSES).build()
        azure.v1Api shouldBe true
        azure.apiVersion shouldBe null
        val codec = AzureOpenAiChatCompletionClient.codec(azure, "gpt-5-prod", ModelInfo.ALL_CAPABILITIES.newBuilder().family(ModelFamily.GPT_5).build())
        val spec = codec.prepare("gpt-5-prod", CreateRequest.of(UserMessage.of("Hi")), false).spec
        spec.url shouldBe "https://res.openai.azure.com/openai/v1/responses"
        spec.headers shouldBe mapOf("api-key" to "azure-test-key")
        Json.parseToJsonElement(spec.body!!.decodeToString()) shouldBe
            json("""{"model":"gpt-5-prod","input":[{"role":"user","content":"Hi"}],"include":["reasoning.encrypted_content"]}""")
        azure.newBuilder().apiVersion("preview").build().responsesUrl() shouldBe "https://res.openai.azure.com/openai/v1/responses?api-version=preview"
    }

    test("the whole conversation: instructions, images, assistant text and calls, tool results, reasoning items in order") {
        val encrypted = ThoughtBlock("I should check the weather", "rs_1", "gAAAA-encrypted")
        val stored = ThoughtBlock("", "rs_2")
        val foreign = ThoughtBlock("signed by another provider", "EqQBCkYIBxgC")
        // An item id in form, but from another API (the origin says so): not sent either.
        val relabelled = ThoughtBlock("Anthropic's", "rs_9", null, "anthropic")
        val own = ThoughtBlock("", "rs_3", null, ResponsesRequestEncoder.THOUGHT_ORIGIN)
        val messages = RequestShapes.conversation.toMutableList()
        messages.add(1, dev.switchboard.SystemMessage("Use metric units"))
        messages += AssistantMessage(null, listOf(FunctionCall("call_4", "now", "{}")), "a thought", thoughtBlocks = listOf(encrypted, stored, foreign, relabelled, own))
        messages += dev.switchboard.SystemMessage("Answer now")
        body(CreateRequest.of(messages)) shouldBe json(
            """{"model":"gpt-4o","instructions":"Be brief\n\nUse metric units","input":[""" +
                """{"role":"user","content":[{"type":"input_text","text":"What is in these pictures, and what is the weather?"},""" +
                """{"type":"input_image","image_url":"https://example.com/a.png","detail":"auto"},""" +
                """{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==","detail":"low"},""" +
                """{"type":"input_image","image_url":"https://example.com/b.jpg","detail":"high"}]},""" +
                """{"role":"assistant","content":"Let me check"},""" +
                """{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\",\"unit\":\"c\"}"},""" +
                """{"type":"function_call","call_id":"call_2","name":"now","arguments":"{}"},""" +
                """{"type":"function_call_output","call_id":"call_1","output":"18C"},""" +
                """{"type":"function_call_output","call_id":"call_2","output":"clock broken"},""" +
                """{"type":"function_call","call_id":"call_3","name":"get_weather","arguments":"{\"city\":\"Rome\",\"unit\":\"c\"}"},""" +
                """{"type":"function_call_output","call_id":"call_3","output":"25C"},""" +
                """{"role":"assistant","content":"It is 18C in Paris."},""" +
                """{"role":"user","content":"Thanks. Now as JSON."},""" +
                """{"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"I should check the weather"}],"encrypted_content":"gAAAA-encrypted"},""" +
                """{"type":"reasoning","id":"rs_2","summary":[]},""" +
                """{"type":"reasoning","id":"rs_3","summary":[]},""" +
                """{"type":"function_call","call_id":"call_4","name":"now","arguments":"{}"},""" +
                """{"role":"developer","content":"Answer now"}]}""",
        )
    }

    test("tools, tool choice, structured output, sampling, reasoning with a summary, logprobs, store, user, stream") {
        val c = config.newBuilder().store(false).reasoningSummary("Detailed").build()
        val request = createRequest {
            user("Hi"); tool(RequestShapes.weather); tool(RequestShapes.clock); toolChoice(ToolChoice.Named("get_weather")); parallelToolCalls(false)
            responseFormat(ResponseFormat.jsonSchema("city", """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}"""))
            temperature(0.5); topP(0.9); maxTokens(64); reasoningEffort("low"); logprobs(true); topLogprobs(2); endUser("user-7")
        }
        body(request, stream = true, c = c, family = ModelFamily.O3, model = "o3") shouldBe json(
            """{"model":"o3","input":[{"role":"user","content":"Hi"}],"tools":[""" +
                """{"type":"function","name":"get_weather","description":"Weather in a city","parameters":${RequestShapes.weather.parameters},"strict":true},""" +
                """{"type":"function","name":"now","description":"The current time","parameters":${RequestShapes.clock.parameters},"strict":false}],""" +
                """"tool_choice":{"type":"function","name":"get_weather"},"parallel_tool_calls":false,""" +
                """"text":{"format":{"type":"json_schema","name":"city","schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false},"strict":true}},""" +
                """"temperature":0.5,"top_p":0.9,"max_output_tokens":64,"reasoning":{"effort":"low","summary":"detailed"},""" +
                """"include":["reasoning.encrypted_content","message.output_text.logprobs"],"top_logprobs":2,"store":false,"user":"user-7","stream":true}""",
        )
        body(createRequest { user("Hi"); tool(RequestShapes.weather); toolChoice(ToolChoice.Required) }) shouldBe json(
            """{"model":"gpt-4o","input":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","name":"get_weather",""" +
                """"description":"Weather in a city","parameters":${RequestShapes.weather.parameters},"strict":true}],"tool_choice":"required"}""",
        )
        body(createRequest { user("Hi"); jsonOutput() })!!.toString() shouldContain """"text":{"format":{"type":"json_object"}}"""
    }

    test("previous_response_id and store per request, and extra body fields, override the rest") {
        val request = createRequest { user("And then?"); previousResponseId("resp_123"); store(true); extraBodyJson("truncation", "\"auto\"") }
        body(request, c = config.newBuilder().store(false).build()) shouldBe json(
            """{"model":"gpt-4o","input":[{"role":"user","content":"And then?"}],"store":true,"previous_response_id":"resp_123","truncation":"auto"}""",
        )
        shouldThrow<IllegalArgumentException> { createRequest { user("x"); previousResponseId(" ") } }
    }

    test("what the Responses API does not have fails before sending, saying what to do") {
        val cases = mapOf<String, CreateRequest.Builder.() -> Unit>(
            "n (several choices" to { n(2) }, "stop sequences" to { stop("END") }, "seed" to { seed(1L) },
            "presence penalty" to { presencePenalty(0.1) }, "frequency penalty" to { frequencyPenalty(0.1) },
            "logit bias" to { logitBias("1", 1) }, "top_k" to { topK(5) }, "thinking budget" to { thinkingBudget(1024) },
        )
        for ((what, option) in cases) {
            val e = shouldThrow<BadRequestException> { codec().prepare("gpt-4o", createRequest { user("Hi"); option() }, false) }
            e.message shouldContain "takes no $what"
            e.message shouldContain "api(OpenAiApi.CHAT_COMPLETIONS)"
            e.provider shouldBe "openai"
        }
        shouldThrow<BadRequestException> { codec().prepare("gpt-4o", createRequest { user("Hi"); maxTokens(8) }, false) }
            .message shouldContain "at least 16"
        codec().prepare("gpt-4o", createRequest { user("Hi"); n(1) }, false).spec.body!!.decodeToString() shouldNotContain "\"n\""
    }

    test("the process default and the config's own choice; compatible presets keep Chat Completions") {
        OpenAiApi.defaultFrom(null, null) shouldBe OpenAiApi.CHAT_COMPLETIONS
        OpenAiApi.defaultFrom(null, "responses") shouldBe OpenAiApi.RESPONSES
        OpenAiApi.defaultFrom("chat_completions", "responses") shouldBe OpenAiApi.CHAT_COMPLETIONS
        OpenAiApi.parse("Chat-Completions") shouldBe OpenAiApi.CHAT_COMPLETIONS
        shouldThrow<IllegalArgumentException> { OpenAiApi.defaultFrom(null, "assistants") }.message shouldContain "SWITCHBOARD_OPENAI_API"
        try {
            OpenAiApi.setDefaultApi(OpenAiApi.RESPONSES)
            OpenAiConfig.builder().build().api shouldBe OpenAiApi.RESPONSES
            OpenAiConfig.builder().api(OpenAiApi.CHAT_COMPLETIONS).build().api shouldBe OpenAiApi.CHAT_COMPLETIONS
            OpenAiCompatible.GROQ.config { null }.build().api shouldBe OpenAiApi.CHAT_COMPLETIONS
            AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com").apiKey("k").build().api shouldBe OpenAiApi.RESPONSES
            val built = OpenAiConfig.builder().build()
            OpenAiApi.setDefaultApi(OpenAiApi.CHAT_COMPLETIONS)
            // A config keeps the API it was built with, and so do its copies.
            built.api shouldBe OpenAiApi.RESPONSES
            built.newBuilder().build().api shouldBe OpenAiApi.RESPONSES
        } finally {
            OpenAiApi.setDefaultApi(null)
        }
        config.toString() shouldContain "api=RESPONSES"
        shouldThrow<IllegalArgumentException> { OpenAiConfig.builder().api(OpenAiApi.RESPONSES).reasoningSummary("verbose").build() }
            .message shouldContain "auto, concise, detailed"
        shouldThrow<IllegalArgumentException> { OpenAiConfig.builder().api(OpenAiApi.CHAT_COMPLETIONS).store(false).build() }
            .message shouldContain "options of the Responses API"
        shouldThrow<IllegalArgumentException> { config.newBuilder().reasoningSummary("auto").api(OpenAiApi.CHAT_COMPLETIONS).build() }
    }
})

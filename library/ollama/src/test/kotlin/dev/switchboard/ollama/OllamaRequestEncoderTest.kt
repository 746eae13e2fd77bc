package dev.switchboard.ollama

import dev.switchboard.AssistantMessage
import dev.switchboard.BadRequestException
import dev.switchboard.CreateRequest
import dev.switchboard.FunctionCall
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.ResponseFormat
import dev.switchboard.TextPart
import dev.switchboard.Tool
import dev.switchboard.ToolChoice
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import java.time.Duration

class OllamaRequestEncoderTest : FunSpec({
    fun json(text: String): JsonElement = Json.parseToJsonElement(text)

    fun body(request: CreateRequest, stream: Boolean = false, config: OllamaConfig = OllamaConfig.builder().build()): JsonObject {
        val spec = OllamaChatCodec.from(config, "llama3.2").prepare("llama3.2", request, stream).spec
        return json(spec.body!!.decodeToString()).jsonObject
    }

    test("a minimal request: model, messages and stream, always sent because Ollama streams by default") {
        body(CreateRequest.of(UserMessage.of("Hi"))) shouldBe
            json("""{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":false}""")
        body(CreateRequest.of(UserMessage.of("Hi")), stream = true)["stream"] shouldBe json("true")
    }

    test("the request goes to <baseUrl>/api/chat with the key as a bearer token; a request's headers override the config's") {
        val config = OllamaConfig.builder().baseUrl("https://proxy.example.com/ollama/").apiKey("k-" + "123456789")
            .header("X-Team", "a").build()
        val spec = OllamaChatCodec.from(config, "m").prepare("m", createRequest { user("Hi"); header("X-Team", "b") }, false).spec
        spec.url shouldBe "https://proxy.example.com:443/ollama/api/chat"
        spec.method shouldBe "POST"
        spec.headers["Authorization"] shouldBe "Bearer k-123456789"
        spec.headers["X-Team"] shouldBe "b"
        OllamaChatCodec.from(OllamaConfig.builder().build(), "m").prepare("m", CreateRequest.of(UserMessage.of("Hi")), false).spec
            .headers.containsKey("Authorization") shouldBe false
    }

    test("every message shape: joined text and base64 images, thinking and tool calls sent back with their ids, tool results with tool_name") {
        body(CreateRequest.of(RequestShapes.conversation))["messages"] shouldBe json(
            """[
              {"role":"system","content":"Be brief"},
              {"role":"user","content":"What is in these pictures?\nAnd what is the weather?","images":["iVBORw0KGgoAAAANSUhEUg==","iVBORw0KGgoAAAANSUhEUg=="]},
              {"role":"assistant","content":"Let me check","thinking":"Two tools will do.","tool_calls":[
                {"id":"call_1","function":{"name":"get_weather","arguments":{"city":"Paris","unit":"c"}}},
                {"id":"call_2","function":{"name":"now","arguments":{}}}]},
              {"role":"tool","content":"18C","tool_name":"get_weather","tool_call_id":"call_1"},
              {"role":"tool","content":"12:00","tool_name":"now","tool_call_id":"call_2"},
              {"role":"assistant","content":"","tool_calls":[{"id":"call_3","function":{"name":"get_weather","arguments":{"city":"Rome","unit":"c"}}}]},
              {"role":"tool","content":"25C","tool_name":"get_weather","tool_call_id":"call_3"},
              {"role":"assistant","content":"18C in Paris, 25C in Rome."},
              {"role":"user","content":"Thanks. Now as JSON."}
            ]""",
        )
    }

    test("a tool result's name is found from the latest call with its id, when ids repeat across turns") {
        val request = CreateRequest.of(
            listOf(
                UserMessage.of("go"),
                AssistantMessage.ofToolCalls(listOf(FunctionCall("call_0_x", "first", "{}"))),
                dev.switchboard.ToolResultMessage.of(dev.switchboard.FunctionExecutionResult.of("call_0_x", null, "1")),
                AssistantMessage.ofToolCalls(listOf(FunctionCall("call_0_x", "second", "{}"))),
                dev.switchboard.ToolResultMessage.of(dev.switchboard.FunctionExecutionResult.of("call_0_x", null, "2")),
            ),
        )
        val messages = body(request)["messages"].toString()
        json(messages).let { it as kotlinx.serialization.json.JsonArray }.let { m ->
            m[2].jsonObject["tool_name"] shouldBe json("\"first\"")
            m[4].jsonObject["tool_name"] shouldBe json("\"second\"")
        }
    }

    test("sampling options go into options over the config's; the output limit is num_predict") {
        val config = OllamaConfig.builder().numCtx(8192).topK(40).option("temperature", 0.1).option("min_p", 0.05).build()
        val request = createRequest {
            user("Hi"); temperature(0.7); topP(0.9); seed(7L); stop("END", "STOP"); maxTokens(64)
            presencePenalty(0.5); frequencyPenalty(-0.5)
        }
        body(request, config = config)["options"] shouldBe json(
            """{"num_ctx":8192,"top_k":40,"temperature":0.7,"min_p":0.05,"top_p":0.9,"seed":7,"stop":["END","STOP"],"num_predict":64,""" +
                """"presence_penalty":0.5,"frequency_penalty":-0.5}""",
        )
    }

    test("the request's topK overrides the config's top_k; a thinking budget is refused, pointing at reasoningEffort") {
        val config = OllamaConfig.builder().topK(40).build()
        body(createRequest { user("Hi"); topK(5) }, config = config)["options"] shouldBe json("""{"top_k":5}""")
        val e = io.kotest.assertions.throwables.shouldThrow<dev.switchboard.BadRequestException> {
            body(createRequest { user("Hi"); thinkingBudget(1024) })
        }
        e.statusCode shouldBe 0
        e.message!!.contains("reasoningEffort") shouldBe true
    }

    test("extraBody options are merged into options; other extraBody fields replace the body's") {
        val config = OllamaConfig.builder().numCtx(4096).keepAlive(Duration.ofMinutes(10)).build()
        val request = createRequest {
            user("Hi"); temperature(0.2)
            extraBodyJson("options", """{"num_ctx":16384,"repeat_penalty":1.1}""")
            extraBodyJson("keep_alive", "\"1h\"")
            extraBodyJson("truncate", "false")
        }
        val b = body(request, config = config)
        b["options"] shouldBe json("""{"num_ctx":16384,"temperature":0.2,"repeat_penalty":1.1}""")
        b["keep_alive"] shouldBe json("\"1h\"")
        b["truncate"] shouldBe json("false")
    }

    test("keep_alive: seconds as a number, zero to unload, -1 to keep the model loaded") {
        fun keepAlive(c: OllamaConfig.Builder) = body(CreateRequest.of(UserMessage.of("Hi")), config = c.build())["keep_alive"]
        keepAlive(OllamaConfig.builder().keepAlive(Duration.ofMinutes(5))) shouldBe json("300")
        keepAlive(OllamaConfig.builder().keepAlive(Duration.ZERO)) shouldBe json("0")
        keepAlive(OllamaConfig.builder().keepAlive(Duration.ofMillis(1500))) shouldBe json("1.5")
        keepAlive(OllamaConfig.builder().keepAliveForever()) shouldBe json("-1")
        keepAlive(OllamaConfig.builder().keepAlive(Duration.ofSeconds(-30))) shouldBe json("-1")
        keepAlive(OllamaConfig.builder()) shouldBe null
    }

    test("format: json for a JSON object, the schema itself for a schema, with its description when it has none") {
        body(createRequest { user("Hi"); jsonOutput() })["format"] shouldBe json("\"json\"")
        body(createRequest { user("Hi"); responseFormat(ResponseFormat.Text) })["format"] shouldBe null
        val schema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""
        body(createRequest { user("Hi"); responseFormat(ResponseFormat.jsonSchema("city", schema)) })["format"] shouldBe json(schema)
        val described = ResponseFormat.JsonSchema("city", json(schema).jsonObject, description = "A city")
        body(createRequest { user("Hi"); responseFormat(described) })["format"]!!.jsonObject["description"] shouldBe json("\"A city\"")
    }

    test("think: the config's boolean, or the request's reasoning effort as a level; none is false") {
        body(CreateRequest.of(UserMessage.of("Hi")), config = OllamaConfig.builder().think(true).build())["think"] shouldBe json("true")
        body(createRequest { user("Hi"); reasoningEffort("high") }, config = OllamaConfig.builder().think(false).build())["think"] shouldBe
            json("\"high\"")
        body(createRequest { user("Hi"); reasoningEffort("none") })["think"] shouldBe json("false")
        body(CreateRequest.of(UserMessage.of("Hi")))["think"] shouldBe null
        shouldThrow<BadRequestException> { body(createRequest { user("Hi"); reasoningEffort("minimal") }) }.message!! shouldContain "low, medium, high"
    }

    test("tools are function definitions; ToolChoice.None sends none; log probabilities are top-level fields") {
        val b = body(createRequest { user("Weather?"); tool(RequestShapes.weather); tool(RequestShapes.clock); toolChoice(ToolChoice.Auto); parallelToolCalls(true) })
        b["tools"] shouldBe json(
            """[{"type":"function","function":{"name":"get_weather","description":"Weather in a city","parameters":""" +
                """{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["c","f"]}},"required":["city","unit"]}}},""" +
                """{"type":"function","function":{"name":"now","description":"The current time","parameters":{"type":"object","properties":{}}}}]""",
        )
        body(createRequest { user("Weather?"); tool(RequestShapes.weather); toolChoice(ToolChoice.None) })["tools"] shouldBe null
        val lp = body(createRequest { user("Hi"); logprobs(true); topLogprobs(3) })
        lp["logprobs"] shouldBe json("true")
        lp["top_logprobs"] shouldBe json("3")
    }

    test("what Ollama cannot do is refused before sending, saying what to do instead") {
        val cases = mapOf(
            "n" to createRequest { user("Hi"); n(2) },
            "logitBias" to createRequest { user("Hi"); logitBias("50256", -100) },
            "ToolChoice.Required" to createRequest { user("Hi"); tool(RequestShapes.weather); toolChoice(ToolChoice.Required) },
            "Named" to createRequest { user("Hi"); tool(RequestShapes.weather); toolChoice(ToolChoice.named("get_weather")) },
            "parallelToolCalls" to createRequest { user("Hi"); tool(RequestShapes.weather); parallelToolCalls(false) },
            "strict" to createRequest { user("Hi"); tool(Tool.of("t", null, """{"type":"object"}""", strict = true)) },
        )
        for ((what, request) in cases) {
            val e = shouldThrow<BadRequestException> { body(request) }
            e.message!! shouldContain what
            e.statusCode shouldBe 0
            e.provider shouldBe "ollama"
        }
        body(createRequest { user("Hi"); n(1) })["model"] shouldBe json("\"llama3.2\"")
    }

    test("an image given by URL is refused (Ollama takes bytes only), without the URL's query") {
        val message = UserMessage.of(TextPart("Look"), ImagePart(Image.fromUrl("https://example.com/cat.png?sig=secret-signature")))
        val e = shouldThrow<BadRequestException> { body(CreateRequest.of(message)) }
        e.message!! shouldContain "Image.fromBytes"
        e.message!! shouldContain "example.com/cat.png"
        e.message!! shouldNotContain "secret-signature"
    }

    test("tool call arguments that are not a JSON object are refused; empty arguments are an empty object") {
        val bad = CreateRequest.of(listOf(UserMessage.of("go"), AssistantMessage.ofToolCalls(listOf(FunctionCall("c1", "f", "[1,2]")))))
        shouldThrow<BadRequestException> { body(bad) }.message!! shouldContain "JSON object"
        val broken = CreateRequest.of(listOf(UserMessage.of("go"), AssistantMessage.ofToolCalls(listOf(FunctionCall("c1", "f", "{\"a\":")))))
        shouldThrow<BadRequestException> { body(broken) }
    }
})

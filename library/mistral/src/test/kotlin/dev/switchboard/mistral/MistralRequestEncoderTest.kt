package dev.switchboard.mistral

import dev.switchboard.AssistantMessage
import dev.switchboard.BadRequestException
import dev.switchboard.CreateRequest
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.Image
import dev.switchboard.ImageDetail
import dev.switchboard.ImagePart
import dev.switchboard.ResponseFormat
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.Tool
import dev.switchboard.ToolChoice
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject

/** The JSON bodies of Mistral requests: every option in its Mistral name, the conversation's shapes, rejections. */
class MistralRequestEncoderTest : FunSpec({
    val plain = MistralEncoderOptions(safePrompt = false, promptMode = null)
    fun body(request: CreateRequest, stream: Boolean = false, options: MistralEncoderOptions = plain): JsonObject =
        Json.parseToJsonElement(MistralRequestEncoder.encode("mistral-small-latest", request, stream, options).decodeToString()).jsonObject

    test("the conversation of every message shape encodes as pinned") {
        body(CreateRequest.of(MistralShapes.conversation))["messages"] shouldBe Json.parseToJsonElement(MistralShapes.CONVERSATION_JSON)
    }

    test("options in Mistral's names: random_seed, safe_prompt, prompt_mode, reasoning_effort, tool choice any, stream") {
        val request = createRequest {
            user("Hi"); temperature(0.3); topP(0.9); maxTokens(64); stop("END"); seed(42); n(2); presencePenalty(0.1)
            frequencyPenalty(0.2); tool(MistralShapes.weather); toolChoice(ToolChoice.Required); parallelToolCalls(false); reasoningEffort("high")
        }
        body(request, stream = true, options = MistralEncoderOptions(true, "reasoning")) shouldBe Json.parseToJsonElement(
            """{"model":"mistral-small-latest","messages":[{"role":"user","content":"Hi"}],"temperature":0.3,"top_p":0.9,"max_tokens":64,
               "stream":true,"stop":["END"],"random_seed":42,"tools":[${MistralShapes.WEATHER_JSON}],"tool_choice":"any",
               "presence_penalty":0.1,"frequency_penalty":0.2,"n":2,"parallel_tool_calls":false,"prompt_mode":"reasoning",
               "reasoning_effort":"high","safe_prompt":true}""",
        )
    }

    test("a named tool choice, JSON output and a JSON schema") {
        body(createRequest { user("Hi"); tool(MistralShapes.weather); toolChoice(ToolChoice.Named("get_weather")) })["tool_choice"] shouldBe
            Json.parseToJsonElement("""{"type":"function","function":{"name":"get_weather"}}""")
        body(createRequest { user("Hi"); jsonOutput() })["response_format"] shouldBe Json.parseToJsonElement("""{"type":"json_object"}""")
        val schema = """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}"""
        body(createRequest { user("Hi"); responseFormat(ResponseFormat.JsonSchema("city", Json.parseToJsonElement(schema).jsonObject, true, "A city")) })["response_format"] shouldBe
            Json.parseToJsonElement("""{"type":"json_schema","json_schema":{"name":"city","description":"A city","schema":$schema,"strict":true}}""")
    }

    test("extra body fields are merged last and override") {
        val b = body(createRequest { user("Hi"); seed(1); extraBodyJson("random_seed", "7"); extraBodyJson("prompt_cache_key", "\"k\"") })
        b["random_seed"].toString() shouldBe "7"
        b["prompt_cache_key"].toString() shouldBe "\"k\""
    }

    test("options Mistral lacks are rejected before sending, saying what to do") {
        fun rejected(block: CreateRequest.Builder.() -> Unit): String =
            shouldThrow<BadRequestException> { body(CreateRequest.builder().user("Hi").apply(block).build()) }.message!!
        rejected { logprobs(true) } shouldContain "log probabilities"
        rejected { logitBias("12", 5) } shouldContain "logit bias"
        rejected { topK(5) } shouldContain "topK"
        rejected { endUser("u-1") } shouldContain "endUser"
        rejected { thinkingBudget(1024) } shouldContain "reasoningEffort"
        rejected { temperature(1.8) } shouldContain "1.5"
        rejected { seed(-1) } shouldContain "0 or more"
        rejected { reasoningEffort("medium") } shouldContain "'high' or 'none'"
    }
})

/** Tools and a conversation using every message shape, pinned here and checked against Mistral's spec. */
internal object MistralShapes {
    val weather: Tool = Tool.of(
        "get_weather", "Weather in a city",
        """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}""",
        strict = true,
    )

    const val WEATHER_JSON: String = """{"type":"function","function":{"name":"get_weather","description":"Weather in a city",
        "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false},"strict":true}}"""

    private val png = byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)

    val conversation = listOf(
        SystemMessage("Be brief"),
        UserMessage(
            listOf(TextPart("What is this, and the weather?"), ImagePart(Image.fromUrl("https://example.com/a.png", ImageDetail.HIGH)), ImagePart(Image.fromBytes(png, "image/png"))),
            name = "alice",
        ),
        AssistantMessage("Let me check", listOf(FunctionCall("abcDEF123", "get_weather", """{"city":"Paris"}"""), FunctionCall("ghiJKL456", "now", "")), thought = "I should look"),
        ToolResultMessage(listOf(FunctionExecutionResult.of("abcDEF123", "get_weather", "18C"), FunctionExecutionResult.error("ghiJKL456", "now", "clock broken"))),
        AssistantMessage.ofToolCalls(listOf(FunctionCall("mnoPQR789", "now", "{}"))),
        ToolResultMessage.of(FunctionExecutionResult.of("mnoPQR789", "now", "noon")),
        AssistantMessage("It is noon."),
        UserMessage.of("Thanks."),
    )

    const val CONVERSATION_JSON: String = """[
      {"role":"system","content":"Be brief"},
      {"role":"user","content":[
        {"type":"text","text":"What is this, and the weather?"},
        {"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"high"}},
        {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}
      ]},
      {"role":"assistant","content":[{"type":"thinking","thinking":[{"type":"text","text":"I should look"}]},{"type":"text","text":"Let me check"}],
       "tool_calls":[{"id":"abcDEF123","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                     {"id":"ghiJKL456","type":"function","function":{"name":"now","arguments":"{}"}}]},
      {"role":"tool","content":"18C","tool_call_id":"abcDEF123","name":"get_weather"},
      {"role":"tool","content":"clock broken","tool_call_id":"ghiJKL456","name":"now"},
      {"role":"assistant","tool_calls":[{"id":"mnoPQR789","type":"function","function":{"name":"now","arguments":"{}"}}]},
      {"role":"tool","content":"noon","tool_call_id":"mnoPQR789","name":"now"},
      {"role":"assistant","content":"It is noon."},
      {"role":"user","content":"Thanks."}
    ]"""
}

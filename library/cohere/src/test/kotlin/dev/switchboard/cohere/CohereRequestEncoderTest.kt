package dev.switchboard.cohere

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

/**
 * The JSON bodies of Cohere v2 chat requests. There is no machine-readable Cohere spec in this repository: the shapes
 * pinned here follow the request examples of Cohere's Chat API reference and its tool-use, RAG, structured-output and
 * reasoning guides (docs.cohere.com, v2), and the request types of Cohere's Python SDK (`cohere.v2.types`).
 */
class CohereRequestEncoderTest : FunSpec({
    val plain = CohereEncoderOptions(null, null)
    fun body(request: CreateRequest, stream: Boolean = false, options: CohereEncoderOptions = plain): JsonObject =
        Json.parseToJsonElement(CohereRequestEncoder.encode("command-a-03-2025", request, stream, options).decodeToString()).jsonObject

    val weather = Tool.of(
        "get_weather", "Gets the weather of a given location",
        """{"type":"object","properties":{"location":{"type":"string","description":"The location to get weather."}},"required":["location"]}""",
    )

    test("a tool round trip as in Cohere's tool-use guide: the plan goes back as tool_plan, results as tool messages") {
        val request = CreateRequest.of(
            SystemMessage("You are a weather bot"),
            UserMessage.of("What's the weather in Toronto?"),
            AssistantMessage(null, listOf(FunctionCall("get_weather_1byjy32y4hvq", "get_weather", """{"location":"Toronto"}""")), thought = "I will search the weather for Toronto."),
            ToolResultMessage.of(FunctionExecutionResult.of("get_weather_1byjy32y4hvq", "get_weather", """{"temperature": {"toronto": "20C"}}""")),
        ).newBuilder().tool(weather).build()
        body(request) shouldBe Json.parseToJsonElement(
            """{"model":"command-a-03-2025","messages":[
                 {"role":"system","content":"You are a weather bot"},
                 {"role":"user","content":"What's the weather in Toronto?"},
                 {"role":"assistant","tool_plan":"I will search the weather for Toronto.","tool_calls":[
                   {"id":"get_weather_1byjy32y4hvq","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Toronto\"}"}}]},
                 {"role":"tool","tool_call_id":"get_weather_1byjy32y4hvq","content":"{\"temperature\": {\"toronto\": \"20C\"}}"}
               ],"stream":false,
               "tools":[{"type":"function","function":{"name":"get_weather","description":"Gets the weather of a given location",
                 "parameters":{"type":"object","properties":{"location":{"type":"string","description":"The location to get weather."}},"required":["location"]}}}]}""",
        )
    }

    test("images as image_url items; an assistant turn's text; an empty answer left out; text of a call-only turn as its plan") {
        val png = byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)
        val request = CreateRequest.of(
            UserMessage(listOf(TextPart("What is this?"), ImagePart(Image.fromUrl("https://example.com/a.png", ImageDetail.LOW)), ImagePart(Image.fromBytes(png, "image/png")))),
            AssistantMessage("A logo."),
            AssistantMessage(""),
            AssistantMessage("Let me check", listOf(FunctionCall("c1", "now", ""))),
            ToolResultMessage.of(FunctionExecutionResult.of("c1", "now", "noon")),
        )
        body(request)["messages"] shouldBe Json.parseToJsonElement(
            """[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
                {"role":"assistant","content":"A logo."},
                {"role":"assistant","tool_plan":"Let me check","tool_calls":[{"id":"c1","type":"function","function":{"name":"now","arguments":"{}"}}]},
                {"role":"tool","tool_call_id":"c1","content":"noon"}]""",
        )
    }

    test("options in Cohere's names, documents, citation and safety modes, a schema, thinking") {
        val schema = """{"type":"object","properties":{"title":{"type":"string"}},"required":["title"]}"""
        val request = createRequest {
            user("Summarise")
            temperature(0.3); topP(0.75); topK(40); maxTokens(500); stop("END"); seed(7); frequencyPenalty(0.1); presencePenalty(0.2)
            tool(Tool(weather.name, weather.description, weather.parameters, strict = true)); toolChoice(ToolChoice.Required)
            responseFormat(ResponseFormat.jsonSchema("book", schema))
            thinkingBudget(2048)
            CohereDocuments.attach(this, listOf(CohereDocument.of("doc:0", "benefits.txt", "AI provides automation."), CohereDocument.ofFields(null, mapOf("text" to "More."))))
        }
        val b = body(request, stream = true, options = CohereEncoderOptions("ACCURATE", "STRICT"))
        fun field(name: String) = b[name].toString()
        field("stream") shouldBe "true"
        field("p") shouldBe "0.75"
        field("k") shouldBe "40"
        field("seed") shouldBe "7"
        field("max_tokens") shouldBe "500"
        field("stop_sequences") shouldBe """["END"]"""
        field("frequency_penalty") shouldBe "0.1"
        field("presence_penalty") shouldBe "0.2"
        field("strict_tools") shouldBe "true"
        field("tool_choice") shouldBe "\"REQUIRED\""
        b["response_format"] shouldBe Json.parseToJsonElement("""{"type":"json_object","json_schema":$schema}""")
        b["thinking"] shouldBe Json.parseToJsonElement("""{"type":"enabled","token_budget":2048}""")
        b["citation_options"] shouldBe Json.parseToJsonElement("""{"mode":"ACCURATE"}""")
        field("safety_mode") shouldBe "\"STRICT\""
        b["documents"] shouldBe Json.parseToJsonElement(
            """[{"id":"doc:0","data":{"title":"benefits.txt","text":"AI provides automation."}},{"data":{"text":"More."}}]""",
        )
        body(createRequest { user("Hi"); jsonOutput() })["response_format"] shouldBe Json.parseToJsonElement("""{"type":"json_object"}""")
        body(createRequest { user("Hi"); reasoningEffort("none") })["thinking"] shouldBe Json.parseToJsonElement("""{"type":"disabled"}""")
        body(createRequest { user("Hi"); reasoningEffort("high") })["thinking"] shouldBe Json.parseToJsonElement("""{"type":"enabled"}""")
        body(createRequest { user("Hi"); tool(weather); toolChoice(ToolChoice.None) })["tool_choice"].toString() shouldBe "\"NONE\""
    }

    test("options Cohere lacks are rejected before sending, saying what to do") {
        fun rejected(block: CreateRequest.Builder.() -> Unit): String =
            shouldThrow<BadRequestException> { body(CreateRequest.builder().user("Hi").apply(block).build()) }.message!!
        rejected { n(2) } shouldContain "2 requests"
        rejected { logprobs(true) } shouldContain "logprobs"
        rejected { logitBias("1", 2) } shouldContain "logitBias"
        rejected { endUser("u") } shouldContain "endUser"
        rejected { tool(weather); parallelToolCalls(false) } shouldContain "parallelToolCalls"
        rejected { tool(weather); toolChoice(ToolChoice.Named("get_weather")) } shouldContain "toolChoice Required"
        rejected { reasoningEffort("medium") } shouldContain "thinkingBudget"
        rejected { reasoningEffort("none"); thinkingBudget(100) } shouldContain "reasoning off"
    }
})

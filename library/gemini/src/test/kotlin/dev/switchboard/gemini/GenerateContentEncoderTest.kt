package dev.switchboard.gemini

import dev.switchboard.AssistantMessage
import dev.switchboard.BadRequestException
import dev.switchboard.CreateRequest
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.ResponseFormat
import dev.switchboard.ThoughtBlock
import dev.switchboard.ToolChoice
import dev.switchboard.ToolResultMessage
import dev.switchboard.createRequest
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject

class GenerateContentEncoderTest : FunSpec({
    fun body(request: CreateRequest, includeThoughts: Boolean = true): JsonObject =
        Json.parseToJsonElement(GenerateContentEncoder.encode(request, includeThoughts).decodeToString()).jsonObject

    fun json(text: String): JsonElement = Json.parseToJsonElement(text)

    test("a whole conversation: systemInstruction, parts of every kind, signatures where Gemini put them, merged turns") {
        body(CreateRequest.of(RequestShapes.conversation)) shouldBe json(RequestShapes.CONVERSATION_JSON)
    }

    test("every generation option goes into generationConfig under Gemini's names") {
        val b = body(createRequest {
            user("Hi"); temperature(0.7); topP(0.9); topK(40); n(2); stop("END", "STOP"); maxTokens(256); seed(7L)
            presencePenalty(0.5); frequencyPenalty(-0.5); thinkingBudget(1024)
        })
        b["generationConfig"] shouldBe json(
            """{"temperature":0.7,"topP":0.9,"topK":40,"candidateCount":2,"stopSequences":["END","STOP"],"maxOutputTokens":256,"seed":7,""" +
                """"presencePenalty":0.5,"frequencyPenalty":-0.5,"thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}""",
        )
    }

    test("reasoningEffort is the thinking level; includeThoughts only when configured") {
        body(createRequest { user("Hi"); reasoningEffort("HIGH") })["generationConfig"] shouldBe
            json("""{"thinkingConfig":{"thinkingLevel":"HIGH","includeThoughts":true}}""")
        body(createRequest { user("Hi"); reasoningEffort("low") }, includeThoughts = false)["generationConfig"] shouldBe
            json("""{"thinkingConfig":{"thinkingLevel":"LOW"}}""")
        shouldThrow<BadRequestException> { body(createRequest { user("Hi"); reasoningEffort("extreme") }) }.message!! shouldContain "minimal, low, medium, high"
        shouldThrow<BadRequestException> { body(createRequest { user("Hi"); reasoningEffort("low"); thinkingBudget(100) }) }.message!! shouldContain "not both"
    }

    test("tools: declarations in Gemini's schema dialect, a tool without parameters has none, tool choice as functionCallingConfig") {
        val b = body(createRequest { user("Weather?"); tool(RequestShapes.weather); tool(RequestShapes.clock); toolChoice(ToolChoice.named("get_weather")) })
        b["tools"] shouldBe json(
            """[{"functionDeclarations":[{"name":"get_weather","description":"Weather in a city","parameters":{"type":"OBJECT","properties":{""" +
                """"city":{"type":"STRING","description":"The city"},"unit":{"type":"STRING","enum":["c","f"],"nullable":true},""" +
                """"days":{"type":"ARRAY","items":{"type":"INTEGER","minimum":1},"maxItems":"7"}},"propertyOrdering":["city","unit","days"],"required":["city"]}},""" +
                """{"name":"now","description":"The current time"}]}]""",
        )
        b["toolConfig"] shouldBe json("""{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}}""")
        body(createRequest { user("x"); tool(RequestShapes.clock); toolChoice(ToolChoice.Required) })["toolConfig"] shouldBe
            json("""{"functionCallingConfig":{"mode":"ANY"}}""")
        body(createRequest { user("x"); tool(RequestShapes.clock); toolChoice(ToolChoice.None) })["toolConfig"] shouldBe
            json("""{"functionCallingConfig":{"mode":"NONE"}}""")
    }

    test("JSON output: responseMimeType, and a schema as responseSchema") {
        body(createRequest { user("x"); jsonOutput() })["generationConfig"] shouldBe json("""{"responseMimeType":"application/json"}""")
        val schema = """{"${'$'}schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"city":{"type":"string"},""" +
            """"tags":{"type":"array","items":{"type":"string"},"minItems":1},"kind":{"const":"report"},"alt":{"oneOf":[{"type":"string"},{"type":"number"}]}},""" +
            """"required":["city"],"additionalProperties":false}"""
        body(createRequest { user("x"); responseFormat(ResponseFormat.jsonSchema("r", schema)) })["generationConfig"] shouldBe json(
            """{"responseMimeType":"application/json","responseSchema":{"type":"OBJECT","properties":{"city":{"type":"STRING"},""" +
                """"tags":{"type":"ARRAY","items":{"type":"STRING"},"minItems":"1"},"kind":{"type":"STRING","enum":["report"]},""" +
                """"alt":{"anyOf":[{"type":"STRING"},{"type":"NUMBER"}]}},"propertyOrdering":["city","tags","kind","alt"],"required":["city"]}}""",
        )
    }

    test("what Gemini's schema dialect cannot express is a BadRequestException naming the keyword and where it is") {
        fun reject(schema: String): String = shouldThrow<BadRequestException> {
            body(createRequest { user("x"); responseFormat(ResponseFormat.jsonSchema("r", schema)) })
        }.also { it.statusCode shouldBe 0 }.message!!
        reject("""{"type":"object","properties":{"a":{"${'$'}ref":"#/${'$'}defs/A"}}}""") shouldContain "\$.properties.a.\$ref"
        reject("""{"allOf":[{"type":"object"}]}""") shouldContain "'allOf'"
        reject("""{"type":"object","additionalProperties":{"type":"string"}}""") shouldContain "additionalProperties"
        reject("""{"type":"integer","enum":[1,2]}""") shouldContain "enums of strings only"
        reject("""{"type":"array","items":{"type":"string"},"uniqueItems":true}""") shouldContain "'uniqueItems'"
        reject("""{"type":"date"}""") shouldContain "the type 'date'"
        val tool = dev.switchboard.Tool.of("t", "d", """{"type":"object","properties":{"x":{"not":{"type":"string"}}}}""")
        shouldThrow<BadRequestException> { body(createRequest { user("x"); tool(tool) }) }.message!! shouldContain "the parameters of tool 't' at \$.properties.x.not"
    }

    test("options Gemini lacks are rejected before sending, naming the option") {
        shouldThrow<BadRequestException> { body(createRequest { user("x"); logitBias("1", 5) }) }.message!! shouldContain "logit bias"
        shouldThrow<BadRequestException> { body(createRequest { user("x"); logprobs(true) }) }.message!! shouldContain "log probabilities"
        shouldThrow<BadRequestException> { body(createRequest { user("x"); endUser("u1") }) }.message!! shouldContain "end-user"
        shouldThrow<BadRequestException> { body(createRequest { user("x"); parallelToolCalls(false) }) }.message!! shouldContain "parallel"
        shouldThrow<BadRequestException> { body(createRequest { user("x"); seed(1L shl 40) }) }.message!! shouldContain "32-bit"
        shouldThrow<BadRequestException> { body(createRequest { user("x"); system("late") }) }.message!! shouldContain "message 1"
        shouldThrow<BadRequestException> { body(createRequest { system("only") }) }.message!! shouldContain "at least one user"
    }

    test("a tool result without a name and without its call before it cannot be sent: Gemini needs the name") {
        val request = CreateRequest.builder().user("x").message(AssistantMessage.of("hm"))
            .message(ToolResultMessage.of(FunctionExecutionResult.of("call_9", null, "out"))).build()
        shouldThrow<BadRequestException> { body(request) }.message!! shouldContain "call_9"
        val named = CreateRequest.builder().user("x").message(AssistantMessage.ofToolCalls(listOf(FunctionCall("call_9", "f", "{}"))))
            .message(ToolResultMessage.of(FunctionExecutionResult.of("call_9", null, "plain text"))).build()
        body(named)["contents"].toString() shouldContain """{"functionResponse":{"name":"f","response":{"output":"plain text"}}}"""
    }

    test("extraBody is merged last at the top level") {
        val b = body(createRequest { user("x"); temperature(0.2); extraBodyJson("safetySettings", """[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]""") })
        b["safetySettings"].toString() shouldContain "BLOCK_NONE"
        b["generationConfig"]!!.jsonObject["temperature"] shouldBe JsonPrimitive(0.2)
    }

    test("thought blocks of Gemini or of no origin go back with their signatures; another API's are left out") {
        val blocks = listOf(
            ThoughtBlock("mine", "c2lnLWE=", null, "gemini"),
            ThoughtBlock("by hand", "c2lnLWI="),
            ThoughtBlock("theirs", "EqQBCkgIAR", null, "anthropic"),
            ThoughtBlock("", "c2lnLXg=", null, "openai-responses"),
        )
        val request = CreateRequest.builder().user("x").message(AssistantMessage("done", thoughtBlocks = blocks)).user("y").build()
        body(request)["contents"]!!.toString() shouldBe json(
            """[{"role":"user","parts":[{"text":"x"}]},{"role":"model","parts":[{"text":"mine","thought":true,"thoughtSignature":"c2lnLWE="},""" +
                """{"text":"by hand","thought":true,"thoughtSignature":"c2lnLWI="},{"text":"done"}]},{"role":"user","parts":[{"text":"y"}]}]""",
        ).toString()
    }
})

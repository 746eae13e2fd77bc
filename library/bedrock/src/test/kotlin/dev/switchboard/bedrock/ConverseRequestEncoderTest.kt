package dev.switchboard.bedrock

import dev.switchboard.AssistantMessage
import dev.switchboard.BadRequestException
import dev.switchboard.CreateRequest
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.ThoughtBlock
import dev.switchboard.Tool
import dev.switchboard.ToolChoice
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject

/** The JSON the encoder writes for a Converse request, field by field, and what it refuses before sending. */
class ConverseRequestEncoderTest : FunSpec({
    val claude = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
    val plain = EncoderOptions(anthropic = false, thinking = null, guardrail = null)
    val anthropic = EncoderOptions(anthropic = true, thinking = true, guardrail = null)

    fun encode(request: CreateRequest, options: EncoderOptions = plain, stream: Boolean = false, model: String = "amazon.nova-lite-v1:0"): JsonObject =
        Json.parseToJsonElement(ConverseRequestEncoder.encode(model, request, stream, options, ConverseRequestEncoder.answerTool(request)).decodeToString()).jsonObject

    fun json(s: String) = Json.parseToJsonElement(s)

    test("system, text and image blocks; consecutive user turns merged; tool results with their status") {
        val png = byteArrayOf(0x89.toByte(), 0x50, 0x4e, 0x47)
        val body = encode(CreateRequest.builder()
            .message(SystemMessage("Be brief"))
            .message(UserMessage.of(TextPart("What is this?"), ImagePart(Image.fromBytes(png, "image/png"))))
            .message(UserMessage.of(ImagePart(Image.fromBytes(byteArrayOf(1, 2, 3), "image/jpeg"))))
            .message(AssistantMessage.ofToolCalls(listOf(FunctionCall("t1", "look", """{"q":"cat"}"""))))
            .message(ToolResultMessage.of(FunctionExecutionResult.of("t1", "look", "a cat"), FunctionExecutionResult.error("t1", "look", "timeout")))
            .build())
        body["system"] shouldBe json("""[{"text":"Be brief"}]""")
        body["messages"] shouldBe json(
            """[{"role":"user","content":[{"text":"What is this?"},{"image":{"format":"png","source":{"bytes":"iVBORw=="}}},""" +
                """{"image":{"format":"jpeg","source":{"bytes":"AQID"}}}]},""" +
                """{"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"look","input":{"q":"cat"}}}]},""" +
                """{"role":"user","content":[{"toolResult":{"toolUseId":"t1","content":[{"text":"a cat"}]}},""" +
                """{"toolResult":{"toolUseId":"t1","content":[{"text":"timeout"}],"status":"error"}}]}]""",
        )
    }

    test("an image at a URL, or of a format Converse lacks, is refused with what to do instead") {
        shouldThrow<BadRequestException> {
            encode(CreateRequest.builder().message(UserMessage.of(ImagePart(Image.fromUrl("https://example.com/a.png")))).build())
        }.message!! shouldContain "Image.fromBytes"
        shouldThrow<BadRequestException> {
            encode(CreateRequest.builder().message(UserMessage.of(ImagePart(Image.fromBytes(byteArrayOf(1), "image/tiff")))).build())
        }.message!! shouldContain "image/tiff"
    }

    test("toolConfig with each tool choice") {
        val tool = Tool("weather", "Weather of a city", json("""{"type":"object","properties":{"city":{"type":"string"}}}""").jsonObject)
        fun config(choice: ToolChoice?) = encode(CreateRequest.builder().user("Hi").tool(tool).toolChoice(choice).build())["toolConfig"]!!.jsonObject
        val spec = json("""[{"toolSpec":{"name":"weather","description":"Weather of a city","inputSchema":{"json":""" +
            """{"type":"object","properties":{"city":{"type":"string"}}}}}}]""")
        config(null) shouldBe JsonObject(mapOf("tools" to spec))
        config(ToolChoice.Auto)["toolChoice"] shouldBe null
        config(ToolChoice.Required)["toolChoice"] shouldBe json("""{"any":{}}""")
        config(ToolChoice.Named("weather"))["toolChoice"] shouldBe json("""{"tool":{"name":"weather"}}""")
        shouldThrow<BadRequestException> { config(ToolChoice.None) }.message!! shouldContain "leave the tools out"
    }

    test("inferenceConfig, and Anthropic's top_k and thinking in additionalModelRequestFields joined with extraBody's") {
        val body = encode(CreateRequest.builder().user("Hi").maxTokens(4000).temperature(0.5).topP(0.9).stop("END", "STOP").topK(40)
            .thinkingBudget(2048).extraBodyJson("additionalModelRequestFields", """{"anthropic_beta":["context-1m-2025-08-07"]}""")
            .build(), anthropic, model = claude)
        body["inferenceConfig"] shouldBe json("""{"maxTokens":4000,"temperature":0.5,"topP":0.9,"stopSequences":["END","STOP"]}""")
        body["additionalModelRequestFields"] shouldBe json(
            """{"top_k":40,"thinking":{"type":"enabled","budget_tokens":2048},"anthropic_beta":["context-1m-2025-08-07"]}""",
        )
        shouldThrow<BadRequestException> { encode(CreateRequest.builder().user("Hi").topK(40).build()) }.message!! shouldContain "additionalModelRequestFields"
        shouldThrow<BadRequestException> { encode(CreateRequest.builder().user("Hi").seed(1).build()) }.message!! shouldContain "seed"
        shouldThrow<BadRequestException> {
            encode(CreateRequest.builder().user("Hi").maxTokens(1500).thinkingBudget(2048).build(), anthropic, model = claude)
        }.message!! shouldContain "less than maxTokens"
    }

    test("reasoning goes back first: Converse's own and unmarked blocks, never another API's") {
        val mine = ThoughtBlock("step one", "sig-1", null, ConverseRequestEncoder.THOUGHT_ORIGIN)
        val redacted = ThoughtBlock("", null, "ZW5j", ConverseRequestEncoder.THOUGHT_ORIGIN)
        val unmarked = ThoughtBlock.signed("by hand", "sig-2")
        val foreign = ThoughtBlock("Anthropic's", "sig-anthropic", null, "anthropic")
        val unsigned = ThoughtBlock("no signature", null, null, ConverseRequestEncoder.THOUGHT_ORIGIN)
        val body = encode(CreateRequest.builder().user("Hi")
            .message(AssistantMessage(content = "Hello", thoughtBlocks = listOf(mine, foreign, redacted, unsigned, unmarked)))
            .user("And?").build(), anthropic, model = claude)
        val assistant = (body["messages"] as kotlinx.serialization.json.JsonArray)[1]
        assistant shouldBe json(
            """{"role":"assistant","content":[{"reasoningContent":{"reasoningText":{"text":"step one","signature":"sig-1"}}},""" +
                """{"reasoningContent":{"redactedContent":"ZW5j"}},""" +
                """{"reasoningContent":{"reasoningText":{"text":"by hand","signature":"sig-2"}}},{"text":"Hello"}]}""",
        )
    }

    test("guardrailConfig, with the stream processing mode only on streams") {
        val g = BedrockGuardrail.builder("gr-abc123", "3").trace(BedrockGuardrail.Trace.ENABLED_FULL).asyncStreaming(true).build()
        val options = EncoderOptions(false, null, g)
        encode(CreateRequest.builder().user("Hi").build(), options)["guardrailConfig"] shouldBe
            json("""{"guardrailIdentifier":"gr-abc123","guardrailVersion":"3","trace":"enabled_full"}""")
        encode(CreateRequest.builder().user("Hi").build(), options, stream = true)["guardrailConfig"] shouldBe
            json("""{"guardrailIdentifier":"gr-abc123","guardrailVersion":"3","trace":"enabled_full","streamProcessingMode":"async"}""")
    }

    test("a system message after the conversation and a conversation of only system messages are refused") {
        shouldThrow<BadRequestException> {
            encode(CreateRequest.builder().user("Hi").message(SystemMessage("late")).build())
        }.message!! shouldContain "move it to the start"
        shouldThrow<BadRequestException> { encode(CreateRequest.builder().message(SystemMessage("only")).build()) }
            .message!! shouldContain "at least one user message"
    }
})

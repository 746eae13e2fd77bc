package dev.switchboard.opentelemetry

import dev.switchboard.AssistantMessage
import dev.switchboard.Choice
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.RequestUsage
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import io.opentelemetry.api.OpenTelemetry
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

/** Message content: off by default; when captured, JSON after the conventions' schemas, with secrets redacted. */
class ContentCaptureTest : FunSpec({
    val key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123"
    val request = createRequest {
        system("Be brief")
        message(UserMessage.of(TextPart("My key is $key"), ImagePart(Image.fromUrl("https://img.example/cat.png?X-Amz-Signature=s3cr3tvalue"))))
        message(AssistantMessage.ofToolCalls(listOf(FunctionCall("call_1", "lookup", """{"password": "hunter2hunter2"}"""))))
        message(ToolResultMessage.of(FunctionExecutionResult.of("call_1", "lookup", "api_key=abcd1234efgh")))
    }
    val answer = CreateResult.builder()
        .choices(listOf(Choice.builder().content("Your key $key is safe").thought("Thinking").finishReason(FinishReason.STOP).build()))
        .usage(RequestUsage.of(10, 5))
        .build()

    fun parse(json: String?): JsonArray = Json.parseToJsonElement(json!!).jsonArray

    test("content is not recorded by default") {
        TestTelemetry().use { otel ->
            Replays.of(answer).traced(otel.openTelemetry).create(request)

            val span = otel.span("chat gpt-4o-mini")
            span[GenAiKeys.INPUT_MESSAGES] shouldBe null
            span[GenAiKeys.OUTPUT_MESSAGES] shouldBe null
            GenAiTelemetry.create(OpenTelemetry.noop()).isContentCaptured shouldBe false
        }
    }

    test("captured content follows the input and output messages schemas, every role and part in order") {
        TestTelemetry().use { otel ->
            val telemetry = GenAiTelemetry.builder(otel.openTelemetry).captureContent(true).build()
            Replays.of(answer).traced(telemetry).create(request)

            val span = otel.span("chat gpt-4o-mini")
            val input = parse(span[GenAiKeys.INPUT_MESSAGES])
            input.map { it.jsonObject["role"]!!.jsonPrimitive.content } shouldBe listOf("system", "user", "assistant", "tool")
            input[0].jsonObject["parts"] shouldBe Json.parseToJsonElement("""[{"type":"text","content":"Be brief"}]""")
            val userParts = input[1].jsonObject["parts"]!!.jsonArray
            userParts.map { it.jsonObject["type"]!!.jsonPrimitive.content } shouldBe listOf("text", "uri")
            userParts[1] shouldBe Json.parseToJsonElement("""{"type":"uri","modality":"image","uri":"https://img.example/cat.png"}""")
            val call = input[2].jsonObject["parts"]!!.jsonArray.single().jsonObject
            call["type"]!!.jsonPrimitive.content shouldBe "tool_call"
            call["id"]!!.jsonPrimitive.content shouldBe "call_1"
            call["name"]!!.jsonPrimitive.content shouldBe "lookup"
            val response = input[3].jsonObject["parts"]!!.jsonArray.single().jsonObject
            response["type"]!!.jsonPrimitive.content shouldBe "tool_call_response"
            response["id"]!!.jsonPrimitive.content shouldBe "call_1"

            val output = parse(span[GenAiKeys.OUTPUT_MESSAGES]).single().jsonObject
            output["role"]!!.jsonPrimitive.content shouldBe "assistant"
            output["finish_reason"]!!.jsonPrimitive.content shouldBe "stop"
            output["parts"]!!.jsonArray.map { it.jsonObject["type"]!!.jsonPrimitive.content } shouldBe listOf("reasoning", "text")
        }
    }

    test("captured content has keys, credential fields and URL signatures redacted") {
        TestTelemetry().use { otel ->
            val telemetry = GenAiTelemetry.builder(otel.openTelemetry).captureContent(true).build()
            Replays.of(answer).traced(telemetry).create(request)

            val span = otel.span("chat gpt-4o-mini")
            val input = span[GenAiKeys.INPUT_MESSAGES]!!
            val output = span[GenAiKeys.OUTPUT_MESSAGES]!!
            for (text in listOf(input, output)) {
                text shouldNotContain key
                text shouldNotContain "hunter2hunter2"
                text shouldNotContain "abcd1234efgh"
                text shouldNotContain "s3cr3tvalue"
            }
            parse(input)[1].jsonObject["parts"]!!.jsonArray[0].jsonObject["content"]!!.jsonPrimitive.content shouldBe "My key is sk-***"
        }
    }

    test("a stream captures its content too") {
        TestTelemetry().use { otel ->
            val telemetry = GenAiTelemetry.builder(otel.openTelemetry).captureContent(true).build()
            Replays.streaming().traced(telemetry).createStream(createRequest { user("Hi") }).toList()

            val span = otel.span("chat gpt-4o-mini")
            parse(span[GenAiKeys.INPUT_MESSAGES]).single().jsonObject["role"]!!.jsonPrimitive.content shouldBe "user"
            parse(span[GenAiKeys.OUTPUT_MESSAGES]).single().jsonObject["parts"]!!.jsonArray.single().jsonObject["content"]!!
                .jsonPrimitive.content shouldBe "Hello there"
        }
    }
})

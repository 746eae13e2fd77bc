package dev.switchboard.openai

import dev.switchboard.AssistantMessage
import dev.switchboard.CreateRequest
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.ModelFamily
import dev.switchboard.ResponseFormat
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.ToolChoice
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * The [OpenAiCompatible.MISTRAL] preset builds requests that Mistral's own OpenAPI spec accepts (it forbids
 * fields it does not list, `stream_options` among them), streamed or not: each is sent to Prism serving
 * `mistral-openapi.yaml`, which answers 422 for an invalid request.
 *
 * Skipped, with the reason, when Prism is not installed, unless `SWITCHBOARD_REQUIRE_PRISM=1`.
 */
class MistralPresetConformanceTest : FunSpec({
    val prism = PrismFixture("mistral-openapi.yaml", "MistralPresetConformanceTest")
    afterSpec { prism.close() }

    val config = OpenAiCompatible.MISTRAL.config(mapOf("MISTRAL_API_KEY" to "mistral-conformance-key")::get).build()
    val codec = OpenAiChatCodec.from(config, ModelFamily.MISTRAL)
    val weather = RequestShapes.weather

    val shapes: List<Pair<String, CreateRequest>> = listOf(
        "minimal" to CreateRequest.of(UserMessage.of("Hi")),
        "system, sampling options and an output limit" to createRequest {
            system("Be brief"); user("Hi"); temperature(0.3); topP(0.9); maxTokens(64); stop("END"); n(2)
            presencePenalty(0.1); frequencyPenalty(0.1)
        },
        "tools, tool choice and parallel calls" to createRequest {
            user("Weather?"); tool(weather); toolChoice(ToolChoice.Required); parallelToolCalls(false)
        },
        "a tool choice by name" to createRequest { user("Weather?"); tool(weather); toolChoice(ToolChoice.Named("get_weather")) },
        "a tool round trip" to CreateRequest.of(
            SystemMessage("Use the tools"),
            UserMessage.of("Weather in Paris?"),
            AssistantMessage.ofToolCalls(listOf(FunctionCall("call_1", "get_weather", """{"city":"Paris","unit":"c"}"""))),
            ToolResultMessage.of(FunctionExecutionResult.of("call_1", "get_weather", "18C")),
        ).newBuilder().tool(weather).build(),
        "an image" to CreateRequest.of(
            UserMessage.of(TextPart("What is this?"), ImagePart(Image.fromBytes(RequestShapes.png, "image/png"))),
        ),
        "JSON output" to createRequest { user("Hi as JSON"); jsonOutput() },
        "a JSON schema" to createRequest {
            user("A city")
            responseFormat(ResponseFormat.jsonSchema("city", """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}"""))
        },
    )

    for ((name, request) in shapes) {
        for (stream in listOf(false, true)) {
            test("$name${if (stream) ", streamed" else ""}: Mistral's spec accepts the request").config(enabledOrReasonIf = prism.enabled) {
                val (status, body) = prism.send(codec.prepare("mistral-small-latest", request, stream).spec, "https://api.mistral.ai", stream)
                withClue("Prism answered $status: $body\n${prism.server().logTail()}") {
                    (status != 422 && status != 400 && status != 401) shouldBe true
                }
            }
        }
    }

    test("the validator is live: a field Mistral does not know gets 422").config(enabledOrReasonIf = prism.enabled) {
        val request = createRequest { user("Hi"); extraBodyJson("not_a_mistral_field", "true") }
        prism.send(codec.prepare("mistral-small-latest", request, false).spec, "https://api.mistral.ai", false).first shouldBe 422
    }
})

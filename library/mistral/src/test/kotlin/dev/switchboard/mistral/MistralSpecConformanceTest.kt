package dev.switchboard.mistral

import dev.switchboard.CreateRequest
import dev.switchboard.ResponseFormat
import dev.switchboard.ToolChoice
import dev.switchboard.createRequest
import dev.switchboard.testing.PrismServer
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * Every request shape the native codec builds is one Mistral's own OpenAPI spec (`spec/mistral-openapi.yaml`, which
 * forbids fields it does not list) accepts, streamed or not: each is sent to Prism serving the spec, which answers 422
 * for an invalid body and 401 without the bearer key. Skipped, with the reason, when Prism is not installed, unless
 * `SWITCHBOARD_REQUIRE_PRISM=1`.
 */
class MistralSpecConformanceTest : FunSpec({
    val prism = PrismServer("mistral-openapi.yaml", "MistralSpecConformanceTest")
    afterSpec { prism.close() }
    val codec = MistralChatCodec.from(MistralConfig.builder().apiKey("mistral-conformance-key").safePrompt(true).promptMode("reasoning").build())
    val weather = MistralShapes.weather

    val shapes: List<Pair<String, CreateRequest>> = listOf(
        "minimal" to createRequest { user("Hi") },
        "every message shape" to CreateRequest.of(MistralShapes.conversation).newBuilder().tool(weather).tool(dev.switchboard.Tool.withoutParameters("now", "Time")).build(),
        "sampling options, seed, several choices, reasoning effort" to createRequest {
            system("Be brief"); user("Hi"); temperature(0.3); topP(0.9); maxTokens(64); stop("END", "STOP"); seed(42); n(2)
            presencePenalty(0.1); frequencyPenalty(0.1); reasoningEffort("none")
        },
        "tools, tool choice any, no parallel calls" to createRequest { user("Weather?"); tool(weather); toolChoice(ToolChoice.Required); parallelToolCalls(false) },
        "a tool choice by name" to createRequest { user("Weather?"); tool(weather); toolChoice(ToolChoice.Named("get_weather")) },
        "tool choice none and auto" to createRequest { user("Weather?"); tool(weather); toolChoice(ToolChoice.None) },
        "JSON output" to createRequest { user("Hi as JSON"); jsonOutput() },
        "a JSON schema" to createRequest {
            user("A city")
            responseFormat(ResponseFormat.jsonSchema("city", """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}"""))
        },
    )

    for ((name, request) in shapes) {
        for (stream in listOf(false, true)) {
            test("$name${if (stream) ", streamed" else ""}: Mistral's spec accepts the request").config(enabledOrReasonIf = prism.enabled) {
                val spec = codec.prepare("mistral-small-latest", request, stream).spec
                val (status, answer) = prism.send("/v1/chat/completions", spec.body!!, spec.headers, if (stream) "text/event-stream" else "application/json")
                withClue("Prism answered $status: $answer\n${prism.logTail()}") { (status in listOf(400, 401, 422)) shouldBe false }
            }
        }
    }

    test("the validator is live: the OpenAI name `seed` gets 422, and so does a request without the key").config(enabledOrReasonIf = prism.enabled) {
        val spec = codec.prepare("mistral-small-latest", createRequest { user("Hi"); extraBodyJson("seed", "3") }, false).spec
        prism.send("/v1/chat/completions", spec.body!!, spec.headers).first shouldBe 422
        val plain = codec.prepare("mistral-small-latest", createRequest { user("Hi") }, false).spec
        prism.send("/v1/chat/completions", plain.body!!, emptyMap()).first shouldBe 401
    }
})

package dev.switchboard.gemini

import dev.switchboard.CreateRequest
import dev.switchboard.HttpOptions
import dev.switchboard.ResponseFormat
import dev.switchboard.ToolChoice
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import dev.switchboard.spi.HttpRequestSpec
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

/**
 * Every request shape the codec builds is one the Gemini API's published spec (v1beta, generated from Google's
 * discovery document) accepts: each is sent, as the codec encoded it, to Prism serving `gemini-openapi3.prism.json`,
 * which answers 422 with the violations for an invalid request. Streams are validated as requests only.
 *
 * Skipped, with the reason, when Prism is not installed, unless `SWITCHBOARD_REQUIRE_PRISM=1`.
 */
class GeminiSpecConformanceTest : FunSpec({
    val prism = PrismServer("GeminiSpecConformanceTest")
    afterSpec { prism.close() }
    val http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()

    fun codec(): GeminiChatCodec = GeminiChatCodec.from(
        GeminiConfig.builder().apiKey("test-key-123").baseUrl(prism.baseUrl()).httpOptions(HttpOptions.builder().maxRetries(0).build()).build(),
        "gemini-2.5-flash",
    )

    fun send(spec: HttpRequestSpec): Pair<Int, String> {
        val b = HttpRequest.newBuilder(URI(spec.url)).timeout(Duration.ofSeconds(60))
            .header("Content-Type", spec.contentType).header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(spec.body!!))
        spec.headers.forEach { (k, v) -> b.header(k, v) }
        val response = http.send(b.build(), HttpResponse.BodyHandlers.ofString())
        // Prism names the violations in the sl-violations header (its body is the spec's example either way).
        return response.statusCode() to (response.headers().firstValue("sl-violations").orElse("") + " " + response.body().take(300))
    }

    val shapes: List<Pair<String, CreateRequest>> = listOf(
        "minimal" to CreateRequest.of(UserMessage.of("Hi")),
        "every generation option and a thinking budget" to createRequest {
            user("Hi"); temperature(0.7); topP(0.9); topK(40); n(2); maxTokens(64); stop("END", "STOP"); seed(7L)
            presencePenalty(0.5); frequencyPenalty(-0.5); thinkingBudget(512)
        },
        "a thinking level" to createRequest { user("Hi"); reasoningEffort("low") },
        "a whole conversation with images, signed thoughts, function calls and responses" to CreateRequest.of(RequestShapes.conversation),
        "tools with a forced choice" to createRequest {
            system("Be brief"); user("Weather?"); tool(RequestShapes.weather); tool(RequestShapes.clock); toolChoice(ToolChoice.named("get_weather"))
        },
        "JSON mode" to createRequest { user("As JSON"); jsonOutput() },
        "a schema" to createRequest {
            user("As JSON")
            responseFormat(
                ResponseFormat.jsonSchema(
                    "city",
                    """{"type":"object","properties":{"city":{"type":"string","minLength":1},"tags":{"type":"array","items":{"type":"string"},"maxItems":3},""" +
                        """"kind":{"type":"string","enum":["a","b"]}},"required":["city"]}""",
                ),
            )
        },
    )

    for ((name, request) in shapes) {
        for (stream in listOf(false, true)) {
            test("$name${if (stream) ", streamed" else ""}: the spec accepts the request").config(enabledOrReasonIf = prism.enabled) {
                val spec = codec().prepare("gemini-2.5-flash", request, stream).spec
                val (status, body) = send(spec)
                withClue("Prism answered $status: $body\n${spec.body!!.decodeToString()}") { (status != 422 && status != 404) shouldBe true }
                if (!stream) status shouldBe 200
            }
        }
    }

    test("a request the spec rejects is rejected: Prism is validating").config(enabledOrReasonIf = prism.enabled) {
        val spec = codec().prepare("gemini-2.5-flash", createRequest { user("Hi"); extraBodyJson("generationConfig", """{"candidateCount":"many"}""") }, false).spec
        val (status, body) = send(spec)
        status shouldBe 422
        body shouldContain "candidateCount"
    }
})

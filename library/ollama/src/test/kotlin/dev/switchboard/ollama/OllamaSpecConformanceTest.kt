package dev.switchboard.ollama

import dev.switchboard.CreateRequest
import dev.switchboard.FinishReason
import dev.switchboard.HttpOptions
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.ResponseFormat
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
 * Every request shape the codec builds is one Ollama's published OpenAPI spec accepts: each is sent, as the
 * codec encoded it, to Prism serving `ollama-openapi.yaml`, which answers 422 with the violations for an
 * invalid request. The spec's example answers of `/api/chat`, `/api/show` and `/api/tags` are read by the
 * client itself, over HTTP. Streams are validated as requests only (the spec has no stream example).
 *
 * Skipped, with the reason, when Prism is not installed, unless `SWITCHBOARD_REQUIRE_PRISM=1`.
 */
class OllamaSpecConformanceTest : FunSpec({
    val prism = PrismServer("OllamaSpecConformanceTest")
    afterSpec { prism.close() }
    val http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()

    fun config(): OllamaConfig = OllamaConfig.builder().baseUrl(prism.baseUrl()).keepAlive(Duration.ofMinutes(10)).think(true)
        .numCtx(8192).topK(40).httpOptions(HttpOptions.builder().maxRetries(0).build()).build()

    fun send(spec: HttpRequestSpec): Pair<Int, String> {
        val b = HttpRequest.newBuilder(URI(spec.url)).timeout(Duration.ofSeconds(60))
            .header("Content-Type", spec.contentType).header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(spec.body!!))
        val response = http.send(b.build(), HttpResponse.BodyHandlers.ofString())
        return response.statusCode() to response.body()
    }

    val shapes: List<Pair<String, CreateRequest>> = listOf(
        "minimal" to CreateRequest.of(UserMessage.of("Hi")),
        "every sampling option, logprobs and a thinking level" to createRequest {
            user("Hi"); temperature(0.7); topP(0.9); maxTokens(64); stop("END", "STOP"); seed(7L)
            presencePenalty(0.5); frequencyPenalty(-0.5); logprobs(true); topLogprobs(5); reasoningEffort("low")
        },
        "a whole conversation with images, thinking, tool calls and tool results" to CreateRequest.of(RequestShapes.conversation),
        "tools" to createRequest { system("Be brief"); user("Weather?"); tool(RequestShapes.weather); tool(RequestShapes.clock) },
        "JSON mode" to createRequest { user("As JSON"); jsonOutput() },
        "a schema" to createRequest {
            user("As JSON")
            responseFormat(ResponseFormat.jsonSchema("city", """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""))
        },
        "thinking off" to createRequest { user("Hi"); reasoningEffort("none") },
    )

    for ((name, request) in shapes) {
        for (stream in listOf(false, true)) {
            test("$name${if (stream) ", streamed" else ""}: the spec accepts the request").config(enabledOrReasonIf = prism.enabled) {
                val spec = OllamaChatCodec.from(config(), "gemma4").prepare("gemma4", request, stream).spec
                val (status, body) = send(spec)
                withClue("Prism answered $status: $body\n${spec.body!!.decodeToString()}") { (status != 422) shouldBe true }
                if (!stream) status shouldBe 200
            }
        }
    }

    test("a request the spec rejects is rejected: Prism is validating").config(enabledOrReasonIf = prism.enabled) {
        val spec = OllamaChatCodec.from(config(), "gemma4").prepare("gemma4", createRequest { user("Hi"); extraBodyJson("think", "\"minimal\"") }, false).spec
        val (status, body) = send(spec)
        status shouldBe 422
        body shouldContain "think"
    }

    test("the client reads the spec's example answers of /api/show, /api/chat and /api/tags").config(enabledOrReasonIf = prism.enabled) {
        OllamaChatCompletionClient.create("gemma4", config()).use { c ->
            val result = c.create(CreateRequest.of(UserMessage.of("Hi")))
            result.content shouldBe "Hello! How can I help you today?"
            result.finishReason shouldBe FinishReason.STOP
            result.usage.promptTokens shouldBe 11
            result.usage.completionTokens shouldBe 18
            c.modelInfo shouldBe ModelInfo(
                vision = true, functionCalling = false, jsonOutput = true, structuredOutput = true,
                family = ModelFamily.of("gemma4"), contextWindow = 8192,
            )
            c.listModels().map { it.name } shouldBe listOf("gemma4")
        }
    }
})

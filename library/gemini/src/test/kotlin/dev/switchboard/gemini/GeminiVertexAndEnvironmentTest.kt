package dev.switchboard.gemini

import com.sun.net.httpserver.HttpServer
import dev.switchboard.ContentFilterException
import dev.switchboard.FinishReason
import dev.switchboard.auth.AccessToken
import dev.switchboard.auth.AccessTokenProvider
import dev.switchboard.createRequest
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.runBlocking
import java.net.InetSocketAddress
import java.time.Instant
import java.util.Collections
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class GeminiVertexAndEnvironmentTest : FunSpec({
    val answer = """{"candidates":[{"content":{"role":"model","parts":[{"text":"ok"}]},"finishReason":"STOP","index":0}],""" +
        """"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1,"totalTokenCount":4},"responseId":"r1"}"""

    fun url(config: GeminiConfig, model: String): String =
        GeminiChatCodec.from(config, model).prepare(model, createRequest { user("x") }, stream = false).spec.url

    test("Vertex AI URLs: a regional host, the global host, the publisher model path, and a full model name kept as it is") {
        val regional = GeminiConfig.vertex("my-project", "europe-west4").build()
        url(regional, "gemini-2.5-flash") shouldBe
            "https://europe-west4-aiplatform.googleapis.com/v1/projects/my-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent"
        val global = GeminiConfig.vertex("my-project", "global").build()
        url(global, "gemini-2.5-pro") shouldBe
            "https://aiplatform.googleapis.com/v1/projects/my-project/locations/global/publishers/google/models/gemini-2.5-pro:generateContent"
        url(global, "publishers/google/models/gemini-2.0-flash") shouldBe
            "https://aiplatform.googleapis.com/v1/projects/my-project/locations/global/publishers/google/models/gemini-2.0-flash:generateContent"
        GeminiChatCodec.from(global, "gemini-2.5-pro").prepare("gemini-2.5-pro", createRequest { user("x") }, stream = true).spec.url shouldBe
            "https://aiplatform.googleapis.com/v1/projects/my-project/locations/global/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse"
        url(GeminiConfig.builder().apiKey("test-key-123").build(), "gemini-2.5-flash") shouldBe
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"
        shouldThrow<IllegalArgumentException> { GeminiConfig.vertex("my project", "global") }.message!! shouldContain "project id"
        shouldThrow<IllegalArgumentException> { GeminiChatCompletionClient.create("gemini-2.5-flash", global) }.message!! shouldContain "tokenProvider"
    }

    test("Vertex AI: every attempt asks for a token, so a retry after a 503 carries the fresh one once the first expired") {
        val seen = Collections.synchronizedList(ArrayList<String?>())
        val paths = Collections.synchronizedList(ArrayList<String>())
        val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
        server.createContext("/") { ex ->
            seen += ex.requestHeaders.getFirst("Authorization")
            paths += ex.requestURI.path
            ex.requestBody.readAllBytes()
            val first = seen.size == 1
            val body = (if (first) """{"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}""" else answer).toByteArray()
            if (first) ex.responseHeaders.add("retry-after-ms", "1500")
            ex.responseHeaders.add("Content-Type", "application/json")
            ex.sendResponseHeaders(if (first) 503 else 200, body.size.toLong())
            ex.responseBody.write(body)
            ex.close()
        }
        server.start()
        try {
            val calls = AtomicInteger()
            // Each token lives 700 ms: the retry, 1.5 s later, must not reuse the first.
            val tokens = AccessTokenProvider { AccessToken("test-token-${calls.incrementAndGet()}", Instant.now().plusMillis(700)) }
            val config = GeminiConfig.vertex("p1", "us-central1").baseUrl("http://127.0.0.1:${server.address.port}").tokenProvider(tokens)
                .httpOptions { maxRetries = 1; initialBackoff = 10.milliseconds; maxBackoff = 3.seconds }.build()
            val result = runBlocking { GeminiChatCompletionClient.create("gemini-2.5-flash", config).create(createRequest { user("Hi") }) }
            result.content shouldBe "ok"
            seen shouldBe listOf("Bearer test-token-1", "Bearer test-token-2")
            paths.toSet() shouldBe setOf("/v1/projects/p1/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent")
        } finally {
            server.stop(0)
        }
    }

    test("the environment: GEMINI_API_KEY wins over GOOGLE_API_KEY; without either the error names both") {
        GeminiConfig.fromEnvironment(mapOf("GEMINI_API_KEY" to "test-key-gemini", "GOOGLE_API_KEY" to "test-key-google")::get).build().apiKey shouldBe "test-key-gemini"
        GeminiConfig.fromEnvironment(mapOf("GOOGLE_API_KEY" to "test-key-google")::get).build().apiKey shouldBe "test-key-google"
        val none = GeminiConfig.fromEnvironment(emptyMap<String, String>()::get).build()
        val e = shouldThrow<IllegalArgumentException> { GeminiChatCompletionClient.create("gemini-2.5-flash", none) }
        e.message!! shouldContain "GEMINI_API_KEY"
        e.message!! shouldContain "GOOGLE_API_KEY"
        val vertex = GeminiConfig.fromEnvironment(
            mapOf("GOOGLE_GENAI_USE_VERTEXAI" to "true", "GOOGLE_CLOUD_PROJECT" to "p2", "GOOGLE_CLOUD_LOCATION" to "asia-northeast1", "GEMINI_API_KEY" to "test-key-123")::get,
        ).build()
        vertex.vertexProject shouldBe "p2"
        vertex.apiKey shouldBe null
        vertex.baseUrl shouldBe "https://asia-northeast1-aiplatform.googleapis.com"
        shouldThrow<IllegalArgumentException> { GeminiConfig.fromEnvironment(mapOf("GOOGLE_GENAI_USE_VERTEXAI" to "1")::get) }.message!! shouldContain "GOOGLE_CLOUD_PROJECT"
    }

    test("the non-streaming decoder: a blocked prompt, safety ratings, usage with cached and thoughts tokens") {
        val decoder = GenerateContentDecoder("gemini")
        val blocked = """{"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH","blocked":true}]},""" +
            """"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-2.5-flash"}"""
        val e = shouldThrow<ContentFilterException> { decoder.decode(blocked.toByteArray(), "req-1") }
        e.message!! shouldContain "SAFETY"
        val rated = """{"candidates":[{"content":{"role":"model","parts":[{"text":"Here is"}]},"finishReason":"SAFETY","index":0,"safetyRatings":[""" +
            """{"category":"HARM_CATEGORY_HARASSMENT","probability":"NEGLIGIBLE"},{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"MEDIUM","blocked":true}]}],""" +
            """"promptFeedback":{"safetyRatings":[{"category":"HARM_CATEGORY_HARASSMENT","probability":"LOW"}]},""" +
            """"usageMetadata":{"promptTokenCount":120,"cachedContentTokenCount":100,"candidatesTokenCount":5,"thoughtsTokenCount":40,"totalTokenCount":165},""" +
            """"responseId":"resp-7","modelVersion":"gemini-2.5-flash"}"""
        val r = decoder.decode(rated.toByteArray(), "req-2")
        r.finishReason shouldBe FinishReason.CONTENT_FILTER
        r.rawFinishReason shouldBe "SAFETY"
        r.contentFilter.map { Triple(it.category, it.filtered, it.severity) } shouldBe listOf(
            Triple("HARM_CATEGORY_HARASSMENT", false, "NEGLIGIBLE"), Triple("HARM_CATEGORY_DANGEROUS_CONTENT", true, "MEDIUM"),
        )
        r.promptFilter.map { it.category to it.severity } shouldBe listOf("HARM_CATEGORY_HARASSMENT" to "LOW")
        r.usage.promptTokens shouldBe 120
        r.usage.cachedTokens shouldBe 100
        r.usage.completionTokens shouldBe 45
        r.usage.reasoningTokens shouldBe 40
        r.id shouldBe "resp-7"
    }

    test("secret hygiene: the key is in no toString and no error message") {
        val key = "test-key-hygiene-42"
        val config = GeminiConfig.builder().apiKey(key).baseUrl("http://127.0.0.1:9").header("x-extra", key)
            .httpOptions { maxRetries = 0; connectTimeout = 500.milliseconds }.build()
        config.toString() shouldNotContain key
        val client = GeminiChatCompletionClient.create("gemini-2.5-flash", config)
        client.toString() shouldNotContain key
        GeminiChatCodec.from(config, "gemini-2.5-flash").toString() shouldNotContain key
        val failure = runCatching { runBlocking { client.create(createRequest { user("Hi") }) } }.exceptionOrNull()!!
        generateSequence(failure) { it.cause }.forEach { (it.message ?: "") shouldNotContain key; it.toString() shouldNotContain key }
        val decoder = GenerateContentDecoder("gemini", GeminiConfig.secrets(config))
        val echoed = """{"error":{"code":400,"message":"API key $key not valid","status":"INVALID_ARGUMENT"}}"""
        val e = shouldThrow<Exception> { decoder.decode(echoed.toByteArray(), null) }
        e.message!! shouldNotContain key
    }
})

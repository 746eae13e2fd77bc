package dev.switchboard.ollama

import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.NotFoundException
import dev.switchboard.PermissionDeniedException
import dev.switchboard.RateLimitException
import dev.switchboard.ServerException
import dev.switchboard.ResponseHeaders
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.time.Duration

class OllamaErrorsTest : FunSpec({
    val codec = OllamaChatCodec.from(OllamaConfig.builder().baseUrl("gpu-box").build(), "llama3.2")
    val noHeaders = ResponseHeaders { null }
    fun decode(status: Int, body: String, headers: ResponseHeaders = noHeaders) = codec.decodeError(status, headers, body)

    test("404 with Ollama's error is a missing model, and the message says how to pull it") {
        val e = decode(404, """{"error":"model 'llama3.2' not found"}""").shouldBeInstanceOf<NotFoundException>()
        e.message!! shouldContain "model 'llama3.2' not found"
        e.message!! shouldContain "ollama pull llama3.2"
        e.statusCode shouldBe 404
        e.provider shouldBe "ollama"
        e.bodyExcerpt!! shouldContain "not found"
    }

    test("404 without Ollama's error body means the base URL does not lead to Ollama") {
        val e = decode(404, "404 page not found").shouldBeInstanceOf<NotFoundException>()
        e.message!! shouldContain "does not serve /api/chat"
        e.message!! shouldContain "http://gpu-box:11434"
        e.message!! shouldNotContain "ollama pull"
        codec.errors("/api/show", "llama3.2").decode(404, noHeaders, "404 page not found").message!! shouldContain "OllamaConfig.Builder.modelInfo"
    }

    test("Ollama's context length messages are ContextLengthExceededException") {
        for (text in listOf(
            "the input length exceeds the context length",
            "the prompt is longer than the context length currently available to the model; shorten the prompt",
            "input exceeds maximum context length and cannot be truncated further",
        )) {
            val e = decode(400, """{"error":"$text"}""").shouldBeInstanceOf<ContextLengthExceededException>()
            e.message!! shouldContain text.substringBefore(';')
            e.message!! shouldContain "num_ctx"
        }
    }

    test("other statuses map as the core maps them, with Ollama's message") {
        decode(400, """{"error":"\"gemma:2b\" does not support tools"}""").shouldBeInstanceOf<BadRequestException>()
            .message!! shouldContain "does not support tools"
        decode(401, """{"error":"unauthorized"}""").shouldBeInstanceOf<AuthenticationException>()
        decode(403, """{"error":"remote inference is disabled"}""").shouldBeInstanceOf<PermissionDeniedException>()
        val rate = decode(429, """{"error":"too many requests"}""", { if (it.equals("retry-after", true)) "7" else null })
            .shouldBeInstanceOf<RateLimitException>()
        rate.retryAfter shouldBe Duration.ofSeconds(7)
        val server = decode(500, """{"error":"llama runner process has terminated: exit status 2"}""").shouldBeInstanceOf<ServerException>()
        server.message!! shouldContain "llama runner process has terminated"
        server.isRetryable shouldBe true
        decode(502, """{"error":{"message":"upstream Ollama unavailable","type":"proxy"}}""").message!! shouldContain "upstream Ollama unavailable"
    }

    test("a 404 that is not Ollama's model-not-found (HTML, another server's JSON, a proxy's) is a missing route, on /api/chat and /api/show") {
        val notOllama = listOf(
            "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>",
            """{"timestamp":"2026-01-01T00:00:00.000+00:00","status":404,"error":"Not Found","path":"/api/show"}""",
            """{"detail":"Not Found"}""",
            """{"error":"Not Found"}""",
            """{"error":{"message":"Not Found","type":"invalid_request_error"}}""",
            """{"error":"model 'llama3.2' not found","path":"/api/chat"}""",
            "",
        )
        for (body in notOllama) withClue(body) {
            for (endpoint in listOf("/api/chat", "/api/show")) {
                val e = codec.errors(endpoint, "llama3.2").decode(404, noHeaders, body).shouldBeInstanceOf<NotFoundException>()
                e.message!! shouldContain "does not serve $endpoint"
                e.message!! shouldContain "http://gpu-box:11434"
                e.message!! shouldNotContain "ollama pull"
                e.statusCode shouldBe 404
            }
        }
        // Ollama's own answers for a missing model, current and older, on both endpoints.
        for (body in listOf("""{"error":"model 'llama3.2' not found"}""", """{"error":"model \"llama3.2\" not found, try pulling it first"}""")) {
            for (endpoint in listOf("/api/chat", "/api/show")) withClue("$endpoint $body") {
                val e = codec.errors(endpoint, "llama3.2").decode(404, noHeaders, body)
                e.message!! shouldContain "ollama pull llama3.2"
                e.message!! shouldNotContain "does not serve"
            }
        }
        // /api/tags is about no model: its 404 is always the route.
        codec.errors("/api/tags", null).decode(404, noHeaders, """{"error":"not found"}""").message!! shouldContain "does not serve /api/tags"
    }
})

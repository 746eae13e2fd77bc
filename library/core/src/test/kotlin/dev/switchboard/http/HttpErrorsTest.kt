package dev.switchboard.http

import dev.switchboard.ApiException
import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.NotFoundException
import dev.switchboard.PermissionDeniedException
import dev.switchboard.RateLimitException
import dev.switchboard.ServerException
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.ResponseHeaders
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.time.Duration

class HttpErrorsTest : FunSpec({
    fun headers(vararg pairs: Pair<String, String>): ResponseHeaders {
        val map = pairs.associate { it.first.lowercase() to it.second }
        return ResponseHeaders { map[it.lowercase()] }
    }
    val none = headers()
    val openAiBody = """{"error":{"message":"Incorrect API key provided: sk-proj-abcdefghijklmnop1234.","type":"invalid_request_error","code":"invalid_api_key"}}"""

    test("maps each status family to its typed error") {
        HttpErrors.map("p", 401, none, "").shouldBeInstanceOf<AuthenticationException>()
        HttpErrors.map("p", 403, none, "").shouldBeInstanceOf<PermissionDeniedException>()
        HttpErrors.map("p", 404, none, "").shouldBeInstanceOf<NotFoundException>()
        HttpErrors.map("p", 400, none, "").shouldBeInstanceOf<BadRequestException>()
        HttpErrors.map("p", 422, none, "").shouldBeInstanceOf<BadRequestException>()
        HttpErrors.map("p", 429, none, "").shouldBeInstanceOf<RateLimitException>()
        for (status in listOf(408, 409, 500, 502, 503, 504, 529)) {
            val e = HttpErrors.map("p", status, none, "")
            e.shouldBeInstanceOf<ServerException>()
            e.isRetryable shouldBe true
            e.statusCode shouldBe status
        }
        HttpErrors.map("p", 418, none, "").shouldBeInstanceOf<ApiException>()
        HttpErrors.map("p", 401, none, "").isRetryable shouldBe false
    }

    test("the message names provider, status and the provider's message, with the key redacted") {
        val e = HttpErrors.map("openai", 401, headers("x-request-id" to "req_42"), openAiBody)
        e.message!! shouldContain "openai answered HTTP 401 Unauthorized: Incorrect API key provided: sk-***"
        e.message!! shouldNotContain "abcdefghijklmnop"
        e.requestId shouldBe "req_42"
        e.provider shouldBe "openai"
        e.bodyExcerpt!! shouldNotContain "abcdefghijklmnop"
        e.bodyExcerpt!! shouldContain "invalid_api_key"
        e.message!! shouldContain "(request id req_42)"
    }

    test("an explicit message wins and is redacted too") {
        val e = HttpErrors.map("p", 400, none, "{}", "bad token Bearer abcdefghijkl")
        e.message!! shouldContain "bad token Bearer ***"
        e.message!! shouldNotContain "abcdefghijkl"
    }

    test("request id falls back to request-id") {
        HttpErrors.map("p", 500, headers("request-id" to "r-1"), "").requestId shouldBe "r-1"
    }

    test("429 reads retry-after-ms before Retry-After") {
        (HttpErrors.map("p", 429, headers("retry-after" to "7"), "") as RateLimitException).retryAfter shouldBe Duration.ofSeconds(7)
        (HttpErrors.map("p", 429, headers("retry-after" to "7", "retry-after-ms" to "1500"), "") as RateLimitException)
            .retryAfter shouldBe Duration.ofMillis(1500)
        (HttpErrors.map("p", 429, none, "") as RateLimitException).retryAfter shouldBe null
    }

    test("context length errors are recognised in 400 bodies") {
        val body = """{"error":{"message":"This model's maximum context length is 8192 tokens.","code":"context_length_exceeded"}}"""
        HttpErrors.map("p", 400, none, body).shouldBeInstanceOf<ContextLengthExceededException>()
    }

    test("messages are found in other common shapes") {
        HttpErrors.map("p", 400, none, """{"error":"model is required"}""").message!! shouldContain "model is required"
        HttpErrors.map("p", 400, none, """{"message":"nope"}""").message!! shouldContain "nope"
        HttpErrors.map("p", 422, none, """{"detail":[{"msg":"field required"}]}""").message!! shouldContain "field required"
        HttpErrors.map("p", 500, none, "<html>oops</html>").message!! shouldContain "HTTP 500 Internal Server Error"
    }

    test("the body excerpt is bounded") {
        val e = HttpErrors.map("p", 500, none, "x".repeat(10_000))
        e.bodyExcerpt!!.length shouldBe HttpErrors.EXCERPT_LENGTH + 1
        HttpErrors.map("p", 500, none, "  ").bodyExcerpt shouldBe null
    }

    test("redact hides keys and tokens in their usual shapes") {
        val secrets = listOf(
            "sk-proj-AbCdEf0123456789xyz",
            "sk-ant-api03-AbCdEf0123456789",
            "AIzaSyA1234567890abcdefghijklmnopqrs",
            "AKIAIOSFODNN7EXAMPLE",
            "ghp_abcdefghijklmnopqrstuvwxyz0123",
            "hf_abcdefghijklmnopqrstuvwxyz",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        )
        for (s in secrets) {
            val out = HttpErrors.redact("value $s here")
            out shouldNotContain s.substring(8)
            out shouldContain "value "
            out shouldContain " here"
        }
        HttpErrors.redact("Authorization: Bearer abc.def-ghi_jkl") shouldNotContain "abc.def"
        HttpErrors.redact("""{"api_key": "zzzsecretzzz", "max_tokens": 100}""") shouldBe """{"api_key": "***", "max_tokens": 100}"""
        HttpErrors.redact("https://x.test/v1?key=abc123secret&alt=sse") shouldBe "https://x.test/v1?key=***&alt=sse"
        HttpErrors.redact("x-api-key: 0123456789abcdef") shouldBe "x-api-key: ***"
        HttpErrors.redact("nothing secret here, 42 tokens used") shouldBe "nothing secret here, 42 tokens used"
    }
})

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
import dev.switchboard.ResponseHeaders
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldEndWith
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import java.time.Duration

class HttpErrorsTest : FunSpec({
    fun headers(vararg pairs: Pair<String, String>): ResponseHeaders {
        val map = pairs.associate { it.first.lowercase() to it.second }
        return ResponseHeaders { map[it.lowercase()] }
    }
    val none = headers()
    val openAiKey = "sk-" + "proj-" + "abcdefghijklmnop1234"
    val openAiBody = """{"error":{"message":"Incorrect API key provided: $openAiKey.","type":"invalid_request_error","code":"invalid_api_key"}}"""

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
        e.bodyExcerpt shouldContain "invalid_api_key"
        e.message!! shouldContain "(request id req_42)"
    }

    test("the status and its reason are followed by a colon, with or without the provider's message") {
        HttpErrors.map("openai", 502, none, "").message shouldBe
            "openai answered HTTP 502 Bad Gateway: The provider failed or is overloaded; retrying later may succeed."
        HttpErrors.map("openai", 502, none, """{"error":{"message":"upstream down"}}""").message shouldBe
            "openai answered HTTP 502 Bad Gateway: upstream down. The provider failed or is overloaded; retrying later may succeed."
        HttpErrors.map("p", 520, headers("x-request-id" to "r1"), "").message shouldBe
            "p answered HTTP 520: The provider failed or is overloaded; retrying later may succeed. (request id r1)"
        HttpErrors.map("p", 429, none, "").message shouldBe "p answered HTTP 429 Too Many Requests: Rate limited: slow down and retry later."
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

    // Fake keys are built at run time, so that no string in the repository looks like a real key to a secret scanner.
    val tail = "AbCdEf0123456789" + "GhIjKlMnOpQrStUv"

    test("redact hides provider keys in their usual shapes") {
        val secrets = mapOf(
            "OpenAI" to "sk-" + tail,
            "OpenAI project" to "sk-proj-" + tail,
            "OpenAI service account" to "sk-svcacct-" + tail,
            "Anthropic" to "sk-ant-" + "api03-" + tail,
            "Groq" to "gsk_" + tail,
            "xAI" to "xai-" + tail,
            "Fireworks" to "fw_" + tail,
            "NVIDIA" to "nvapi-" + tail,
            "Perplexity" to "pplx-" + tail,
            "Hugging Face" to "hf_" + tail,
            "Google" to "AIza" + "SyA" + tail,
            "AWS access key" to "AKIA" + "IOSFODNN7EXAMPLE",
            "AWS temporary key" to "ASIA" + "IOSFODNN7EXAMPLE",
            "GitHub" to "ghp_" + tail,
            "JWT" to "eyJ" + "hbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        )
        for ((what, key) in secrets) {
            withClue(what) {
                for (text in listOf("value $key here", "\"$key\"", "key=$key&x=1", "Incorrect API key provided: $key.")) {
                    val out = HttpErrors.redact(text)
                    out shouldNotContain key.substring(key.length - 12)
                    out shouldContain "***"
                }
                HttpErrors.redact("value $key here") shouldStartWith "value "
                HttpErrors.redact("value $key here") shouldEndWith " here"
            }
        }
    }

    test("redact hides bearer and basic credentials") {
        HttpErrors.redact("Authorization: Bearer abc.def-ghi_jkl") shouldNotContain "abc.def"
        HttpErrors.redact("authorization: bearer $tail") shouldNotContain tail
        HttpErrors.redact("Proxy-Authorization: Basic dXNlcjpwYXNzd29yZA==") shouldNotContain "dXNlcjpwYXNz"
        HttpErrors.redact("""{"headers":{"Authorization":"Bearer $tail"}}""") shouldNotContain tail
    }

    test("redact hides the values of key, token and secret fields, in JSON, headers and query strings") {
        val value = "zq" + "7xK2pLm9Vw4"
        val shapes = listOf(
            """{"api_key": "$value", "max_tokens": 100}""",
            """{"apiKey":"$value"}""",
            """{"x-api-key":"$value"}""",
            """{"api-key": "$value"}""",
            """{"openai_api_key": "$value"}""",
            "OPENAI_API_KEY=$value",
            "x-api-key: $value",
            "api-key: $value",
            "x-goog-api-key: $value",
            """{"aws_secret_access_key": "$value"}""",
            """{"SecretAccessKey":"$value","SessionToken":"$value"}""",
            "x-amz-security-token: $value",
            """{"access_token":"$value","refresh_token":"$value"}""",
            """{"client_secret": "$value"}""",
            "password=$value",
            "https://x.test/v1?key=$value&alt=sse",
        )
        for (text in shapes) withClue(text) { HttpErrors.redact(text) shouldNotContain value }
        HttpErrors.redact("""{"api_key": "$value", "max_tokens": 100}""") shouldBe """{"api_key": "***", "max_tokens": 100}"""
        HttpErrors.redact("https://x.test/v1?key=$value&alt=sse") shouldBe "https://x.test/v1?key=***&alt=sse"
        HttpErrors.redact("x-api-key: $value") shouldBe "x-api-key: ***"
    }

    test("redact takes linear time and stack on long adversarial bodies") {
        for (body in listOf("a-".repeat(32_000), "a_".repeat(32_000) + "=x", "eyJ" + "a".repeat(64_000), " a".repeat(32_000), "sk-" + "-".repeat(64_000), "[".repeat(64_000), "{\"a\":".repeat(10_000))) {
            val start = System.nanoTime()
            HttpErrors.redact(body)
            (HttpErrors.map("p", 500, none, body).bodyExcerpt!!.length <= HttpErrors.EXCERPT_LENGTH + 1) shouldBe true
            ((System.nanoTime() - start) / 1_000_000 < 2_000) shouldBe true
        }
        HttpErrors.redact("a-".repeat(3) + "api-key=" + "zq7xK2pLm9Vw4") shouldBe "a-a-a-api-key=***"
    }

    test("redact leaves ordinary text alone") {
        for (text in listOf(
            "nothing secret here, 42 tokens used",
            """{"usage":{"prompt_tokens":12,"completion_tokens":30,"total_tokens":42},"max_tokens":100}""",
            "The API key you provided is invalid; see https://platform.example/account/api-keys",
            "model gpt-4o-mini-2024-07-18 and task-specific fine-tune",
        )) {
            HttpErrors.redact(text) shouldBe text
        }
    }

    test("redact's fast paths: figures and short texts pass as they are, the shortest secret shape is still caught") {
        HttpErrors.redact("59.997s") shouldBe "59.997s"
        HttpErrors.redact("6m0s") shouldBe "6m0s"
        HttpErrors.redact("12 345") shouldBe "12 345"
        HttpErrors.redact("?key=x") shouldBe "?key=***"
        HttpErrors.redact("https://api.example.com/v1/chat/completions") shouldBe "https://api.example.com/v1/chat/completions"
        HttpErrors.redact("Bearer " + "abcdef123456") shouldBe "Bearer ***"
    }
})

package dev.switchboard.openai

import dev.switchboard.spi.HttpErrors
import dev.switchboard.ApiException
import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.NotFoundException
import dev.switchboard.PermissionDeniedException
import dev.switchboard.RateLimitException
import dev.switchboard.ServerException
import dev.switchboard.ResponseHeaders
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.time.Duration

class OpenAiErrorsTest : FunSpec({
    val codec = OpenAiChatCodec.from(OpenAiConfig.builder().apiKey("sk-x").build(), dev.switchboard.ModelFamily.GPT_4O)
    fun headers(vararg pairs: Pair<String, String>) = ResponseHeaders { name -> pairs.firstOrNull { it.first.equals(name, true) }?.second }
    fun body(message: String, type: String?, code: String?, param: String? = null) =
        """{"error":{"message":"$message","type":${type?.let { "\"$it\"" }},"param":${param?.let { "\"$it\"" }},"code":${code?.let { "\"$it\"" }}}}"""

    test("context_length_exceeded is a ContextLengthExceededException even with an unusual status") {
        codec.decodeError(403, headers(), body("too long", "invalid_request_error", "context_length_exceeded"))
            .shouldBeInstanceOf<ContextLengthExceededException>().statusCode shouldBe 403
    }

    test("context_length_exceeded is its own type, with OpenAI's message, status and request id") {
        val e = codec.decodeError(
            400, headers("x-request-id" to "req_abc"),
            body("This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
                "invalid_request_error", "context_length_exceeded", "messages"),
        )
        e.shouldBeInstanceOf<ContextLengthExceededException>()
        e.message!! shouldContain "maximum context length is 128000 tokens"
        e.message!! shouldContain "code context_length_exceeded"
        e.statusCode shouldBe 400
        e.requestId shouldBe "req_abc"
        e.provider shouldBe "openai"
        e.bodyExcerpt!! shouldContain "context_length_exceeded"
    }

    test("a context-length message without the code (compatible servers) is recognised too") {
        codec.decodeError(400, headers(), """{"error":{"message":"This model's maximum context length is 8192 tokens"}}""")
            .shouldBeInstanceOf<ContextLengthExceededException>()
    }

    test("401 is an AuthenticationException; the key in OpenAI's message is redacted") {
        val e = codec.decodeError(
            401, headers(),
            body("Incorrect API key provided: sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345. You can find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error", "invalid_api_key"),
        )
        e.shouldBeInstanceOf<AuthenticationException>()
        e.message!! shouldNotContain "AbCdEfGhIjKlMnOpQrStUvWxYz012345"
        e.bodyExcerpt!! shouldNotContain "AbCdEfGhIjKlMnOpQrStUvWxYz012345"
        e.message!! shouldContain "Incorrect API key provided"
        e.message!! shouldContain "Check the API key"
    }

    test("each status maps to its type") {
        codec.decodeError(400, headers(), body("bad", "invalid_request_error", null, "temperature")).let {
            it.shouldBeInstanceOf<BadRequestException>()
            it.message!! shouldContain "param temperature"
        }
        codec.decodeError(422, headers(), "{}").shouldBeInstanceOf<BadRequestException>()
        codec.decodeError(403, headers(), body("Country not supported", "request_forbidden", "unsupported_country_region_territory"))
            .shouldBeInstanceOf<PermissionDeniedException>()
        codec.decodeError(404, headers(), body("The model `gpt-9` does not exist", "invalid_request_error", "model_not_found"))
            .shouldBeInstanceOf<NotFoundException>().message!! shouldContain "gpt-9"
        codec.decodeError(408, headers(), "").shouldBeInstanceOf<ServerException>()
        codec.decodeError(409, headers(), "").shouldBeInstanceOf<ServerException>()
        codec.decodeError(500, headers(), body("The server had an error", "server_error", null)).let {
            it.shouldBeInstanceOf<ServerException>()
            it.isRetryable shouldBe true
        }
        codec.decodeError(503, headers(), "<html>Service Unavailable</html>").let {
            it.shouldBeInstanceOf<ServerException>()
            it.message!! shouldContain "Service Unavailable"
        }
        codec.decodeError(418, headers(), "teapot").shouldBeInstanceOf<ApiException>()
    }

    test("429 carries Retry-After from retry-after-ms, seconds or an HTTP date") {
        val ms = codec.decodeError(429, headers("retry-after-ms" to "1500", "retry-after" to "9"), body("Rate limit reached", "requests", "rate_limit_exceeded"))
        ms.shouldBeInstanceOf<RateLimitException>()
        ms.retryAfter shouldBe Duration.ofMillis(1500)
        val seconds = codec.decodeError(429, headers("retry-after" to "7"), "{}") as RateLimitException
        seconds.retryAfter shouldBe Duration.ofSeconds(7)
        val date = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30)
            .format(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
        val byDate = codec.decodeError(429, headers("retry-after" to date), "{}") as RateLimitException
        (byDate.retryAfter!! in Duration.ofSeconds(25)..Duration.ofSeconds(31)) shouldBe true
        (codec.decodeError(429, headers("retry-after" to "soon"), "{}") as RateLimitException).retryAfter shouldBe null
    }

    test("insufficient_quota says what to do") {
        codec.decodeError(429, headers(), body("You exceeded your current quota", "insufficient_quota", "insufficient_quota"))
            .message!! shouldContain "billing"
    }

    test("error shapes of compatible servers: a bare string, a Gemini array, a top-level message") {
        codec.decodeError(400, headers(), """{"error":"model is required"}""").message!! shouldContain "model is required"
        codec.decodeError(400, headers(), """[{"error":{"code":400,"message":"API key not valid","status":"INVALID_ARGUMENT"}}]""").let {
            it.message!! shouldContain "API key not valid"
            it.message!! shouldContain "INVALID_ARGUMENT"
        }
        codec.decodeError(400, headers(), """{"object":"error","message":"Invalid model","type":"invalid_model"}""").message!! shouldContain "Invalid model"
    }

    test("a long body is cut in the excerpt; secrets never appear") {
        val secret = "Bearer abcdefghijklmnop1234567890"
        val e = codec.decodeError(500, headers(), secret + "x".repeat(2000))
        (e.bodyExcerpt!!.length <= 500) shouldBe true
        e.bodyExcerpt!! shouldNotContain "abcdefghijklmnop"
        e.message!! shouldNotContain "abcdefghijklmnop"
        (e.message!!.length < 400) shouldBe true
        val redacted = HttpErrors.redact(
            "Authorization: $secret; api_key=AIzaSyD-1234567890abcdef; gsk_1234567890abcdef; xai-abcdefghijklmnop; LLM|1234|abcdefghijklmnop",
        )
        for (leak in listOf("abcdefghijklmnop1234567890", "AIzaSyD-1234567890abcdef", "gsk_1234567890abcdef", "xai-abcdefghijklmnop", "1234|abcdefghijklmnop")) {
            redacted shouldNotContain leak
        }
        redacted shouldContain "gsk_***"
    }
})

package dev.switchboard.anthropic

import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.NotFoundException
import dev.switchboard.PermissionDeniedException
import dev.switchboard.RateLimitException
import dev.switchboard.ServerException
import dev.switchboard.SwitchboardException
import dev.switchboard.ResponseHeaders
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import kotlin.reflect.KClass

class AnthropicErrorsTest : FunSpec({
    fun body(type: String, message: String, requestId: String? = "req_body") =
        """{"type":"error","error":{"type":"$type","message":"$message"},"request_id":${requestId?.let { "\"$it\"" } ?: "null"}}"""

    fun headers(vararg pairs: Pair<String, String>) = ResponseHeaders { name -> pairs.firstOrNull { it.first.equals(name, true) }?.second }

    test("each documented status and error type becomes its typed error, with Anthropic's message and type") {
        val cases: List<Triple<Int, String, KClass<out SwitchboardException>>> = listOf(
            Triple(400, "invalid_request_error", BadRequestException::class),
            Triple(401, "authentication_error", AuthenticationException::class),
            Triple(403, "permission_error", PermissionDeniedException::class),
            Triple(404, "not_found_error", NotFoundException::class),
            Triple(413, "request_too_large", BadRequestException::class),
            Triple(429, "rate_limit_error", RateLimitException::class),
            Triple(500, "api_error", ServerException::class),
            Triple(504, "timeout_error", ServerException::class),
            Triple(529, "overloaded_error", ServerException::class),
        )
        for ((status, type, expected) in cases) withClue("$status $type") {
            val e = AnthropicErrors.decode("anthropic", status, headers("request-id" to "req_hdr"), body(type, "Something about $type"))
            e::class shouldBe expected
            e.statusCode shouldBe status
            e.provider shouldBe "anthropic"
            e.requestId shouldBe "req_hdr"
            e.message shouldContain "Something about $type (type $type)"
            e.bodyExcerpt!! shouldContain type
        }
    }

    test("529 overloaded is retryable, as every server error is; client errors are not") {
        AnthropicErrors.decode("anthropic", 529, headers(), body("overloaded_error", "Overloaded")).isRetryable shouldBe true
        AnthropicErrors.decode("anthropic", 500, headers(), body("api_error", "Internal")).isRetryable shouldBe true
        AnthropicErrors.decode("anthropic", 400, headers(), body("invalid_request_error", "bad")).isRetryable shouldBe false
    }

    test("429 reads retry-after into the rate limit error") {
        val e = AnthropicErrors.decode("anthropic", 429, headers("retry-after" to "7"), body("rate_limit_error", "Slow down"))
        (e as RateLimitException).retryAfter shouldBe Duration.ofSeconds(7)
        e.message shouldContain "retry after 7000 ms"
    }

    test("without a request-id header, the body's request_id is used") {
        AnthropicErrors.decode("anthropic", 400, headers(), body("invalid_request_error", "bad")).requestId shouldBe "req_body"
    }

    test("a prompt that is too long is a ContextLengthExceededException") {
        AnthropicErrors.decode("anthropic", 400, headers(), body("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"))
            .let { it::class shouldBe ContextLengthExceededException::class }
    }

    test("a status the table does not map is mapped by Anthropic's error type") {
        val billing = AnthropicErrors.decode("anthropic", 402, headers(), body("billing_error", "Your credit balance is too low"))
        billing::class shouldBe PermissionDeniedException::class
        billing.message shouldContain "check the plan and billing"
        AnthropicErrors.decode("anthropic", 418, headers(), body("overloaded_error", "Overloaded")).isRetryable shouldBe true
        AnthropicErrors.decode("anthropic", 418, headers(), body("rate_limit_error", "x"))::class shouldBe RateLimitException::class
    }

    test("a body that is not Anthropic's shape still gives the typed error by status") {
        val e = AnthropicErrors.decode("anthropic", 502, headers(), "<html><body>Bad gateway</body></html>")
        e::class shouldBe ServerException::class
        e.statusCode shouldBe 502
    }
})

package dev.switchboard.mistral

import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.RateLimitException
import dev.switchboard.ResponseHeaders
import dev.switchboard.ServerException
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

/** Mistral's error bodies become typed errors carrying Mistral's message, its type, the invalid fields and the request id. */
class MistralErrorsTest : FunSpec({
    val headers = ResponseHeaders { if (it.equals("mistral-correlation-id", true)) "corr-1" else null }

    test("401 with Mistral's error object") {
        val e = MistralErrors.decode("mistral", 401, headers, """{"object":"error","message":"Unauthorized","type":"authentication_error","param":null,"code":null}""")
        e.shouldBeInstanceOf<AuthenticationException>()
        e.message!! shouldContain "Unauthorized (type authentication_error)"
        e.requestId shouldBe "corr-1"
    }

    test("422 whose message holds validation details names each invalid field") {
        val body = """{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","seed"],"msg":"Extra inputs are not permitted","input":3}]},"type":"invalid_request_message_error","param":null,"code":null}"""
        val e = MistralErrors.decode("mistral", 422, headers, body)
        e.shouldBeInstanceOf<BadRequestException>()
        e.message!! shouldContain "body.seed: Extra inputs are not permitted"
    }

    test("a plain validation error body, a rate limit with Retry-After, a server error") {
        MistralErrors.decode("mistral", 422, headers, """{"detail":[{"loc":["body","messages"],"msg":"Field required"}]}""").message!! shouldContain "body.messages: Field required"
        val limited = MistralErrors.decode(
            "mistral", 429, ResponseHeaders { if (it.equals("retry-after", true)) "2" else null },
            """{"object":"error","message":"Requests rate limit exceeded","type":"rate_limited","code":"1300"}""",
        )
        limited.shouldBeInstanceOf<RateLimitException>()
        limited.retryAfter?.seconds shouldBe 2L
        MistralErrors.decode("mistral", 503, headers, "upstream connect error").shouldBeInstanceOf<ServerException>()
    }
})

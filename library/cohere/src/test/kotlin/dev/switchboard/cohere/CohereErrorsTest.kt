package dev.switchboard.cohere

import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.RateLimitException
import dev.switchboard.ResponseHeaders
import dev.switchboard.ServerException
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

/** Cohere's `{"id","message"}` error bodies become typed errors with Cohere's message and the body's id as request id. */
class CohereErrorsTest : FunSpec({
    val none = ResponseHeaders { null }

    test("401, 498 (invalid token), 400, 422, 429, 503") {
        val auth = CohereErrors.decode("cohere", 401, none, """{"id":"e-1","message":"invalid api token"}""")
        auth.shouldBeInstanceOf<AuthenticationException>()
        auth.message!! shouldContain "invalid api token"
        auth.requestId shouldBe "e-1"
        val expired = CohereErrors.decode("cohere", 498, none, """{"id":"e-2","message":"token expired"}""")
        expired.shouldBeInstanceOf<AuthenticationException>()
        expired.message!! shouldContain "CO_API_KEY"
        expired.requestId shouldBe "e-2"
        CohereErrors.decode("cohere", 400, none, """{"id":"e-3","message":"invalid request: message must be at least 1 token long"}""")
            .shouldBeInstanceOf<BadRequestException>().message!! shouldContain "at least 1 token"
        CohereErrors.decode("cohere", 422, none, """{"message":"unknown field: parameter foo is not a valid field"}""").shouldBeInstanceOf<BadRequestException>()
        CohereErrors.decode("cohere", 429, none, """{"message":"You are using a Trial key, which is limited to 10 API calls / minute."}""")
            .shouldBeInstanceOf<RateLimitException>()
        CohereErrors.decode("cohere", 503, none, "upstream unavailable").shouldBeInstanceOf<ServerException>()
    }
})

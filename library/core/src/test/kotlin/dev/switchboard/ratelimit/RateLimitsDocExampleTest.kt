package dev.switchboard.ratelimit

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ClientRateLimitException
import dev.switchboard.RequestUsage
import dev.switchboard.ratelimit.MeteredClient.Companion.hi
import dev.switchboard.readme.ReadmeText
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.time.Duration

// README.md "Rate limits" begins
fun limitedDeployments(east: ChatCompletionClient, west: ChatCompletionClient): List<ChatCompletionClient> {
    val account = RateLimiter.of(
        RateLimits.builder()
            .requestsPerMinute(500)
            .tokensPerMinute(30_000)
            .tokensPerDay(1_000_000)
            .maxWait(Duration.ofSeconds(20))
            .build(),
    )
    return listOf(east.rateLimited(account), west.rateLimited(account))
}
// README.md "Rate limits" ends

/** The Kotlin example of README.md "Rate limits", run and checked to be the README's. */
class RateLimitsDocExampleTest : FunSpec({
    test("the two deployments of the example spend one budget") {
        fun deployment() = MeteredClient(promptTokens = 10_000, usage = RequestUsage.of(10_000, 5_000))
        val (east, west) = limitedDeployments(deployment(), deployment())
        east.create(hi(maxTokens = 5_000))
        west.create(hi(maxTokens = 5_000))
        // The minute's 30,000 tokens are spent: a third call of 15,000 would wait 30 s, longer than maxWait.
        val e = shouldThrow<ClientRateLimitException> { east.create(hi(maxTokens = 5_000)) }
        e.limit shouldBe RateLimit.tokens(30_000, Duration.ofMinutes(1))
        (e.retryAfter > Duration.ofSeconds(29)) shouldBe true
    }

    test("the example here is the README's") {
        val block = ReadmeText.kotlinBlock("Rate limits")
        block shouldBe ReadmeText.marked("library/core/src/test/kotlin/dev/switchboard/ratelimit/RateLimitsDocExampleTest.kt", "Rate limits")
    }
})

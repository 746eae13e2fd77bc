package dev.switchboard.readme

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ServerException
import dev.switchboard.router.FallbackTrigger
import dev.switchboard.router.Router
import dev.switchboard.router.RoutingStrategies
import dev.switchboard.router.router
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.time.Duration.Companion.seconds

// README.md "Router in Kotlin" begins
fun gptWithBackup(east: ChatCompletionClient, west: ChatCompletionClient, claude: ChatCompletionClient): Router =
    router {
        group("gpt") {
            strategy = RoutingStrategies.LEAST_BUSY
            deployment("east", east, weight = 2)
            deployment("west", west, maxInFlight = 16)
        }
        group("claude") { deployment("anthropic", claude) }
        fallback("gpt", to = "claude")
        fallback("gpt", to = "claude", on = FallbackTrigger.CONTENT_FILTER)
        settings { retries = 1; cooldown = 10.seconds }
    }
// README.md "Router in Kotlin" ends

/** The router example of the documentation: it is this code, and it fails over and falls back as the text says. */
class RouterDocExampleTest : FunSpec({
    test("the documented router sends a failing group's calls to its fallback and applies its settings") {
        val down = dev.switchboard.router.FakeClient("east").failing { ServerException("down", "fake", 503) }
        val alsoDown = dev.switchboard.router.FakeClient("west").failing { ServerException("down", "fake", 502) }
        val claude = dev.switchboard.router.FakeClient("claude")
        gptWithBackup(down, alsoDown, claude).use { r ->
            r.model shouldBe "gpt"
            r.create(dev.switchboard.router.ask()).content shouldBe "claude"
            down.calls.get() + alsoDown.calls.get() shouldBe 2 // one retry
            r.deployment("gpt", "west").maxInFlight shouldBe 16
        }
    }

    test("the example here is the documentation's") {
        ReadmeText.kotlinBlock("Router in Kotlin") shouldBe
            ReadmeText.marked("library/core/src/test/kotlin/dev/switchboard/readme/RouterDocExampleTest.kt", "Router in Kotlin")
    }
})

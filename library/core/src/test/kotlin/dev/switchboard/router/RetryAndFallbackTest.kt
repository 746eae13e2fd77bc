package dev.switchboard.router

import dev.switchboard.Choice
import dev.switchboard.ConnectionException
import dev.switchboard.ContentFilterException
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.ServerException
import dev.switchboard.Tool
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.test.runTest
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

private val FIRST = RoutingStrategy { candidates, _, _ -> candidates.first() }

private fun window(tokens: Int) = ModelInfo.ALL_CAPABILITIES.newBuilder().contextWindow(tokens).build()

private fun filtered(name: String) = CreateResult.builder()
    .choices(listOf(Choice.builder().finishReason(FinishReason.CONTENT_FILTER).content(null).build()))
    .usage(RequestUsage.of(5, 0)).model(name).build()

class RetryAndFallbackTest : FunSpec({
    test("a retry goes to a deployment the call has not tried yet, at once") {
        runTest {
            val a = FakeClient("a").failing { ServerException("a down", "fake", 503) }
            val b = FakeClient("b").failing { ConnectionException("b unreachable", "fake") }
            val c = FakeClient("c")
            val r = router {
                group("g") { strategy = FIRST; deployment("a", a); deployment("b", b); deployment("c", c) }
                settings(virtualSettings { retries = 2; initialBackoff = 1.seconds })
            }
            r.create(ask()).content shouldBe "c"
            listOf(a.calls.get(), b.calls.get(), c.calls.get()) shouldBe listOf(1, 1, 1)
            testScheduler.currentTime shouldBe 0L
        }
    }

    test("once every deployment was tried, a retry waits its backoff; the last failure comes with the others suppressed") {
        runTest {
            val a = FakeClient("a").failing { ServerException("a down", "fake", 503) }
            val b = FakeClient("b").failing { ServerException("b down", "fake", 502) }
            val r = router {
                group("g") { strategy = FIRST; deployment("a", a); deployment("b", b) }
                settings(virtualSettings { retries = 3; initialBackoff = 100.milliseconds; maxBackoff = 150.milliseconds; failureThreshold = 10 })
            }
            val e = shouldThrow<ServerException> { r.create(ask()) }
            a.calls.get() + b.calls.get() shouldBe 4
            testScheduler.currentTime shouldBe 250L // 100 before the third attempt, 150 (the cap) before the fourth
            e.suppressed.size shouldBe 3
        }
    }

    test("on errors the call falls back to the next group; with no fallback for errors the caller gets the error") {
        runTest {
            val down = FakeClient("gpt-east").failing { ServerException("down", "fake", 500) }
            val claude = FakeClient("claude")
            val r = router {
                group("gpt") { deployment("east", down) }
                group("claude") { deployment("anthropic", claude) }
                fallback("gpt", to = "claude")
                settings(virtualSettings { retries = 0 })
            }
            r.create(ask()).content shouldBe "claude"
            val off = router {
                group("gpt") { deployment("east", down) }
                group("claude") { deployment("anthropic", claude) }
                fallback("gpt", to = "claude", on = FallbackTrigger.CONTEXT_LENGTH)
                settings(virtualSettings { retries = 0 })
            }
            shouldThrow<ServerException> { off.create(ask()) }
            claude.calls.get() shouldBe 1
        }
    }

    test("a prompt too long goes to the next group with a larger window, not retried in its own group") {
        runTest {
            val tooLong = { ContextLengthExceededException("too long", "fake") }
            val a = FakeClient("a", window(8_000)).failing(tooLong)
            val b = FakeClient("b", window(8_000)).failing(tooLong)
            val small = FakeClient("small", window(4_000))
            val large = FakeClient("large", window(128_000))
            val r = router {
                group("gpt") { strategy = FIRST; deployment("a", a); deployment("b", b) }
                group("small") { deployment("s", small) }
                group("large") { deployment("l", large) }
                fallback("gpt", to = "small", on = FallbackTrigger.CONTEXT_LENGTH)
                fallback("gpt", to = "large", on = FallbackTrigger.CONTEXT_LENGTH)
                fallback("gpt", to = "small") // errors only
                settings(virtualSettings())
            }
            r.create(ask()).content shouldBe "large"
            listOf(a.calls.get(), b.calls.get(), small.calls.get()) shouldBe listOf(1, 0, 0)
            r.deployment("gpt", "a").failures shouldBe 0L

            val off = router {
                group("gpt") { deployment("a", a) }
                group("large") { deployment("l", large) }
                fallback("gpt", to = "large") // errors only: a context-length failure is not one
                settings(virtualSettings())
            }
            shouldThrow<ContextLengthExceededException> { off.create(ask()) }
        }
    }

    test("a content-filter refusal, of the prompt or of the answer, goes to the content-filter fallback; without one the caller gets it") {
        runTest {
            val refuses = FakeClient("strict").failing { ContentFilterException("refused", "fake") }
            val withholds = FakeClient("withholds")
            withholds.onCall = { _, _ -> filtered("withholds") }
            val lenient = FakeClient("lenient")
            fun routerOf(primary: FakeClient, withFallback: Boolean) = router {
                group("azure") { deployment("primary", primary) }
                group("other") { deployment("lenient", lenient) }
                if (withFallback) fallback("azure", to = "other", on = FallbackTrigger.CONTENT_FILTER)
                fallback("azure", to = "other", on = FallbackTrigger.CONTEXT_LENGTH)
                settings(virtualSettings())
            }
            routerOf(refuses, true).create(ask()).content shouldBe "lenient"
            routerOf(withholds, true).create(ask()).content shouldBe "lenient"
            refuses.calls.get() shouldBe 1 // not retried in its group

            shouldThrow<ContentFilterException> { routerOf(refuses, false).create(ask()) }
            routerOf(withholds, false).create(ask()).finishReason shouldBe FinishReason.CONTENT_FILTER
            lenient.calls.get() shouldBe 2
        }
    }

    test("when the content-filter fallback fails too, the withheld answer is returned") {
        runTest {
            val withholds = FakeClient("withholds")
            val answer = filtered("withholds")
            withholds.onCall = { _, _ -> answer }
            val down = FakeClient("down").failing { ServerException("down", "fake", 500) }
            val r = router {
                group("azure") { deployment("primary", withholds) }
                group("other") { deployment("down", down) }
                fallback("azure", to = "other", on = FallbackTrigger.CONTENT_FILTER)
                settings(virtualSettings { retries = 0 })
            }
            r.create(ask()) shouldBeSameInstanceAs answer
        }
    }

    test("fallbacks are those of the group the call was sent to, not chained through the fallback groups") {
        runTest {
            val gpt = FakeClient("gpt").failing { ServerException("down", "fake", 500) }
            val claude = FakeClient("claude").failing { ServerException("down too", "fake", 529) }
            val llama = FakeClient("llama")
            val r = router {
                group("gpt") { deployment("g", gpt) }
                group("claude") { deployment("c", claude) }
                group("llama") { deployment("l", llama) }
                fallback("gpt", to = "claude")
                fallback("claude", to = "llama")
                settings(virtualSettings { retries = 0 })
            }
            val e = shouldThrow<ServerException> { r.create(ask()) }
            e.statusCode shouldBe 529
            e.suppressed.map { (it as ServerException).statusCode } shouldContainExactlyInAnyOrder listOf(500)
            llama.calls.get() shouldBe 0
            r.group("claude").create(ask()).content shouldBe "llama"
        }
    }

    test("with every deployment cooling down, a group with a fallback for errors falls back at once instead of queueing") {
        runTest {
            val gpt = FakeClient("gpt").failing { ServerException("down", "fake", 500) }
            val claude = FakeClient("claude")
            val r = router {
                group("gpt") { deployment("g", gpt) }
                group("claude") { deployment("c", claude) }
                fallback("gpt", to = "claude")
                settings(virtualSettings { retries = 0; failureThreshold = 1; cooldown = 60.seconds })
            }
            r.create(ask()).content shouldBe "claude" // gpt failed and cools down
            r.create(ask()).content shouldBe "claude"
            gpt.calls.get() shouldBe 1
            testScheduler.currentTime shouldBe 0L
        }
    }

    test("a fallback group whose deployments all cool down is passed over at once while another fallback is left") {
        runTest {
            val gpt = FakeClient("gpt").failing { ServerException("down", "fake", 500) }
            val claude = FakeClient("claude").failing { ServerException("down too", "fake", 503) }
            val llama = FakeClient("llama")
            val r = router {
                group("gpt") { deployment("g", gpt) }
                group("claude") { deployment("c", claude) }
                group("llama") { deployment("l", llama) }
                fallback("gpt", FallbackTrigger.ERROR, "claude", "llama")
                settings(virtualSettings { retries = 0; failureThreshold = 1; cooldown = 60.seconds })
            }
            r.create(ask()).content shouldBe "llama"
            r.create(ask()).content shouldBe "llama"
            listOf(gpt.calls.get(), claude.calls.get(), llama.calls.get()) shouldBe listOf(1, 1, 2)
            testScheduler.currentTime shouldBe 0L
        }
    }

    test("a fallback group that cannot take the request (a capability missing) is passed over") {
        runTest {
            val gpt = FakeClient("gpt").failing { ServerException("down", "fake", 500) }
            val noTools = FakeClient("no-tools", ModelInfo.builder().build())
            val tools = FakeClient("tools")
            val r = router {
                group("gpt") { deployment("g", gpt) }
                group("plain") { deployment("p", noTools) }
                group("capable") { deployment("c", tools) }
                fallback("gpt", FallbackTrigger.ERROR, "plain", "capable")
                settings(virtualSettings { retries = 0 })
            }
            val withTool = ask().newBuilder().tool(Tool.of("t", "a tool", """{"type":"object","properties":{}}""")).build()
            r.create(withTool).content shouldBe "tools"
            noTools.calls.get() shouldBe 0
        }
    }
})

package dev.switchboard.router

import dev.switchboard.ratelimit.RateLimit
import dev.switchboard.ratelimit.balance
import dev.switchboard.ratelimit.limiter
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.test.runTest
import java.time.Duration
import java.util.Collections

/** The text of the last user message of the request, the name a test gives each call. */
private fun dev.switchboard.CreateRequest.label() = (messages.last() as dev.switchboard.UserMessage).text

/** A router whose deployments each spend a real [dev.switchboard.ratelimit.RateLimiter], opened and closed by its gate. */
class RateLimitedRouterTest : FunSpec({
    test("calls go to the deployment with room: a limiter's gate closes its deployment once its budget is spent") {
        runTest {
            val a = FakeClient("a")
            val b = FakeClient("b")
            val limitA = limiter { requestsPerMinute(2) }
            val limitB = limiter { requestsPerMinute(3) }
            val r = router {
                group("g") { deployment("a", a, limitA); deployment("b", b, limitB) }
                settings(virtualSettings())
            }
            repeat(5) { r.create(ask()) }
            a.calls.get() shouldBe 2
            b.calls.get() shouldBe 3
            limitA.balance(RateLimit.Kind.REQUESTS) shouldBe 0
            limitB.balance(RateLimit.Kind.REQUESTS) shouldBe 0
            testScheduler.currentTime shouldBe 0L
        }
    }

    test("with every budget spent, calls wait in the router's queue, by priority, until a limiter refills") {
        runTest {
            val order = Collections.synchronizedList(ArrayList<String>())
            val a = FakeClient("a")
            a.onCall = { _, request -> order += request.label(); null }
            // One request a minute, refilled greedily: the next one is there 60 s after the first is spent.
            val limit = limiter { requestsPerMinute(1) }
            val r = router {
                group("g") { deployment("a", a, limit) }
                settings(virtualSettings { queueTimeout = kotlin.time.Duration.parse("10m") })
            }
            r.create(ask("first"))
            val waiting = listOf("low" to 0, "urgent" to 5, "medium" to 1).map { (name, p) ->
                async(start = CoroutineStart.UNDISPATCHED) { r.create(ask(name, priority = p)) }
            }
            r.queued("g") shouldBe 3
            waiting.awaitAll()
            order shouldBe listOf("first", "urgent", "medium", "low")
            // Each waited in the queue, not in the limiter: one call a minute, admitted as the budget refilled.
            testScheduler.currentTime shouldBe 180_000L
            r.queued("g") shouldBe 0
        }
    }

    test("a token limit closes the gate for a request too large for what is left, and not for a small one") {
        runTest {
            val a = FakeClient("a")
            val b = FakeClient("b")
            // FakeClient counts 10 tokens a message and answers with 15; 100 output tokens are reserved by default.
            val limit = limiter { tokensPerMinute(200); defaultOutputTokens(100) }
            val gate = limit.gate(a)
            gate.availableIn(ask()) shouldBe Duration.ZERO
            val alone = router {
                group("g") { deployment("a", a, limit) }
                settings(virtualSettings())
            }
            alone.create(ask().newBuilder().maxTokens(150).build())
            limit.balance(RateLimit.Kind.TOKENS) shouldBe 185
            gate.availableIn(ask()) shouldBe Duration.ZERO
            val large = ask().newBuilder().maxTokens(1_000).build()
            (gate.availableIn(large) > Duration.ZERO) shouldBe true
            val both = router {
                group("g") { deployment("a", a, limit); deployment("b", b) }
                settings(virtualSettings())
            }
            repeat(10) { both.create(large) }
            a.calls.get() shouldBe 1
            b.calls.get() shouldBe 10
        }
    }
})

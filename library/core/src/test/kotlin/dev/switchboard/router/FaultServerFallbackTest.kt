package dev.switchboard.router

import dev.switchboard.ContentFilterException
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.ModelInfo
import dev.switchboard.faults.FaultServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withContext
import java.time.Duration

/**
 * Each fallback trigger from what a server really sends, read by a real client over a [FaultServer]: a 500, a 400
 * saying the context is too long, a 400 from the content filter, and a stream that stalls before its first byte.
 */
class FaultServerFallbackTest : FunSpec({
    timeout = 60_000L

    fun window(tokens: Int) = ModelInfo.ALL_CAPABILITIES.newBuilder().contextWindow(tokens).build()

    test("a 500, a context-length 400 and a content-filter 400 each go to the fallback of their trigger, and only that one") {
        FaultServer().use { primary ->
            FaultServer().use { large ->
                FaultServer().use { lenient ->
                    FaultServer().use { spare ->
                        large.answer("large") { answerText("large") }
                        lenient.answer("lenient") { answerText("lenient") }
                        spare.answer("spare") { answerText("spare") }
                        val r = router {
                            group("gpt") { deployment("p", loopClient(primary, "m", window(8_000))) }
                            group("large") { deployment("l", loopClient(large, "m", window(128_000))) }
                            group("lenient") { deployment("l", loopClient(lenient, "m", window(8_000))) }
                            group("spare") { deployment("s", loopClient(spare, "m", window(8_000))) }
                            fallback("gpt", to = "spare")
                            fallback("gpt", to = "large", on = FallbackTrigger.CONTEXT_LENGTH)
                            fallback("gpt", to = "lenient", on = FallbackTrigger.CONTENT_FILTER)
                            settings { retries = 0; failureThreshold = 100 }
                        }
                        r.use {
                            primary.answer("500") { respond(500, "application/json", """{"error":{"message":"boom"}}""") }
                            r.create(ask()).content shouldBe "spare"
                            primary.answer("too long") {
                                respond(400, "application/json", """{"error":{"message":"This model's maximum context length is 8192 tokens","code":"context_length_exceeded"}}""")
                            }
                            r.create(ask()).content shouldBe "large"
                            text(r.createStream(ask()).toList()) shouldBe "large"
                            primary.answer("filtered") { respond(400, "application/json", """{"error":{"message":"filtered","code":"content_filter"}}""") }
                            r.create(ask()).content shouldBe "lenient"
                            listOf(large.attempts, lenient.attempts, spare.attempts) shouldBe listOf(2, 1, 1)
                        }
                        val left = withContext(Dispatchers.IO) { listOf(primary, large, lenient, spare).sumOf { it.awaitNoneInFlight(3_000) } }
                        left shouldBe 0
                    }
                }
            }
        }
    }

    test("without the trigger's fallback the caller gets the typed error the server's answer means") {
        FaultServer().use { primary ->
            FaultServer().use { spare ->
                spare.answer("spare") { answerText("spare") }
                router {
                    group("gpt") { deployment("p", loopClient(primary, "m")) }
                    group("spare") { deployment("s", loopClient(spare, "m")) }
                    fallback("gpt", to = "spare") // errors only
                }.use { r ->
                    primary.answer("too long") { respond(400, "application/json", """{"error":{"message":"prompt is too long"}}""") }
                    shouldThrow<ContextLengthExceededException> { r.create(ask()) }
                    primary.answer("filtered") { respond(400, "application/json", """{"error":{"code":"content_filter"}}""") }
                    shouldThrow<ContentFilterException> { r.createStream(ask()).toList() }
                    spare.attempts shouldBe 0
                }
            }
        }
    }

    test("a stream that stalls before its first byte times out and goes to another deployment; the stalled connection is closed") {
        FaultServer().use { stalled ->
            FaultServer().use { steady ->
                stalled.answer("stall") { awaitClientClose() }
                steady.answer("steady") { answerText("steady") }
                val first = RoutingStrategy { candidates, _, _ -> candidates.first() }
                router {
                    group("g") {
                        strategy = first
                        deployment("stalled", loopClient(stalled, "m", timeout = Duration.ofMillis(300)))
                        deployment("steady", loopClient(steady, "m"))
                    }
                }.use { r ->
                    text(r.createStream(ask()).toList()) shouldBe "steady"
                    r.deployment("g", "stalled").failures shouldBe 1L
                }
                withContext(Dispatchers.IO) { stalled.awaitNoneOpen(3_000) } shouldBe 0
            }
        }
    }
})

/** The text of the deltas of [events], pieces joined by spaces. */
private fun text(events: List<dev.switchboard.ChatStreamEvent>) =
    events.filterIsInstance<dev.switchboard.ChatStreamEvent.TextDelta>().joinToString(" ") { it.text }

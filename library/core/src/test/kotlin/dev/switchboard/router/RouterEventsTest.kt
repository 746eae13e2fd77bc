package dev.switchboard.router

import ch.qos.logback.classic.Level
import ch.qos.logback.classic.Logger
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.core.read.ListAppender
import dev.switchboard.ServerException
import dev.switchboard.events.CallEventLogger
import dev.switchboard.events.logged
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.runTest
import org.slf4j.LoggerFactory

private val FIRST = RoutingStrategy { candidates, _, _ -> candidates.first() }

/** The key-value pairs of every event logged to [name] while [block] runs. */
private suspend fun eventsOf(name: String, block: suspend () -> Unit): List<Map<String, Any?>> {
    val logger = LoggerFactory.getLogger(name) as Logger
    val appender = ListAppender<ILoggingEvent>().apply { start() }
    logger.level = Level.INFO
    logger.addAppender(appender)
    try {
        block()
    } finally {
        logger.detachAppender(appender)
        logger.level = null
    }
    return appender.list.map { e -> e.keyValuePairs.orEmpty().associate { it.key to it.value } }
}

class RouterEventsTest : FunSpec({
    val events = CallEventLogger.builder().loggerName("router-events-test").build()

    test("a call's event names the deployment that answered and why the others were skipped") {
        runTest {
            val a = FakeClient("a").failing { ServerException("down", "fake", 503) }
            val b = FakeClient("b")
            val c = FakeClient("c", delayMs = 1_000)
            val r = router {
                group("g") { strategy = FIRST; deployment("c", c, maxInFlight = 1); deployment("a", a); deployment("b", b) }
                settings(virtualSettings())
            }
            val busy = async(start = CoroutineStart.UNDISPATCHED) { r.create(ask()) }
            val logged = eventsOf("router-events-test") { r.logged(events).create(ask()).content shouldBe "b" }
            busy.await()
            val e = logged.single()
            e["event"] shouldBe "LLMCall"
            e["provider"] shouldBe "router"
            e["model"] shouldBe "g"
            e["deployment"] shouldBe "g/b"
            e["skipped"] shouldBe "g/c=at_limit, g/a=failed:ServerException"
        }
    }

    test("a stream's end event names its deployment; a call that failed everywhere names only the skipped ones") {
        runTest {
            val a = FakeClient("a").failing { ServerException("down", "fake", 503) }
            val b = FakeClient("b")
            val r = router {
                group("g") { strategy = FIRST; deployment("a", a); deployment("b", b) }
                group("down") { deployment("a", a) }
                settings(virtualSettings { retries = 0; failureThreshold = 1 })
            }
            val streamed = eventsOf("router-events-test") { shouldThrow<ServerException> { r.logged(events).createStream(ask()).toList() } }
            // the stream went to a, which failed before its first event, and no attempt was left
            streamed.map { it["event"] } shouldBe listOf("LLMStreamStart", "LLMStreamEnd")
            streamed.last()["outcome"] shouldBe "failure"
            streamed.last()["skipped"] shouldBe "g/a=failed:ServerException"
            streamed.last().containsKey("deployment") shouldBe false

            val next = eventsOf("router-events-test") { r.logged(events).createStream(ask()).toList() }
            next.last()["outcome"] shouldBe "success"
            next.last()["deployment"] shouldBe "g/b"
            next.last()["skipped"] shouldBe "g/a=cooling_down"

            // the same client in another group is another deployment, with its own health
            val failed = eventsOf("router-events-test") { shouldThrow<ServerException> { r.group("down").logged(events).create(ask()) } }
            failed.single()["skipped"] shouldBe "down/a=failed:ServerException"
            failed.single().containsKey("deployment") shouldBe false
        }
    }

    test("without a listener the router builds no annotation, and a call answered at once skips nothing") {
        runTest {
            val r = router { group("g") { deployment("a", FakeClient("a")) }; settings(virtualSettings()) }
            r.create(ask()).content shouldBe "a"
            val logged = eventsOf("router-events-test") { r.logged(events).create(ask()) }
            logged.single()["deployment"] shouldBe "g/a"
            logged.single()["skipped"] shouldBe ""
        }
    }
})

package dev.switchboard.wrap

import ch.qos.logback.classic.Level
import ch.qos.logback.classic.Logger
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.core.read.ListAppender
import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.RequestUsage
import dev.switchboard.events.CallEventLogger
import dev.switchboard.events.logged
import dev.switchboard.replay.ReplayChatCompletionClient
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.toList
import org.slf4j.LoggerFactory

/** A wrapper that says, of each call it passes on, `note=<its name>`: what a router does with `deployment`. */
private class Annotating(delegate: ChatCompletionClient, private val note: String) : ForwardingChatCompletionClient(delegate) {
    override suspend fun create(request: CreateRequest): CreateResult {
        annotateCall("note", note)
        return delegate.create(request)
    }

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
        annotateCall("note", note)
        emitAll(delegate.createStream(request))
    }
}

class CallAnnotationsTest : FunSpec({
    val answer = CreateResult.ofText("hi", FinishReason.STOP, RequestUsage.of(1, 1))
    fun replay() = ReplayChatCompletionClient.of(List(4) { answer })

    test("every listener in place hears an annotation, outermost first; without one, annotating does nothing") {
        val heard = ArrayList<String>()
        annotateCall("nobody", 1)
        isAnnotated() shouldBe false
        withCallAnnotations({ n, v -> heard += "outer $n=$v" }) {
            withCallAnnotations({ n, v -> heard += "inner $n=$v" }) {
                isAnnotated() shouldBe true
                annotateCall("deployment", "g/a")
            }
            annotateCall("skipped", "")
        }
        heard shouldBe listOf("outer deployment=g/a", "inner deployment=g/a", "outer skipped=")
    }

    test("a listener that throws does not fail the call, and the others still hear it") {
        val heard = ArrayList<String>()
        withCallAnnotations({ n, _ -> heard += n }) {
            withCallAnnotations({ _, _ -> throw IllegalStateException("broken listener") }) {
                annotateCall("deployment", "x")
            }
        }
        heard shouldBe listOf("deployment")
    }

    test("a stream's listener hears what is annotated in its collection, in the collector's coroutine") {
        val heard = ArrayList<String>()
        val stream = flow { annotateCall("note", "streamed"); emit(1) }.withCallAnnotations { n, v -> heard += "$n=$v" }
        heard.shouldBeEmpty()
        stream.toList() shouldBe listOf(1)
        stream.toList()
        heard shouldBe listOf("note=streamed", "note=streamed")
    }

    test("the call events logger logs what the wrappers inside annotate as fields of the end event") {
        val logger = LoggerFactory.getLogger("annotations-test") as Logger
        val appender = ListAppender<ILoggingEvent>().apply { start() }
        logger.level = Level.INFO
        logger.addAppender(appender)
        try {
            val client = Annotating(replay(), "inside").logged(CallEventLogger.builder().loggerName("annotations-test").build())
            client.create(CreateRequest.builder().user("hi").build())
            client.createStream(CreateRequest.builder().user("hi").build()).toList()
            val kv = appender.list.map { e -> e.keyValuePairs.orEmpty().associate { it.key to it.value } }
            kv.map { it["event"] to it["note"] } shouldBe listOf("LLMCall" to "inside", "LLMStreamStart" to null, "LLMStreamEnd" to "inside")
        } finally {
            logger.detachAppender(appender)
            logger.level = null
        }
    }
})

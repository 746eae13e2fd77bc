package dev.switchboard.bedrock

import dev.switchboard.BadRequestException
import dev.switchboard.ChatStreamEvent
import dev.switchboard.FinishReason
import dev.switchboard.RateLimitException
import dev.switchboard.ServerException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.testing.EventStreamWriter
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

/**
 * `ConverseStream` bodies through the core event-stream framing and the stream decoder: the recorded streams of the
 * fixtures (written back as binary messages), the real-format binary `modelStreamErrorException` recording, exception
 * messages as typed errors, and streams cut before their terminal events.
 */
class ConverseStreamDecoderTest : FunSpec({
    test("the recorded text stream: deltas in order, the stop reason, the usage from metadata") {
        val (events, result) = Fixtures.decodeStream(Fixtures.chunkBytes("amazon-bedrock-text.chunks.txt"))
        val text = "Let me count the \"r\"s in \"strawberry\":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** r's in \"strawberry.\""
        events.filterIsInstance<ChatStreamEvent.TextDelta>().joinToString("") { it.text } shouldBe text
        result.content shouldBe text
        result.finishReason shouldBe FinishReason.STOP
        result.rawFinishReason shouldBe "end_turn"
        result.usage.promptTokens shouldBe 22
        result.usage.completionTokens shouldBe 55
    }

    test("the recorded reasoning stream: thought deltas, then text; the signed block of origin bedrock-converse") {
        val (events, result) = Fixtures.decodeStream(Fixtures.chunkBytes("amazon-bedrock-reasoning.chunks.txt"))
        val thought = "Let me count the r's in \"strawberry\":\n\ns-t-r-a-w-b-e-r-r-y\n\nr appears at positions 3, 8, and 9.\n\nSo there are 3 r's."
        events.filterIsInstance<ChatStreamEvent.ThoughtDelta>().joinToString("") { it.text } shouldBe thought
        events.indexOfFirst { it is ChatStreamEvent.TextDelta } shouldBe events.count { it is ChatStreamEvent.ThoughtDelta }
        result.thought shouldBe thought
        result.content shouldBe "There are **3** r's in \"strawberry\":\n\n1. st**r**awbe**r****r**y"
        val block = result.thoughtBlocks.single()
        block.text shouldBe thought
        block.signature!!.length shouldBe 388
        block.signature!!.startsWith("Ep0CCkgICxABGAIqQOWPB6/PmA5SW9") shouldBe true
        block.origin shouldBe "bedrock-converse"
        result.usage.totalTokens shouldBe 145
    }

    test("the tool-call stream, whose metadata comes before messageStop: start, input deltas, end") {
        val (events, result) = Fixtures.decodeStream(Fixtures.chunkBytes("amazon-bedrock-tool-call.1.chunks.txt"))
        val start = events.first().shouldBeInstanceOf<ChatStreamEvent.ToolCallStart>()
        start.id shouldBe "tool-use-id"
        start.name shouldBe "test-tool"
        events.last().shouldBeInstanceOf<ChatStreamEvent.ToolCallEnd>().call.arguments shouldBe """{"value":"Sparkle Day"}"""
        result.finishReason shouldBe FinishReason.TOOL_CALLS
        result.toolCalls.single().arguments shouldBe """{"value":"Sparkle Day"}"""
        result.usage.promptTokens shouldBe 125
    }

    test("the recorded modelStreamErrorException bytes: the text before it, then an interrupted stream caused by a server error") {
        val frames = Fixtures.frames(Fixtures.base64Bytes("model-stream-error-exception.eventstream.base64.txt"), 5)
        frames.size shouldBe 2
        val decoder = ConverseStreamDecoder("bedrock", "req-7", null)
        val events = ArrayList<ChatStreamEvent>()
        decoder.decode(frames[0], events) shouldBe false
        events shouldBe listOf(ChatStreamEvent.TextDelta("before error"))
        val e = shouldThrow<StreamInterruptedException> { decoder.decode(frames[1], events) }
        e.message!! shouldContain "modelStreamErrorException"
        e.message!! shouldContain "Model Stream Error"
        e.requestId shouldBe "req-7"
        e.cause.shouldBeInstanceOf<ServerException>().statusCode shouldBe 424
    }

    test("a throttlingException is a rate-limit error; a validationException a bad request") {
        val throttled = EventStreamWriter.exception("throttlingException", """{"message":"Too many requests, please wait before trying again."}""")
        val e = shouldThrow<StreamInterruptedException> {
            Fixtures.decodeStream(BedrockWire.frameBytes(BedrockWire.MESSAGE_START) + throttled)
        }
        e.cause.shouldBeInstanceOf<RateLimitException>().message!! shouldContain "Too many requests"
        val invalid = EventStreamWriter.exception("validationException", """{"message":"The model returned the following errors: bad input"}""")
        shouldThrow<StreamInterruptedException> { Fixtures.decodeStream(invalid) }.cause.shouldBeInstanceOf<BadRequestException>()
            .message!! shouldContain "bad input"
    }

    test("a stream without messageStop or metadata is interrupted, saying what is missing and what arrived") {
        val lines = Fixtures.text("amazon-bedrock-text.chunks.txt").lines().filter { it.isNotBlank() }
        val noMetadata = lines.filterNot { it.startsWith("{\"metadata\"") }.map { BedrockWire.frameBytes(it) }.reduce { a, b -> a + b }
        shouldThrow<StreamInterruptedException> { Fixtures.decodeStream(noMetadata) }.message!! shouldContain "metadata"
        val noStop = lines.filterNot { it.startsWith("{\"messageStop\"") || it.startsWith("{\"metadata\"") }
            .map { BedrockWire.frameBytes(it) }.reduce { a, b -> a + b }
        val e = shouldThrow<StreamInterruptedException> { Fixtures.decodeStream(noStop) }
        e.message!! shouldContain "messageStop and metadata"
        e.message!! shouldContain "109 characters of text"
    }
})

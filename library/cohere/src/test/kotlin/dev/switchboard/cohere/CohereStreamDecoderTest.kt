package dev.switchboard.cohere

import dev.switchboard.ChatStreamEvent
import dev.switchboard.Citation
import dev.switchboard.CitationSource
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.spi.StreamFrame
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** The recorded Cohere streams decode to the events and the result their payloads say, and broken streams fail. */
class CohereStreamDecoderTest : FunSpec({
    test("text: content deltas join to the content; message-end gives the finish reason and the token usage") {
        val d = Fixtures.decode(Fixtures.frames("cohere-text.chunks.txt"))
        val expected = Fixtures.joined("cohere-text.chunks.txt", "content-delta", "content", "text")
        expected shouldBe "The capital of France is Paris."
        d.events.filterIsInstance<ChatStreamEvent.TextDelta>().joinToString("") { it.text } shouldBe expected
        d.result.content shouldBe expected
        d.result.finishReason shouldBe FinishReason.STOP
        d.result.rawFinishReason shouldBe "COMPLETE"
        d.result.id shouldBe "321d178c-2c12-44d3-ae42-2f5510f6b1cc"
        d.result.usage.promptTokens shouldBe 507
        d.result.usage.completionTokens shouldBe 10
        d.result.usage.cachedTokens shouldBe 448
    }

    test("tool calls: the tool plan is thought, each call starts, streams its arguments and ends; no content") {
        val name = "cohere-tool-call.chunks.txt"
        val d = Fixtures.decode(Fixtures.frames(name))
        val plan = Fixtures.joined(name, "tool-plan-delta", "tool_plan")
        plan shouldContain "weather tool"
        d.result.thought shouldBe plan
        d.events.filterIsInstance<ChatStreamEvent.ThoughtDelta>().joinToString("") { it.text } shouldBe plan
        val calls = listOf(
            FunctionCall("weather_e8p4pn45zt0t", "weather", """{"location": "San Francisco"}"""),
            FunctionCall("cityAttractions_pyxssbwnq9fq", "cityAttractions", """{"city": "San Francisco"}"""),
        )
        d.result.toolCalls shouldContainExactly calls
        d.events.filterIsInstance<ChatStreamEvent.ToolCallStart>() shouldContainExactly
            listOf(ChatStreamEvent.ToolCallStart(0, calls[0].id, "weather"), ChatStreamEvent.ToolCallStart(1, calls[1].id, "cityAttractions"))
        for (i in 0..1) {
            d.events.filterIsInstance<ChatStreamEvent.ToolCallDelta>().filter { it.index == i }.joinToString("") { it.argumentsDelta } shouldBe calls[i].arguments
        }
        d.events.filterIsInstance<ChatStreamEvent.ToolCallEnd>().map { it.call } shouldContainExactly calls
        d.result.content.shouldBeNull()
        d.result.finishReason shouldBe FinishReason.TOOL_CALLS
        d.result.usage.promptTokens shouldBe 1549
    }

    test("reasoning: thinking content is thought, text content the content") {
        val name = "cohere-reasoning.chunks.txt"
        val d = Fixtures.decode(Fixtures.frames(name))
        val thinking = Fixtures.joined(name, "content-delta", "content", "thinking")
        thinking shouldContain "straightforward arithmetic"
        d.result.thought shouldBe thinking
        d.events.filterIsInstance<ChatStreamEvent.ThoughtDelta>().joinToString("") { it.text } shouldBe thinking
        d.result.content shouldBe "The answer to 2 + 2 is 4."
        d.result.usage.completionTokens shouldBe 54
    }

    test("citations: a citation-start becomes a citation of the result, with its document source, indexing the content") {
        val d = Fixtures.decode(Fixtures.frames("cohere-citations.chunks.txt"))
        d.result.content shouldBe "The key benefits are automation of tasks."
        d.result.citations shouldContainExactly listOf(
            Citation(
                21, 40, "automation of tasks",
                listOf(CitationSource("doc:0", "document", "benefits.txt", "AI provides: 1. Automation of tasks 2. Better decision-making 3. Cost reduction")),
                "TEXT_CONTENT",
            ),
        )
        val c = d.result.citations.single()
        d.result.content!!.substring(c.start, c.end) shouldBe c.text
    }

    test("a stream that ends before message-end is interrupted, not short") {
        for (name in Fixtures.streams) {
            val e = shouldThrow<StreamInterruptedException> { Fixtures.decode(Fixtures.frames(name).dropLast(1)) }
            e.message!! shouldContain "message-end"
        }
    }

    test("arguments of null (a tool without parameters) are {}; an error event interrupts the stream") {
        val frames = listOf(
            StreamFrame(null, """{"id":"m","type":"message-start"}"""),
            StreamFrame(null, """{"type":"tool-call-start","index":0,"delta":{"message":{"tool_calls":{"id":"now_1","type":"function","function":{"name":"now","arguments":"null"}}}}}"""),
            StreamFrame(null, """{"type":"tool-call-end","index":0}"""),
            StreamFrame(null, """{"type":"message-end","delta":{"finish_reason":"TOOL_CALL","usage":{"tokens":{"input_tokens":1,"output_tokens":2}}}}"""),
        )
        Fixtures.decode(frames).result.toolCalls shouldContainExactly listOf(FunctionCall("now_1", "now", "{}"))
        val decoder = CohereStreamDecoder("cohere", "r")
        shouldThrow<StreamInterruptedException> { decoder.decode(StreamFrame("error", """{"message":"internal failure"}"""), ArrayList()) }
            .message!! shouldContain "internal failure"
    }

    test("unreadable or out-of-order events are ProtocolExceptions") {
        shouldThrow<ProtocolException> { Fixtures.decode(listOf(StreamFrame(null, "{\"type\":"))) }
        shouldThrow<ProtocolException> {
            Fixtures.decode(listOf(StreamFrame(null, """{"type":"message-start"}"""), StreamFrame(null, """{"type":"tool-call-delta","index":3,"delta":{"message":{"tool_calls":{"function":{"arguments":"x"}}}}}""")))
        }
        shouldThrow<ProtocolException> { Fixtures.decode(listOf(StreamFrame(null, """{"type":"message-end","delta":{"finish_reason":"COMPLETE"}}"""))) }
            .message!! shouldContain "message-start"
    }
})

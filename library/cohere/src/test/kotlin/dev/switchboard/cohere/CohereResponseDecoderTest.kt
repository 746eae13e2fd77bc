package dev.switchboard.cohere

import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe

/** Whole Cohere responses, recorded: citations with their sources, tool calls with the plan, usage. */
class CohereResponseDecoderTest : FunSpec({
    val decoder = CohereResponseDecoder("cohere")
    fun decode(text: String) = decoder.decode(text.encodeToByteArray(), "req_1")

    test("citations: each indexes the content and names its document with its title and text") {
        val r = decode(Fixtures.text("cohere-citations.json"))
        r.citations.size shouldBe 3
        for (c in r.citations) {
            r.content!!.substring(c.start, c.end) shouldBe c.text
            c.type shouldBe "TEXT_CONTENT"
            c.sources.single().id shouldBe "doc:0"
            c.sources.single().title shouldBe "benefits.txt"
            c.sources.single().kind shouldBe "document"
        }
        r.citations.map { it.text } shouldContainExactly listOf("Automation of tasks", "Better decision-making", "Cost reduction")
        r.usage.promptTokens shouldBe 1683
        r.usage.cachedTokens shouldBe 992
        r.finishReason shouldBe FinishReason.STOP
    }

    test("tool calls: the plan is the thought, the calls in order, no content") {
        val r = decode(Fixtures.text("cohere-tool-call.json"))
        r.toolCalls shouldContainExactly listOf(
            FunctionCall("weather_dqgshstja6p9", "weather", """{"location":"San Francisco"}"""),
            FunctionCall("cityAttractions_dcxfx4myvx68", "cityAttractions", """{"city":"San Francisco"}"""),
        )
        r.thought!! shouldBe "I will use the weather tool to find out the weather in San Francisco. I will also use the cityAttractions tool to find out what attractions are in San Francisco."
        r.content.shouldBeNull()
        r.finishReason shouldBe FinishReason.TOOL_CALLS
        r.usage.completionTokens shouldBe 103
        // The plan goes back as tool_plan on the next turn.
        r.toAssistantMessage().thought shouldBe r.thought
    }

    test("thinking content, MAX_TOKENS, billed units when tokens are missing, tool-output sources") {
        val r = decode(
            """{"id":"g","finish_reason":"MAX_TOKENS","message":{"role":"assistant","content":[{"type":"thinking","thinking":"Hmm."},""" +
                """{"type":"text","text":"It is 18C."}],"citations":[{"start":6,"end":9,"text":"18C","sources":[{"type":"tool","id":"weather_1:0",""" +
                """"tool_output":{"temperature":18}}],"type":"TEXT_CONTENT"}]},"usage":{"billed_units":{"input_tokens":5,"output_tokens":7}}}""",
        )
        r.thought shouldBe "Hmm."
        r.content shouldBe "It is 18C."
        r.finishReason shouldBe FinishReason.LENGTH
        r.usage.promptTokens shouldBe 5
        r.usage.completionTokens shouldBe 7
        r.citations.single().sources.single().text shouldBe """{"temperature":18}"""
        r.citations.single().sources.single().kind shouldBe "tool"
    }

    test("a body without a message or not JSON is a ProtocolException") {
        shouldThrow<ProtocolException> { decode("""{"id":"x","finish_reason":"COMPLETE"}""") }
        shouldThrow<ProtocolException> { decode("<html>gateway</html>") }
    }
})

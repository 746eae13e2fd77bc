package dev.switchboard.bedrock

import dev.switchboard.ContentFilterResult
import dev.switchboard.FinishReason
import dev.switchboard.ProtocolException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/**
 * `Converse` response bodies, written by hand in the shapes of the Converse API reference (no recorded non-streaming
 * body is among the shared fixtures): stop reasons, usage with cache reads and writes, signed and redacted reasoning,
 * tool use, the structured-output tool and a guardrail's trace.
 */
class ConverseResponseDecoderTest : FunSpec({
    val decoder = ConverseResponseDecoder("bedrock")

    fun body(content: String, stop: String, extra: String = "") =
        """{"output":{"message":{"role":"assistant","content":$content}},"stopReason":"$stop",""" +
            """"usage":{"inputTokens":10,"outputTokens":4,"totalTokens":14}$extra,"metrics":{"latencyMs":40}}"""

    test("each stop reason maps to its finish reason and is kept raw") {
        for ((raw, reason) in listOf(
            "end_turn" to FinishReason.STOP, "stop_sequence" to FinishReason.STOP, "max_tokens" to FinishReason.LENGTH,
            "model_context_window_exceeded" to FinishReason.LENGTH, "tool_use" to FinishReason.TOOL_CALLS,
            "guardrail_intervened" to FinishReason.CONTENT_FILTER, "content_filtered" to FinishReason.CONTENT_FILTER,
            "a_reason_added_later" to FinishReason.UNKNOWN,
        )) {
            val r = decoder.decode(body("""[{"text":"Hi"}]""", raw).encodeToByteArray(), "req-1", null)
            r.finishReason shouldBe reason
            r.rawFinishReason shouldBe raw
            r.content shouldBe "Hi"
        }
    }

    test("usage: prompt tokens include the cache reads and writes, reported apart") {
        val json = """{"output":{"message":{"role":"assistant","content":[{"text":"ok"}]}},"stopReason":"end_turn",""" +
            """"usage":{"inputTokens":12,"outputTokens":7,"totalTokens":1519,"cacheReadInputTokens":1200,"cacheWriteInputTokens":300}}"""
        val u = decoder.decode(json.encodeToByteArray(), null, null).usage
        u.promptTokens shouldBe 1512
        u.completionTokens shouldBe 7
        u.cachedTokens shouldBe 1200
        u.cacheWriteTokens shouldBe 300
        u.totalTokens shouldBe 1519
    }

    test("signed reasoning and redacted reasoning become thought and thought blocks of origin bedrock-converse") {
        val content = """[{"reasoningContent":{"reasoningText":{"text":"Two plus two","signature":"sig-abc"}}},""" +
            """{"reasoningContent":{"redactedContent":"ZW5jcnlwdGVk"}},{"text":"4"}]"""
        val r = decoder.decode(body(content, "end_turn").encodeToByteArray(), null, null)
        r.content shouldBe "4"
        r.thought shouldBe "Two plus two"
        r.thoughtBlocks.size shouldBe 2
        r.thoughtBlocks[0].text shouldBe "Two plus two"
        r.thoughtBlocks[0].signature shouldBe "sig-abc"
        r.thoughtBlocks[1].redactedData shouldBe "ZW5jcnlwdGVk"
        r.thoughtBlocks.map { it.origin }.toSet() shouldBe setOf("bedrock-converse")
        r.thoughtBlocks.all { it.isReadableBy("bedrock-converse") && !it.isReadableBy("anthropic") } shouldBe true
    }

    test("toolUse blocks are tool calls with their input as JSON; the structured-output tool is the content") {
        val calls = body("""[{"toolUse":{"toolUseId":"tooluse_1","name":"weather","input":{"city":"Lisbon"}}}]""", "tool_use")
        val r = decoder.decode(calls.encodeToByteArray(), null, null)
        r.finishReason shouldBe FinishReason.TOOL_CALLS
        r.content shouldBe null
        r.toolCalls.single().id shouldBe "tooluse_1"
        r.toolCalls.single().arguments shouldBe """{"city":"Lisbon"}"""

        val answer = body("""[{"toolUse":{"toolUseId":"t2","name":"structured_output","input":{"n":4}}}]""", "tool_use")
        val s = decoder.decode(answer.encodeToByteArray(), null, ConverseRequestEncoder.ANSWER_TOOL)
        s.content shouldBe """{"n":4}"""
        s.toolCalls shouldBe emptyList()
        s.finishReason shouldBe FinishReason.STOP
    }

    test("a guardrail's trace gives the content filter results of the policies that acted") {
        val trace = ""","trace":{"guardrail":{"inputAssessment":{"gr-1":{"topicPolicy":{"topics":[{"name":"Investments","type":"DENY",""" +
            """"action":"BLOCKED"}]},"contentPolicy":{"filters":[{"type":"VIOLENCE","confidence":"HIGH","action":"BLOCKED"},""" +
            """{"type":"INSULTS","confidence":"NONE","action":"NONE"}]}}}}}"""
        val r = decoder.decode(body("""[{"text":"Sorry, I cannot help with that."}]""", "guardrail_intervened", trace).encodeToByteArray(), null, null)
        r.finishReason shouldBe FinishReason.CONTENT_FILTER
        r.contentFilter.map { it.category } shouldContainExactly listOf("Investments", "VIOLENCE")
        r.contentFilter[1] shouldBe ContentFilterResult("VIOLENCE", true, "high")
        decoder.decode(body("""[{"text":"No."}]""", "guardrail_intervened").encodeToByteArray(), null, null).contentFilter shouldBe
            listOf(ContentFilterResult("guardrail", true))
    }

    test("a body that is not a Converse response is a protocol error that says so") {
        shouldThrow<ProtocolException> { decoder.decode("<html>gateway</html>".encodeToByteArray(), "req-9", null) }
            .message!! shouldContain "not a valid Converse response"
        shouldThrow<ProtocolException> { decoder.decode("""{"stopReason":"end_turn"}""".encodeToByteArray(), "req-9", null) }
            .message!! shouldContain "no output message"
        shouldThrow<ProtocolException> {
            decoder.decode(body("""[{"toolUse":{"name":"weather","input":{}}}]""", "tool_use").encodeToByteArray(), null, null)
        }.message!! shouldContain "toolUseId"
    }
})

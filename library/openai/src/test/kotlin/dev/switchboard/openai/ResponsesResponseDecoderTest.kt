package dev.switchboard.openai

import dev.switchboard.FinishReason
import dev.switchboard.ProtocolException
import dev.switchboard.RateLimitException
import dev.switchboard.RequestUsage
import dev.switchboard.ServerException
import dev.switchboard.ThoughtBlock
import dev.switchboard.TokenLogprob
import dev.switchboard.TopLogprob
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** Whole (not streamed) Responses API answers, as OpenAI's API reference shows them. */
class ResponsesResponseDecoderTest : FunSpec({
    val decoder = ResponsesResponseDecoder("openai")

    fun decode(json: String) = decoder.decode(json.encodeToByteArray(), "req_1")

    fun response(status: String, output: String, extra: String = "") =
        """{"id":"resp_1","object":"response","status":"$status","model":"o3-2025-04-16","output":[$output],""" +
            """"usage":{"input_tokens":20,"input_tokens_details":{"cached_tokens":8},"output_tokens":50,"output_tokens_details":{"reasoning_tokens":30},"total_tokens":70}$extra}"""

    val reasoning = """{"id":"rs_1","type":"reasoning","summary":[{"type":"summary_text","text":"First"},{"type":"summary_text","text":"Second"}],"encrypted_content":"gAAAA-1"}"""

    test("reasoning, then text with log probabilities: thought, one block per reasoning item, usage with cached and reasoning tokens") {
        val text = """{"id":"msg_1","type":"message","role":"assistant","status":"completed","content":[""" +
            """{"type":"output_text","text":"Hello","annotations":[],"logprobs":[{"token":"Hello","logprob":-0.1,"bytes":[72],"top_logprobs":[{"token":"Hi","logprob":-2.5,"bytes":[72,105]}]}]}]}"""
        val r = decode(response("completed", "$reasoning,$text"))
        r.content shouldBe "Hello"
        r.thought shouldBe "First\n\nSecond"
        r.thoughtBlocks shouldContainExactly listOf(ThoughtBlock("First\n\nSecond", "rs_1", "gAAAA-1", "openai-responses"))
        r.logprobs shouldContainExactly listOf(TokenLogprob("Hello", -0.1, listOf(72), listOf(TopLogprob("Hi", -2.5, listOf(72, 105)))))
        r.usage shouldBe RequestUsage(20, 50, 8, 30)
        r.finishReason shouldBe FinishReason.STOP
        r.id shouldBe "resp_1"
        r.model shouldBe "o3-2025-04-16"
        // On the next turn the message carries the block back.
        r.toAssistantMessage().thoughtBlocks shouldContainExactly r.thoughtBlocks
    }

    test("a refusal ends with REFUSAL; an incomplete response with LENGTH or CONTENT_FILTER") {
        val refusal = """{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"refusal","refusal":"I can't help with that."}]}"""
        val refused = decode(response("completed", refusal))
        refused.refusal shouldBe "I can't help with that."
        refused.content shouldBe null
        refused.finishReason shouldBe FinishReason.REFUSAL
        val cut = decode(response("incomplete", reasoning, ""","incomplete_details":{"reason":"max_output_tokens"}"""))
        cut.finishReason shouldBe FinishReason.LENGTH
        cut.rawFinishReason shouldBe "max_output_tokens"
        cut.content shouldBe null
        decode(response("incomplete", "", ""","incomplete_details":{"reason":"content_filter"}""")).finishReason shouldBe FinishReason.CONTENT_FILTER
    }

    test("a failed response is the typed error of its code; an unfinished (background) one is a ProtocolException saying so") {
        val quota = shouldThrow<ServerException> {
            decode(response("failed", "", ""","error":{"code":"server_error","message":"The model crashed"}"""))
        }
        quota.message shouldContain "The model crashed"
        shouldThrow<RateLimitException> { decode(response("failed", "", ""","error":{"code":"429","message":"Slow down"}""")) }
        shouldThrow<ProtocolException> { decode(response("in_progress", "")) }.message shouldContain "background"
        shouldThrow<ProtocolException> { decode("""{"id":"resp_1","output":[{"type":"function_call","call_id":"c","arguments":"{}"}]}""") }
            .message shouldContain "without a name"
        shouldThrow<ProtocolException> { decode("not json") }.provider shouldBe "openai"
    }

    test("a function call whose arguments arrive as an object keeps them as JSON text") {
        val r = decode(response("completed", """{"type":"function_call","call_id":"call_1","name":"f","arguments":{"a":1}}"""))
        r.toolCalls.single().arguments shouldBe """{"a":1}"""
        r.finishReason shouldBe FinishReason.TOOL_CALLS
        r.content shouldBe null
    }
})

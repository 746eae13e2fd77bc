package dev.switchboard.mistral

import dev.switchboard.BadRequestException
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** Whole Mistral completions: content chunks, reasoning, tool calls with object arguments, several choices, usage. */
class MistralResponseDecoderTest : FunSpec({
    val decoder = MistralResponseDecoder("mistral")
    fun decode(json: String) = decoder.decode(json.encodeToByteArray(), "req_1")

    test("a reasoning answer: thinking chunks are the thought, text chunks the content") {
        val r = decode(
            """{"id":"cmpl-1","object":"chat.completion","model":"magistral-medium-2507","created":1,"choices":[{"index":0,""" +
                """"message":{"role":"assistant","content":[{"type":"thinking","thinking":[{"type":"text","text":"Two and two."}]},""" +
                """{"type":"text","text":"4"}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""",
        )
        r.thought shouldBe "Two and two."
        r.content shouldBe "4"
        r.finishReason shouldBe FinishReason.STOP
        r.usage.totalTokens shouldBe 15
        r.id shouldBe "cmpl-1"
    }

    test("tool calls, arguments as text or as an object; an empty content beside them is no content") {
        val r = decode(
            """{"id":"c","model":"mistral-small-latest","choices":[{"index":0,"message":{"role":"assistant","content":"",""" +
                """"tool_calls":[{"id":"abc123def","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}},""" +
                """{"id":"xyz","function":{"name":"now","arguments":{"tz":"UTC"}}}]},"finish_reason":"tool_calls"}],""" +
                """"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7,"prompt_tokens_details":{"cached_tokens":2}}}""",
        )
        r.toolCalls shouldContainExactly listOf(
            FunctionCall("abc123def", "weather", """{"city":"Paris"}"""),
            FunctionCall("xyz", "now", """{"tz":"UTC"}"""),
        )
        r.content.shouldBeNull()
        r.finishReason shouldBe FinishReason.TOOL_CALLS
        r.usage.cachedTokens shouldBe 2
    }

    test("several choices in index order; model_length is LENGTH; an unknown reason is UNKNOWN with its raw value") {
        val r = decode(
            """{"choices":[{"index":1,"message":{"content":"b"},"finish_reason":"model_length"},""" +
                """{"index":0,"message":{"content":"a"},"finish_reason":"error"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""",
        )
        r.choices.map { it.content } shouldContainExactly listOf("a", "b")
        r.choices[1].finishReason shouldBe FinishReason.LENGTH
        r.finishReason shouldBe FinishReason.UNKNOWN
        r.rawFinishReason shouldBe "error"
    }

    test("an error object with status 200 is the typed error; a body without choices or not JSON is a ProtocolException") {
        val e = shouldThrow<BadRequestException> {
            decode("""{"object":"error","message":"Invalid model: nope","type":"invalid_request_error","param":null,"code":"1500"}""")
        }
        e.message!! shouldContain "Invalid model: nope"
        shouldThrow<ProtocolException> { decode("""{"id":"x","choices":[]}""") }.message!! shouldContain "no choices"
        shouldThrow<ProtocolException> { decode("<html>bad gateway</html>") }
    }
})

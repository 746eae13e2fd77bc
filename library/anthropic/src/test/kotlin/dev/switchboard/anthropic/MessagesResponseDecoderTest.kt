package dev.switchboard.anthropic

import dev.switchboard.AuthenticationException
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.ServerException
import dev.switchboard.ThoughtBlock
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class MessagesResponseDecoderTest : FunSpec({
    val decoder = MessagesResponseDecoder("anthropic")
    fun decode(json: String, answerTool: String? = null) = decoder.decode(json.encodeToByteArray(), "req_1", answerTool)

    test("thinking, redacted thinking, text and tool calls in block order; cache tokens are part of the prompt") {
        val r = decode(
            """{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
               "content":[
                 {"type":"thinking","thinking":"Need the weather.","signature":"EqQBCkYIBxgC"},
                 {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"},
                 {"type":"text","text":"Checking "},
                 {"type":"text","text":"now.","citations":null},
                 {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city":"Paris","days":[1,2]}},
                 {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}}
               ],
               "stop_reason":"tool_use","stop_sequence":null,
               "usage":{"input_tokens":100,"cache_creation_input_tokens":2000,"cache_read_input_tokens":300,"output_tokens":50}}""",
        )
        r.id shouldBe "msg_01"
        r.model shouldBe "claude-sonnet-4-5-20250929"
        r.content shouldBe "Checking now."
        r.thought shouldBe "Need the weather."
        r.thoughtBlocks shouldBe listOf(ThoughtBlock("Need the weather.", "EqQBCkYIBxgC", null, "anthropic"), ThoughtBlock("", null, "EmwKAhgBEgy3va3pzix", "anthropic"))
        r.toolCalls shouldBe listOf(FunctionCall("toolu_01A", "get_weather", """{"city":"Paris","days":[1,2]}"""))
        r.finishReason shouldBe FinishReason.TOOL_CALLS
        r.rawFinishReason shouldBe "tool_use"
        r.usage shouldBe RequestUsage(2400, 50, cachedTokens = 300, cacheWriteTokens = 2000)
    }

    test("each stop reason maps to its finish reason, the raw one kept") {
        mapOf(
            "end_turn" to FinishReason.STOP, "stop_sequence" to FinishReason.STOP, "max_tokens" to FinishReason.LENGTH,
            "model_context_window_exceeded" to FinishReason.LENGTH, "tool_use" to FinishReason.TOOL_CALLS,
            "refusal" to FinishReason.REFUSAL, "pause_turn" to FinishReason.UNKNOWN,
        ).forEach { (raw, reason) ->
            val r = decode("""{"id":"m","content":[{"type":"text","text":"x"}],"stop_reason":"$raw","usage":{"input_tokens":1,"output_tokens":1}}""")
            r.finishReason shouldBe reason
            r.rawFinishReason shouldBe raw
        }
    }

    test("the structured answer's tool call becomes the content, and the answer is finished") {
        val r = decode(
            """{"id":"m","content":[{"type":"tool_use","id":"toolu_1","name":"structured_output","input":{"city":"Paris","celsius":22}}],
               "stop_reason":"tool_use","usage":{"input_tokens":5,"output_tokens":9}}""",
            answerTool = "structured_output",
        )
        r.content shouldBe """{"city":"Paris","celsius":22}"""
        r.toolCalls shouldBe emptyList()
        r.finishReason shouldBe FinishReason.STOP
        r.rawFinishReason shouldBe "tool_use"
    }

    test("a refusal carries its explanation; without one the refusal text is absent") {
        val r = decode(
            """{"id":"m","content":[],"stop_reason":"refusal","stop_details":{"type":"refusal","explanation":"Not allowed."},"usage":{"input_tokens":1,"output_tokens":0}}""",
        )
        r.finishReason shouldBe FinishReason.REFUSAL
        r.refusal shouldBe "Not allowed."
        r.content shouldBe null
        decode("""{"id":"m","content":[],"stop_reason":"refusal","usage":{"input_tokens":1,"output_tokens":0}}""").refusal shouldBe null
    }

    test("an error object with status 200 is the typed error of its type") {
        shouldThrow<ServerException> { decode("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""") }
            .statusCode shouldBe 529
        shouldThrow<AuthenticationException> { decode("""{"type":"error","error":{"type":"authentication_error","message":"bad key"}}""") }
    }

    test("a body that is not a message is a ProtocolException quoting its start") {
        shouldThrow<ProtocolException> { decode("<html>Bad gateway</html>") }.message shouldContain "<html>Bad gateway"
        shouldThrow<ProtocolException> { decode("""{"id":"m","type":"message"}""") }.message shouldContain "has no content"
        shouldThrow<ProtocolException> { decode("""{"id":"m","content":[{"type":"tool_use","input":{}}]}""") }.message shouldContain
            "without its id or name"
    }
})

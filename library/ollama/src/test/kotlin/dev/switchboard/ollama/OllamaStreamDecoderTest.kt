package dev.switchboard.ollama

import dev.switchboard.ChatStreamEvent
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.StreamInterruptedException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith

class OllamaStreamDecoderTest : FunSpec({
    test("the documented text stream: its text, the final line's counts, STOP without a done_reason") {
        val d = Fixtures.decode(Fixtures.lines("ollama-docs-chat-stream.ndjson"))
        d.terminatedAt shouldBe 1
        d.events shouldBe listOf(ChatStreamEvent.TextDelta("The"))
        d.result.content shouldBe "The"
        d.result.finishReason shouldBe FinishReason.STOP
        d.result.rawFinishReason shouldBe null
        d.result.usage.promptTokens shouldBe 26
        d.result.usage.completionTokens shouldBe 282
        d.result.model shouldBe "llama3.2"
        d.result.toolCalls shouldBe emptyList()
    }

    test("the documented tool stream: one whole call, start, arguments and end together; TOOL_CALLS although Ollama says stop") {
        val d = Fixtures.decode(Fixtures.lines("ollama-docs-chat-stream-tools.ndjson"))
        val call = d.result.toolCalls.single()
        call.name shouldBe "get_weather"
        call.arguments shouldBe """{"city":"Tokyo"}"""
        call.id shouldStartWith "call_0_"
        d.events shouldBe listOf(
            ChatStreamEvent.ToolCallStart(0, call.id, "get_weather"),
            ChatStreamEvent.ToolCallDelta(0, """{"city":"Tokyo"}"""),
            ChatStreamEvent.ToolCallEnd(0, call),
        )
        d.result.finishReason shouldBe FinishReason.TOOL_CALLS
        d.result.rawFinishReason shouldBe "stop"
        d.result.content shouldBe null
        d.result.usage.promptTokens shouldBe 169
        d.result.usage.completionTokens shouldBe 15
    }

    test("a generated call id is the same streamed or not, and differs for other arguments or positions") {
        val streamed = Fixtures.decode(Fixtures.lines("ollama-docs-chat-stream-tools.ndjson")).result.toolCalls.single()
        val whole = OllamaResponseDecoder("ollama").decode(Fixtures.text("ollama-docs-chat-nostream-tools.json").toByteArray(), null)
        whole.toolCalls.single() shouldBe streamed
        OllamaResponseDecoder.syntheticId(0, "get_weather", """{"city":"Tokyo"}""") shouldBe streamed.id
        OllamaResponseDecoder.syntheticId(0, "get_weather", """{"city":"Paris"}""") shouldNotBe streamed.id
        OllamaResponseDecoder.syntheticId(1, "get_weather", """{"city":"Tokyo"}""") shouldNotBe streamed.id
    }

    test("thinking arrives as ThoughtDeltas before the text and ends as the thought") {
        val d = Fixtures.decode(
            Fixtures.frames(
                """{"model":"qwen3","message":{"role":"assistant","content":"","thinking":"Let me "},"done":false}""",
                """{"model":"qwen3","message":{"role":"assistant","content":"","thinking":"add."},"done":false}""",
                """{"model":"qwen3","message":{"role":"assistant","content":"2"},"done":false}""",
                """{"model":"qwen3","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":12,"eval_count":30}""",
            ),
        )
        d.events shouldBe listOf(ChatStreamEvent.ThoughtDelta("Let me "), ChatStreamEvent.ThoughtDelta("add."), ChatStreamEvent.TextDelta("2"))
        d.result.thought shouldBe "Let me add."
        d.result.content shouldBe "2"
        d.result.toAssistantMessage().thought shouldBe "Let me add."
    }

    test("several calls over several lines are numbered in order; ids the server sends are kept") {
        val d = Fixtures.decode(
            Fixtures.frames(
                """{"message":{"role":"assistant","content":"","tool_calls":[{"id":"call_srv_1","function":{"index":0,"name":"a","arguments":{}}}]},"done":false}""",
                """{"message":{"role":"assistant","content":"","tool_calls":[{"function":{"index":1,"name":"b","arguments":{"x":[1,2]}}},{"function":{"name":"c","arguments":null}}]},"done":false}""",
                """{"message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}""",
            ),
        )
        d.result.toolCalls.map { it.name } shouldBe listOf("a", "b", "c")
        d.result.toolCalls[0].id shouldBe "call_srv_1"
        d.result.toolCalls[1].arguments shouldBe """{"x":[1,2]}"""
        d.result.toolCalls[2].arguments shouldBe "{}"
        d.events.filterIsInstance<ChatStreamEvent.ToolCallEnd>().map { it.index } shouldBe listOf(0, 1, 2)
        d.result.toolCalls.map { it.id }.toSet() shouldHaveSize 3
    }

    test("done_reason length is LENGTH; an unknown reason is UNKNOWN with its raw value") {
        fun last(reason: String) = Fixtures.decode(
            Fixtures.frames("""{"message":{"role":"assistant","content":"cut"},"done":true,"done_reason":"$reason","eval_count":5}"""),
        ).result
        last("length").finishReason shouldBe FinishReason.LENGTH
        last("length").content shouldBe "cut"
        last("unload").finishReason shouldBe FinishReason.UNKNOWN
        last("unload").rawFinishReason shouldBe "unload"
    }

    test("log probabilities of every line are assembled") {
        val d = Fixtures.decode(
            Fixtures.frames(
                """{"message":{"role":"assistant","content":"Hi"},"logprobs":[{"token":"Hi","logprob":-0.1,"bytes":[72,105],"top_logprobs":[{"token":"Hi","logprob":-0.1},{"token":"Hey","logprob":-2.5}]}],"done":false}""",
                """{"message":{"role":"assistant","content":"!"},"logprobs":[{"token":"!","logprob":-0.01}],"done":false}""",
                """{"message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}""",
            ),
        )
        val lp = d.result.logprobs!!
        lp.map { it.token } shouldBe listOf("Hi", "!")
        lp[0].bytes shouldBe listOf(72, 105)
        lp[0].topLogprobs.map { it.token } shouldBe listOf("Hi", "Hey")
    }

    test("an error line is a StreamInterruptedException with Ollama's message, after the text before it") {
        val decoder = OllamaStreamDecoder("ollama", null)
        val out = ArrayList<ChatStreamEvent>()
        decoder.decode(Fixtures.frames("""{"message":{"role":"assistant","content":"Half"},"done":false}""")[0], out) shouldBe false
        val e = shouldThrow<StreamInterruptedException> {
            decoder.decode(Fixtures.frames("""{"error":"an error was encountered while running the model: CUDA error: out of memory"}""")[0], out)
        }
        e.message!! shouldContain "CUDA error: out of memory"
        e.provider shouldBe "ollama"
        out shouldBe listOf(ChatStreamEvent.TextDelta("Half"))
    }

    test("a line that is not JSON, followed by another, is a ProtocolException quoting it") {
        val decoder = OllamaStreamDecoder("ollama", null)
        val out = ArrayList<ChatStreamEvent>()
        decoder.decode(Fixtures.frames("""{"message":{"content":"ok"},"done":false}""")[0], out)
        decoder.decode(Fixtures.frames("""{"message":{"content":"broken""")[0], out) shouldBe false
        val e = shouldThrow<ProtocolException> { decoder.decode(Fixtures.frames("""{"done":true}""")[0], out) }
        e.message!! shouldContain "not valid JSON"
        e.message!! shouldContain "broken"
    }

    test("a line cut off at the end of the body is an interrupted stream, not a protocol error") {
        val decoder = OllamaStreamDecoder("ollama", null)
        val out = ArrayList<ChatStreamEvent>()
        decoder.decode(Fixtures.frames("""{"message":{"content":"The answer"},"done":false}""")[0], out)
        decoder.decode(Fixtures.frames("""{"message":{"content":" is 4"},"do""")[0], out) shouldBe false
        val e = shouldThrow<StreamInterruptedException> { decoder.finish(terminated = false) }
        e.message!! shouldContain "cut off"
    }

    test("a stream that ends before done: true is a StreamInterruptedException, never a short answer") {
        val decoder = OllamaStreamDecoder("ollama", null)
        decoder.decode(Fixtures.frames("""{"message":{"content":"Partial"},"done":false}""")[0], ArrayList())
        val e = shouldThrow<StreamInterruptedException> { decoder.finish(terminated = false) }
        e.message!! shouldContain "done: true"
        e.message!! shouldContain "7 characters"
        shouldThrow<StreamInterruptedException> { OllamaStreamDecoder("ollama", null).finish(terminated = false) }
    }

    test("a tool call without a name is a ProtocolException") {
        shouldThrow<ProtocolException> {
            OllamaStreamDecoder("ollama", null).decode(
                Fixtures.frames("""{"message":{"content":"","tool_calls":[{"function":{"arguments":{}}}]},"done":false}""")[0],
                ArrayList(),
            )
        }
    }

    test("arguments sent as JSON text by a lenient server are kept as that text") {
        val d = Fixtures.decode(
            Fixtures.frames("""{"message":{"content":"","tool_calls":[{"function":{"name":"f","arguments":"{\"a\":1}"}}]},"done":true,"done_reason":"stop"}"""),
        )
        d.result.toolCalls.single() shouldBe FunctionCall(d.result.toolCalls.single().id, "f", """{"a":1}""")
    }
})

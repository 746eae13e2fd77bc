package dev.switchboard.openai

import dev.switchboard.ChatStreamEvent
import dev.switchboard.ChatStreamEvent.TextDelta
import dev.switchboard.ChatStreamEvent.ThoughtDelta
import dev.switchboard.ChatStreamEvent.ToolCallDelta
import dev.switchboard.ChatStreamEvent.ToolCallEnd
import dev.switchboard.ChatStreamEvent.ToolCallStart
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.spi.StreamFrame
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject

class ChatStreamDecoderTest : FunSpec({

    fun json(text: String) = Json.parseToJsonElement(text)

    test("text stream: deltas concatenate to the answer, usage and finish reason come from the stream") {
        val name = "openai-chat-text.include-usage.sse"
        val d = Fixtures.decode(Fixtures.frames(name))
        val expected = "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, " +
            "I recommend checking a reliable weather website or a weather app."
        Fixtures.concatenated(name, "content") shouldBe expected
        val deltas = d.events.filterIsInstance<TextDelta>()
        deltas.joinToString("") { it.text } shouldBe expected
        deltas.size shouldBe Fixtures.contentDeltaCount(name)
        d.result.content shouldBe expected
        d.result.finishReason shouldBe FinishReason.STOP
        d.result.rawFinishReason shouldBe "stop"
        d.result.usage shouldBe RequestUsage(14, 30, 0, 0)
        d.result.id shouldBe "chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL"
        d.result.model shouldBe "gpt-4o-2024-08-06"
        d.result.toolCalls.shouldBeEmpty()
        d.result.refusal shouldBe null
        d.result.thought shouldBe null
    }

    test("parallel tool calls: start, argument fragments and end per call; arguments parse to the expected JSON") {
        val d = Fixtures.decode(Fixtures.frames("openai-chat-parallel-tool-calls.include-usage.sse"))
        val starts = d.events.filterIsInstance<ToolCallStart>()
        starts shouldContainExactly listOf(
            ToolCallStart(0, "call_JMW1whyEaYG438VE1OIflxA2", "GetWeatherArgs"),
            ToolCallStart(1, "call_DNYTawLBoN8fj3KN6qU9N1Ou", "get_stock_price"),
        )
        val ends = d.events.filterIsInstance<ToolCallEnd>()
        ends.map { it.index } shouldContainExactly listOf(0, 1)
        json(ends[0].call.arguments) shouldBe json("""{"city":"Edinburgh","country":"GB","units":"c"}""")
        json(ends[1].call.arguments) shouldBe json("""{"ticker":"AAPL","exchange":"NASDAQ"}""")
        for (i in 0..1) {
            d.events.filterIsInstance<ToolCallDelta>().filter { it.index == i }.joinToString("") { it.argumentsDelta } shouldBe
                ends[i].call.arguments
        }
        // Every start precedes its deltas, every end follows them.
        val firstDelta1 = d.events.indexOfFirst { it is ToolCallDelta && it.index == 1 }
        d.events.indexOf(starts[1]) shouldBe firstDelta1 - 1
        d.events.indexOf(ends[0]) shouldBe d.events.size - 2
        d.result.toolCalls shouldBe ends.map { it.call }
        d.result.content shouldBe null
        d.result.finishReason shouldBe FinishReason.TOOL_CALLS
        d.result.usage shouldBe RequestUsage(149, 60)
        d.events.filterIsInstance<TextDelta>().shouldBeEmpty()
    }

    test("single tool call") {
        val d = Fixtures.decode(Fixtures.frames("openai-chat-single-tool-call.include-usage.sse"))
        d.result.toolCalls shouldBe listOf(
            FunctionCall("call_c91SqDXlYFuETYv8mUHzz6pp", "GetWeatherArgs", """{"city":"Edinburgh","country":"UK","units":"c"}"""),
        )
        d.events.filterIsInstance<ToolCallStart>() shouldHaveSize 1
        d.events.filterIsInstance<ToolCallEnd>().single().call shouldBe d.result.toolCalls[0]
        d.result.finishReason shouldBe FinishReason.TOOL_CALLS
        d.result.usage shouldBe RequestUsage(76, 24)
    }

    test("refusal: the refusal text is assembled and the finish reason is REFUSAL with the raw 'stop' kept") {
        val name = "openai-chat-refusal-logprobs.include-usage.sse"
        val d = Fixtures.decode(Fixtures.frames(name))
        d.result.refusal shouldBe "I'm very sorry, but I can't assist with that."
        d.result.refusal shouldBe Fixtures.concatenated(name, "refusal")
        d.result.content shouldBe null
        d.result.finishReason shouldBe FinishReason.REFUSAL
        d.result.rawFinishReason shouldBe "stop"
        // the stream carried the refusal tokens' log probabilities (and none of content): they are the answer's
        val expected = Fixtures.logprobs(name, "refusal").map { it.jsonObject }
        d.result.logprobs!!.map { it.token } shouldBe expected.map { (it["token"] as JsonPrimitive).content }
        d.result.logprobs!!.map { it.logprob } shouldBe expected.map { (it["logprob"] as JsonPrimitive).content.toDouble() }
        d.result.logprobs!!.joinToString("") { it.token } shouldBe d.result.refusal
        d.result.usage shouldBe RequestUsage(79, 12)
        d.events.filterIsInstance<TextDelta>().shouldBeEmpty()
        d.result.toAssistantMessage().content shouldBe d.result.refusal
    }

    test("finish reason length") {
        val d = Fixtures.decode(Fixtures.frames("openai-chat-finish-length.include-usage.sse"))
        d.result.content shouldBe "{\""
        d.result.finishReason shouldBe FinishReason.LENGTH
        d.result.rawFinishReason shouldBe "length"
        d.result.usage shouldBe RequestUsage(79, 1)
    }

    test("n=3: interleaved choices are assembled separately") {
        val name = "openai-chat-n3-multiple-choices.include-usage.sse"
        val d = Fixtures.decode(Fixtures.frames(name))
        d.result.choices shouldHaveSize 3
        val temperatures = listOf(65, 61, 59)
        for (i in 0..2) {
            val c = d.result.choices[i]
            c.index shouldBe i
            c.content shouldBe """{"city":"San Francisco","temperature":${temperatures[i]},"units":"f"}"""
            c.content shouldBe Fixtures.concatenated(name, "content", i)
            c.finishReason shouldBe FinishReason.STOP
            d.events.filterIsInstance<TextDelta>().filter { it.choiceIndex == i }.joinToString("") { it.text } shouldBe c.content
        }
        d.result.content shouldBe d.result.choices[0].content
        d.result.usage shouldBe RequestUsage(79, 42)
    }

    test("gpt-4.1-nano stream with obfuscation fields and usage:null on every chunk") {
        val name = "openai-text.chunks.txt"
        val d = Fixtures.decode(Fixtures.frames(name))
        val expected = Fixtures.concatenated(name, "content")!!
        expected.length shouldBe d.events.filterIsInstance<TextDelta>().sumOf { it.text.length }
        d.result.content shouldBe expected
        d.result.content!! shouldContain "**Holiday Name:** Harmony Day"
        val usage = Fixtures.usage(name)
        d.result.usage shouldBe RequestUsage(
            Fixtures.int(usage, "prompt_tokens"), Fixtures.int(usage, "completion_tokens"),
            Fixtures.int(usage, "prompt_tokens_details", "cached_tokens"),
            Fixtures.int(usage, "completion_tokens_details", "reasoning_tokens"),
        )
        d.result.usage shouldBe RequestUsage(16, 300)
        d.result.model shouldBe "gpt-4.1-nano-2025-04-14"
    }

    test("xAI: reasoning_content becomes thought deltas and the result's thought; cached and reasoning tokens") {
        val name = "xai-tool-call.chunks.txt"
        val d = Fixtures.decode(Fixtures.frames(name), provider = "xai")
        val reasoning = Fixtures.concatenated(name, "reasoning_content")!!
        reasoning.length shouldBe 1069
        d.events.filterIsInstance<ThoughtDelta>().joinToString("") { it.text } shouldBe reasoning
        d.result.thought shouldBe reasoning
        d.result.content shouldBe null
        d.result.toolCalls shouldBe listOf(FunctionCall("call_79382389", "weather", """{"location":"San Francisco"}"""))
        d.result.finishReason shouldBe FinishReason.TOOL_CALLS
        d.result.usage shouldBe RequestUsage(promptTokens = 307, completionTokens = 26, cachedTokens = 306, reasoningTokens = 227)
        // Thought deltas all come before the tool call.
        d.events.indexOfLast { it is ThoughtDelta } shouldBe d.events.indexOfFirst { it is ToolCallStart } - 1
    }

    test("gateway stream whose tool_call index starts at 1: the call is the first of the turn") {
        val d = Fixtures.decode(Fixtures.frames("anthropic-fallback-tool-call.sse"))
        d.result.content shouldBe "Reading it."
        d.events.filterIsInstance<ToolCallStart>() shouldContainExactly listOf(ToolCallStart(0, "toolu_sanitized", "read_file"))
        // The two empty argument fragments produce no delta events.
        d.events.filterIsInstance<ToolCallDelta>().map { it.argumentsDelta } shouldContainExactly listOf("{\"pa", "th\": \"a.txt\"}")
        json(d.result.toolCalls.single().arguments) shouldBe json("""{"path":"a.txt"}""")
        d.result.finishReason shouldBe FinishReason.TOOL_CALLS
        d.result.usage shouldBe RequestUsage.ZERO
        d.result.model shouldBe "claude-haiku-4-5-20251001"
    }

    test("Azure: a first chunk with choices [] and an empty id (prompt_filter_results) is ignored") {
        val d = Fixtures.decode(Fixtures.frames("azure-model-router.1.chunks.txt"), provider = "azure")
        d.result.id shouldBe "chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt"
        d.result.model shouldBe "gpt-5-nano-2025-08-07"
        d.result.content shouldBe "Capital of Denmark."
        d.result.usage shouldBe RequestUsage(promptTokens = 15, completionTokens = 78, reasoningTokens = 64)
        d.result.finishReason shouldBe FinishReason.STOP
    }

    test("Mistral: whole tool calls without an index, and content given as thinking/text parts") {
        val call = Fixtures.decode(Fixtures.frames("mistral-tool-call.chunks.txt"))
        call.result.toolCalls shouldBe listOf(FunctionCall("gSIMJiOkT", "weather", """{"location": "San Francisco"}"""))
        call.result.usage shouldBe RequestUsage(124, 22)

        val incremental = Fixtures.decode(Fixtures.frames("mistral-incremental-tool-call.chunks.txt"))
        incremental.result.toolCalls shouldBe listOf(
            FunctionCall("chatcmpl-tool-9f149c74c42f265b", "webSearchTool", """{"query": "current Berlin weather"}"""),
        )
        incremental.result.usage shouldBe RequestUsage(171, 14, cachedTokens = 128)

        val reasoning = Fixtures.decode(Fixtures.frames("mistral-reasoning.chunks.txt"))
        reasoning.result.content shouldBe "2 + 2 = 4"
        reasoning.result.thought shouldBe "The user is asking for 2+2. This is basic arithmetic. 2+2=4."
        reasoning.events.filterIsInstance<ThoughtDelta>().joinToString("") { it.text } shouldBe reasoning.result.thought

        val text = Fixtures.decode(Fixtures.frames("mistral-text.chunks.txt"))
        text.result.content shouldBe Fixtures.concatenated("mistral-text.chunks.txt", "content")
    }

    test("every fixture stream cut before [DONE] is interrupted, never a short answer") {
        val names = listOf(
            "openai-chat-text.include-usage.sse", "openai-chat-parallel-tool-calls.include-usage.sse",
            "openai-chat-single-tool-call.include-usage.sse", "openai-chat-refusal-logprobs.include-usage.sse",
            "openai-chat-finish-length.include-usage.sse", "openai-chat-n3-multiple-choices.include-usage.sse",
            "openai-text.chunks.txt", "xai-tool-call.chunks.txt", "anthropic-fallback-tool-call.sse",
            "azure-model-router.1.chunks.txt",
        )
        for (name in names) {
            val frames = Fixtures.frames(name)
            frames.last().data shouldBe "[DONE]"
            for (cut in listOf(frames.size - 1, frames.size / 2, 0)) {
                val e = shouldThrow<StreamInterruptedException> { Fixtures.decode(frames.take(cut)) }
                e.message!! shouldContain "ended before [DONE]"
                e.requestId shouldBe "req_test"
            }
        }
    }

    test("frames after [DONE] are ignored") {
        val frames = Fixtures.frames("openai-chat-finish-length.include-usage.sse") +
            StreamFrame(null, """{"choices":[{"index":0,"delta":{"content":"late"}}]}""")
        val d = Fixtures.decode(frames)
        d.result.content shouldBe "{\""
        d.terminatedAt shouldBe frames.size - 2
    }

    test("a tool call still open at [DONE] is ended there; a choice without finish_reason is UNKNOWN") {
        val frames = listOf(
            """{"id":"x","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c1","function":{"name":"f","arguments":"{}"}}]}}]}""",
            "[DONE]",
        ).map { StreamFrame(null, it) }
        val d = Fixtures.decode(frames)
        d.events.last() shouldBe ToolCallEnd(0, FunctionCall("c1", "f", "{}"))
        d.result.finishReason shouldBe FinishReason.UNKNOWN
        d.result.rawFinishReason shouldBe null
    }

    test("an unknown finish reason is UNKNOWN with the raw value kept; function_call is TOOL_CALLS") {
        fun finish(raw: String) = Fixtures.decode(
            listOf("""{"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"$raw"}]}""", "[DONE]").map { StreamFrame(null, it) },
        ).result
        finish("eos_token").finishReason shouldBe FinishReason.UNKNOWN
        finish("eos_token").rawFinishReason shouldBe "eos_token"
        finish("function_call").finishReason shouldBe FinishReason.TOOL_CALLS
        finish("content_filter").finishReason shouldBe FinishReason.CONTENT_FILTER
    }

    test("content log probabilities with alternatives are collected per choice") {
        val frames = listOf(
            """{"choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":{"content":[{"token":"Hi","logprob":-0.5,"bytes":[72,105],"top_logprobs":[{"token":"Hi","logprob":-0.5,"bytes":[72,105]},{"token":"Hello","logprob":-1.25,"bytes":null}]}]}}]}""",
            """{"choices":[{"index":0,"delta":{"content":"!"},"logprobs":{"content":[{"token":"!","logprob":-0.01,"top_logprobs":[]}]},"finish_reason":"stop"}]}""",
            "[DONE]",
        ).map { StreamFrame(null, it) }
        val r = Fixtures.decode(frames).result
        r.logprobs!!.map { it.token } shouldContainExactly listOf("Hi", "!")
        r.logprobs!![0].bytes shouldBe listOf(72, 105)
        r.logprobs!![0].topLogprobs.map { it.token to it.logprob } shouldContainExactly listOf("Hi" to -0.5, "Hello" to -1.25)
        r.logprobs!![1].logprob shouldBe -0.01
    }

    test("a malformed chunk is a ProtocolException quoting the line, shortened and with secrets redacted") {
        val secret = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"
        val line = """{"id":"x","choices":[{"index":0,"delta":{"content":"$secret ${"y".repeat(1000)}"""
        val e = shouldThrow<ProtocolException> {
            Fixtures.decode(listOf(StreamFrame(null, line), StreamFrame(null, "[DONE]")))
        }
        e.message!! shouldContain "not valid JSON"
        e.message!! shouldContain "{\"id\":\"x\""
        e.message!! shouldNotContain secret
        e.message!! shouldContain "sk-***"
        (e.message!!.length < 700) shouldBe true
        e.bodyExcerpt!! shouldNotContain secret
        e.requestId shouldBe "req_test"
    }

    test("a chunk of the wrong shape is a ProtocolException") {
        shouldThrow<ProtocolException> {
            Fixtures.decode(listOf(StreamFrame(null, """{"choices":{"index":0}}"""), StreamFrame(null, "[DONE]")))
        }.message!! shouldContain "not valid JSON"
    }

    test("an error object in the stream is a StreamInterruptedException carrying the provider's message") {
        val e = shouldThrow<StreamInterruptedException> {
            Fixtures.decode(
                listOf(
                    """{"choices":[{"index":0,"delta":{"content":"par"}}]}""",
                    """{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}""",
                ).map { StreamFrame(null, it) },
            )
        }
        e.message!! shouldContain "The server had an error while processing your request"
        e.message!! shouldContain "server_error"
        val named = shouldThrow<StreamInterruptedException> {
            Fixtures.decode(listOf(StreamFrame("error", """{"message":"overloaded"}""")))
        }
        named.message!! shouldContain "overloaded"
    }

    test("a stream with [DONE] but no choice at all is a ProtocolException") {
        shouldThrow<ProtocolException> { Fixtures.decode(listOf(StreamFrame(null, "[DONE]"))) }
    }

    test("a tool call whose name never arrives is a ProtocolException, not a call with an empty name") {
        val frames = listOf(
            """{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c","function":{"arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""",
            "[DONE]",
        ).map { StreamFrame(null, it) }
        shouldThrow<ProtocolException> { Fixtures.decode(frames) }.message!! shouldContain "without a function name"
    }

    test("decoding emits typed events in stream order") {
        val events = Fixtures.decode(Fixtures.frames("anthropic-fallback-tool-call.sse")).events
        events.map { it::class.simpleName } shouldContainExactly listOf(
            "TextDelta", "TextDelta", "ToolCallStart", "ToolCallDelta", "ToolCallDelta", "ToolCallEnd",
        )
        events.first().shouldBeInstanceOf<ChatStreamEvent.TextDelta>()
    }
})

package dev.switchboard.openai

import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RateLimitException
import dev.switchboard.RequestUsage
import dev.switchboard.ServerException
import dev.switchboard.TokenLogprob
import dev.switchboard.TopLogprob
import dev.switchboard.spi.StreamFrame
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.json.JsonPrimitive

/** Non-streaming responses, and the promise that a stream's result equals the non-streaming one. */
class ChatResponseDecoderTest : FunSpec({
    val decoder = ChatResponseDecoder("openai")
    fun decode(json: String) = decoder.decode(json.encodeToByteArray(), "req_1")
    fun q(s: String) = JsonPrimitive(s).toString()

    test("text answer, as the non-streaming form of the recorded text stream") {
        val text = "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, " +
            "I recommend checking a reliable weather website or a weather app."
        val body = """{"id":"chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL","object":"chat.completion","created":1727346168,
            "model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":${q(text)},"refusal":null},
            "logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":14,"completion_tokens":30,"total_tokens":44,
            "completion_tokens_details":{"reasoning_tokens":0}},"system_fingerprint":"fp_5050236cbd","service_tier":"default"}"""
        val result = decode(body)
        result.content shouldBe text
        result.usage shouldBe RequestUsage(14, 30)
        result shouldBe Fixtures.decode(Fixtures.frames("openai-chat-text.include-usage.sse")).result
    }

    test("parallel tool calls equal the streamed result") {
        val body = """{"id":"chatcmpl-ABfwAwrNePHUgBBezonVC6MX3zd63","object":"chat.completion","model":"gpt-4o-2024-08-06",
            "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
              {"id":"call_JMW1whyEaYG438VE1OIflxA2","type":"function","function":{"name":"GetWeatherArgs","arguments":${q("""{"city": "Edinburgh", "country": "GB", "units": "c"}""")}}},
              {"id":"call_DNYTawLBoN8fj3KN6qU9N1Ou","type":"function","function":{"name":"get_stock_price","arguments":${q("""{"ticker": "AAPL", "exchange": "NASDAQ"}""")}}}
            ],"refusal":null},"logprobs":null,"finish_reason":"tool_calls"}],
            "usage":{"prompt_tokens":149,"completion_tokens":60,"total_tokens":209,"completion_tokens_details":{"reasoning_tokens":0}}}"""
        val result = decode(body)
        result.finishReason shouldBe FinishReason.TOOL_CALLS
        result.hasToolCalls shouldBe true
        result shouldBe Fixtures.decode(Fixtures.frames("openai-chat-parallel-tool-calls.include-usage.sse")).result
    }

    test("n=3 choices equal the streamed result, in index order even when sent out of order") {
        fun choice(i: Int, t: Int) =
            """{"index":$i,"message":{"role":"assistant","content":${q("""{"city":"San Francisco","temperature":$t,"units":"f"}""")}},"finish_reason":"stop"}"""
        val body = """{"id":"chatcmpl-ABfw2KKFuVXmEJgVwYfBvejMAdWtq","model":"gpt-4o-2024-08-06",
            "choices":[${choice(2, 59)},${choice(0, 65)},${choice(1, 61)}],
            "usage":{"prompt_tokens":79,"completion_tokens":42,"total_tokens":121,"completion_tokens_details":{"reasoning_tokens":0}}}"""
        val result = decode(body)
        result.choices.map { it.index } shouldBe listOf(0, 1, 2)
        result shouldBe Fixtures.decode(Fixtures.frames("openai-chat-n3-multiple-choices.include-usage.sse")).result
    }

    test("refusal, with the refusal tokens' log probabilities, equals the streamed result") {
        val name = "openai-chat-refusal-logprobs.include-usage.sse"
        val body = """{"id":"chatcmpl-ABfw5GEVqPbLY576l46FZDQoNJ2KC","model":"gpt-4o-2024-08-06","choices":[{"index":0,
            "message":{"role":"assistant","content":null,"refusal":"I'm very sorry, but I can't assist with that."},
            "logprobs":{"content":null,"refusal":${Fixtures.logprobs(name, "refusal")}},
            "finish_reason":"stop"}],"usage":{"prompt_tokens":79,"completion_tokens":12,"total_tokens":91}}"""
        val result = decode(body)
        result.finishReason shouldBe FinishReason.REFUSAL
        result.logprobs!!.joinToString("") { it.token } shouldBe result.refusal
        result shouldBe Fixtures.decode(Fixtures.frames(name)).result
    }

    test("reasoning_content (xAI, DeepSeek) equals the streamed result, with cached and reasoning tokens") {
        val thought = Fixtures.concatenated("xai-tool-call.chunks.txt", "reasoning_content")!!
        val body = """{"id":"7027d986-3c59-a37a-9a5f-50713e01c8a6","object":"chat.completion","model":"grok-3-mini","choices":[{"index":0,
            "message":{"role":"assistant","reasoning_content":${q(thought)},"tool_calls":[{"id":"call_79382389","type":"function",
            "function":{"name":"weather","arguments":${q("""{"location":"San Francisco"}""")}}}]},"finish_reason":"tool_calls"}],
            "usage":{"prompt_tokens":307,"completion_tokens":26,"total_tokens":560,"prompt_tokens_details":{"text_tokens":307,
            "audio_tokens":0,"image_tokens":0,"cached_tokens":306},"completion_tokens_details":{"reasoning_tokens":227},
            "num_sources_used":0}}"""
        decode(body) shouldBe Fixtures.decode(Fixtures.frames("xai-tool-call.chunks.txt")).result
    }

    test("Mistral content parts: thinking goes to thought, text to content, as in the stream") {
        val body = """{"id":"a4e29c5b82f94d67b23e108a7c9df6e1","model":"magistral-medium-2507","choices":[{"index":0,"message":{
            "role":"assistant","content":[{"type":"thinking","thinking":[{"type":"text","text":"The user is asking for 2+2. This is basic arithmetic. 2+2=4."}]},
            {"type":"text","text":"2 + 2 = 4"}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"total_tokens":56,"completion_tokens":46}}"""
        decode(body) shouldBe Fixtures.decode(Fixtures.frames("mistral-reasoning.chunks.txt")).result
    }

    test("OpenRouter-style reasoning field is the thought; DeepSeek's prompt_cache_hit_tokens are cached tokens") {
        val result = decode(
            """{"choices":[{"index":0,"message":{"content":"4","reasoning":"2+2 is 4"},"finish_reason":"stop"}],
            "usage":{"prompt_tokens":10,"completion_tokens":5,"prompt_cache_hit_tokens":8,"prompt_cache_miss_tokens":2}}""",
        )
        result.thought shouldBe "2+2 is 4"
        result.usage shouldBe RequestUsage(10, 5, cachedTokens = 8)
        result.id shouldBe null
    }

    test("log probabilities of the content tokens with their alternatives") {
        val result = decode(
            """{"choices":[{"index":0,"message":{"content":"Hi"},"finish_reason":"stop","logprobs":{"content":[
            {"token":"Hi","logprob":-0.25,"bytes":[72,105],"top_logprobs":[{"token":"Hi","logprob":-0.25,"bytes":[72,105]},
            {"token":"Hey","logprob":-1.5,"bytes":[72,101,121]}]}],"refusal":null}}]}""",
        )
        result.logprobs shouldBe listOf(
            TokenLogprob("Hi", -0.25, listOf(72, 105), listOf(TopLogprob("Hi", -0.25, listOf(72, 105)), TopLogprob("Hey", -1.5, listOf(72, 101, 121)))),
        )
    }

    test("legacy function_call is a tool call; a call without id gets the same synthetic id as in a stream") {
        val legacy = decode(
            """{"choices":[{"index":0,"message":{"content":null,"function_call":{"name":"f","arguments":"{\"a\":1}"}},"finish_reason":"function_call"}]}""",
        )
        legacy.finishReason shouldBe FinishReason.TOOL_CALLS
        legacy.toolCalls shouldBe listOf(FunctionCall("call_0_0", "f", """{"a":1}"""))

        val noId = decode(
            """{"choices":[{"index":0,"message":{"tool_calls":[{"type":"function","function":{"name":"f","arguments":{"a":1}}}]},"finish_reason":"tool_calls"}]}""",
        )
        noId.toolCalls shouldBe listOf(FunctionCall("call_0_0", "f", """{"a":1}"""))
        val streamed = Fixtures.decode(
            listOf(
                """{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},"finish_reason":"tool_calls"}]}""",
                "[DONE]",
            ).map { StreamFrame(null, it) },
        ).result
        streamed shouldBe noId
    }

    test("a tool-only answer has no content whether the server sent null, \"\" or nothing, and equals the streamed result") {
        val call = """"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]"""
        for (content in listOf(""""content":null,""", """"content":"",""", "")) {
            val plain = decode("""{"choices":[{"index":0,"message":{"role":"assistant",$content$call},"finish_reason":"tool_calls"}]}""")
            plain.content shouldBe null
            plain.toolCalls shouldBe listOf(FunctionCall("call_1", "f", "{}"))
            val streamed = Fixtures.decode(
                listOf(
                    """{"choices":[{"index":0,"delta":{"role":"assistant",$content$call},"finish_reason":null}]}""",
                    """{"choices":[{"index":0,"delta":{"content":""},"finish_reason":"tool_calls"}]}""",
                    "[DONE]",
                ).map { StreamFrame(null, it) },
            ).result
            streamed shouldBe plain
        }
        // Text beside the calls is kept, and an answer without calls keeps its (even empty) text.
        decode("""{"choices":[{"index":0,"message":{"content":"Let me check",$call},"finish_reason":"tool_calls"}]}""").content shouldBe
            "Let me check"
        decode("""{"choices":[{"index":0,"message":{"content":""},"finish_reason":"stop"}]}""").content shouldBe ""
    }

    test("a body that is not JSON is a ProtocolException naming the problem and quoting the start of the body") {
        val e = shouldThrow<ProtocolException> { decode("<html><body>Bad gateway</body></html>") }
        e.message!! shouldContain "not a valid chat completion"
        e.message!! shouldContain "<html><body>Bad gateway"
        e.requestId shouldBe "req_1"
    }

    test("a response without choices is a ProtocolException") {
        shouldThrow<ProtocolException> { decode("""{"id":"x","choices":[]}""") }.message!! shouldContain "no choices"
    }

    test("an error object in a 200 response is the typed error") {
        shouldThrow<RateLimitException> {
            decode("""{"error":{"code":429,"message":"Rate limit exceeded: free-models-per-day"}}""")
        }.message!! shouldContain "free-models-per-day"
        shouldThrow<ServerException> { decode("""{"error":{"message":"Upstream failed","type":"upstream_error"}}""") }
    }
})

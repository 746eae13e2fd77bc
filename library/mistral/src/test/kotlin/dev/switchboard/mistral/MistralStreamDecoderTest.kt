package dev.switchboard.mistral

import dev.switchboard.ChatStreamEvent
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.RateLimitException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.spi.StreamFrame
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

/** The recorded Mistral streams decode to the events and the result their payloads say, and broken streams fail. */
class MistralStreamDecoderTest : FunSpec({
    fun deltas(name: String): List<JsonObject> =
        Fixtures.payloads(name).flatMap { p -> (p["choices"] as JsonArray).map { it.jsonObject["delta"]!!.jsonObject } }

    test("text: the deltas join to the content, the last chunk's finish reason and usage end it") {
        val d = Fixtures.decode(Fixtures.frames("mistral-text.chunks.txt"))
        val expected = deltas("mistral-text.chunks.txt").joinToString("") { (it["content"] as JsonPrimitive).content }
        expected shouldBe "Hello, world! This is a test response."
        d.events.filterIsInstance<ChatStreamEvent.TextDelta>().joinToString("") { it.text } shouldBe expected
        d.result.content shouldBe expected
        d.result.finishReason shouldBe FinishReason.STOP
        d.result.rawFinishReason shouldBe "stop"
        d.result.usage.promptTokens shouldBe 13
        d.result.usage.completionTokens shouldBe 8
        d.result.id shouldBe "5319bd0299614c679a0068a4f2c8ffd0"
        d.result.model shouldBe "mistral-small-latest"
        d.events.filterIsInstance<ChatStreamEvent.TextDelta>().none { it.text.isEmpty() } shouldBe true
    }

    test("a tool call whole in one delta without an index: start, its arguments, end; no content") {
        val d = Fixtures.decode(Fixtures.frames("mistral-tool-call.chunks.txt"))
        val call = FunctionCall("gSIMJiOkT", "weather", """{"location": "San Francisco"}""")
        d.events.filter { it !is ChatStreamEvent.TextDelta } shouldContainExactly listOf(
            ChatStreamEvent.ToolCallStart(0, "gSIMJiOkT", "weather"),
            ChatStreamEvent.ToolCallDelta(0, call.arguments),
            ChatStreamEvent.ToolCallEnd(0, call),
        )
        d.result.toolCalls shouldContainExactly listOf(call)
        d.result.content.shouldBeNull()
        d.result.finishReason shouldBe FinishReason.TOOL_CALLS
        d.result.usage.promptTokens shouldBe 124
        d.result.usage.completionTokens shouldBe 22
    }

    test("a tool call streamed in pieces with an index: the empty name of a later piece does not rename it; cached tokens") {
        val d = Fixtures.decode(Fixtures.frames("mistral-incremental-tool-call.chunks.txt"))
        val call = FunctionCall("chatcmpl-tool-9f149c74c42f265b", "webSearchTool", """{"query": "current Berlin weather"}""")
        d.result.toolCalls shouldContainExactly listOf(call)
        d.events.filterIsInstance<ChatStreamEvent.ToolCallStart>() shouldContainExactly listOf(ChatStreamEvent.ToolCallStart(0, call.id, call.name))
        d.events.filterIsInstance<ChatStreamEvent.ToolCallDelta>().joinToString("") { it.argumentsDelta } shouldBe call.arguments
        d.events.last() shouldBe ChatStreamEvent.ToolCallEnd(0, call)
        d.result.usage.cachedTokens shouldBe 128
        d.result.usage.promptTokens shouldBe 171
        d.result.model shouldBe "zai-glm-5-2"
    }

    test("reasoning: thinking chunks become thought deltas and the thought, text chunks the content") {
        val d = Fixtures.decode(Fixtures.frames("mistral-reasoning.chunks.txt"))
        val thinking = deltas("mistral-reasoning.chunks.txt").flatMap { delta ->
            (delta["content"] as? JsonArray).orEmpty().map { it.jsonObject }.filter { it["type"]?.jsonPrimitive?.content == "thinking" }
                .flatMap { it["thinking"]!!.jsonArray.map { t -> t.jsonObject["text"]!!.jsonPrimitive.content } }
        }.joinToString("")
        thinking shouldBe "The user is asking for 2+2. This is basic arithmetic. 2+2=4."
        d.events.filterIsInstance<ChatStreamEvent.ThoughtDelta>().joinToString("") { it.text } shouldBe thinking
        d.result.thought shouldBe thinking
        d.result.content shouldBe "2 + 2 = 4"
        d.result.usage.completionTokens shouldBe 46
    }

    test("every recording ends without a terminator in the file: without [DONE] the stream is interrupted, not short") {
        for (name in Fixtures.all) {
            val e = shouldThrow<StreamInterruptedException> { Fixtures.decode(Fixtures.frames(name, done = false)) }
            e.message!! shouldContain "[DONE]"
        }
    }

    test("arguments sent as a JSON object are kept as its JSON text") {
        val frames = listOf(
            StreamFrame(null, """{"id":"a","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"id":"c1","function":{"name":"f","arguments":{"x":1,"y":[true]}}}]},"finish_reason":"tool_calls"}]}"""),
            StreamFrame(null, "[DONE]"),
        )
        Fixtures.decode(frames).result.toolCalls shouldContainExactly listOf(FunctionCall("c1", "f", """{"x":1,"y":[true]}"""))
    }

    test("two calls without indexes, each with its own id, are two calls") {
        val frames = listOf(
            StreamFrame(null, """{"choices":[{"index":0,"delta":{"tool_calls":[{"id":"c1","function":{"name":"f","arguments":"{}"}},{"id":"c2","function":{"name":"g","arguments":"{\"a\":1}"}}]},"finish_reason":null}]}"""),
            StreamFrame(null, """{"choices":[{"index":0,"delta":{"content":""},"finish_reason":"tool_calls"}]}"""),
            StreamFrame(null, "[DONE]"),
        )
        val d = Fixtures.decode(frames)
        d.result.toolCalls.map { it.id to it.name } shouldContainExactly listOf("c1" to "f", "c2" to "g")
        d.events.filterIsInstance<ChatStreamEvent.ToolCallEnd>().map { it.index } shouldContainExactly listOf(0, 1)
    }

    test("an error object in the stream is a StreamInterruptedException whose cause is typed by Mistral's error type") {
        val decoder = MistralStreamDecoder("mistral", "req_1")
        decoder.decode(StreamFrame(null, """{"id":"a","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"""), ArrayList())
        val e = shouldThrow<StreamInterruptedException> {
            decoder.decode(StreamFrame(null, """{"object":"error","message":"Rate limit exceeded","type":"rate_limit_error","code":"1300"}"""), ArrayList())
        }
        e.message!! shouldContain "Rate limit exceeded"
        e.cause.shouldBeInstanceOf<RateLimitException>()
    }

    test("a chunk that is not JSON is a ProtocolException quoting it") {
        val e = shouldThrow<ProtocolException> { Fixtures.decode(listOf(StreamFrame(null, "{\"choices\":[{\"index\":0,"))) }
        e.message!! shouldContain "not valid JSON"
    }

    test("[DONE] without any choice is a ProtocolException; a tool call without a name too") {
        shouldThrow<ProtocolException> { Fixtures.decode(listOf(StreamFrame(null, "[DONE]"))) }
        shouldThrow<ProtocolException> {
            Fixtures.decode(
                listOf(
                    StreamFrame(null, """{"choices":[{"index":0,"delta":{"tool_calls":[{"id":"c1","function":{"arguments":"{}"}}]},"finish_reason":null}]}"""),
                    StreamFrame(null, "[DONE]"),
                ),
            )
        }
    }
})

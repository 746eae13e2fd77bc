package dev.switchboard.anthropic

import dev.switchboard.ChatStreamEvent
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ProtocolException
import dev.switchboard.ServerException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.ThoughtBlock
import dev.switchboard.spi.StreamFrame
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

class MessagesStreamDecoderTest : FunSpec({
    val json = Json

    test("every recorded stream decodes to what an independent reading of it says") {
        for (name in Fixtures.all) withClue(name) {
            val frames = Fixtures.frames(name)
            val d = Fixtures.decode(frames)
            d.terminatedAt shouldBe frames.indexOfLast { it.data.contains("\"message_stop\"") }
            val r = d.result
            val start = Fixtures.messageStart(name)
            r.id shouldBe start["id"]!!.jsonPrimitive.content
            r.model shouldBe start["model"]!!.jsonPrimitive.content
            r.rawFinishReason shouldBe Fixtures.stopReason(name)

            val text = Fixtures.concatenated(name, "text_delta", "text")
            val hasTextBlock = Fixtures.startedBlocks(name).values.any { it["type"]!!.jsonPrimitive.content == "text" }
            r.content shouldBe (if (hasTextBlock) text else null)
            d.events.filterIsInstance<ChatStreamEvent.TextDelta>().joinToString("") { it.text } shouldBe text

            val thinking = Fixtures.concatenated(name, "thinking_delta", "thinking")
            d.events.filterIsInstance<ChatStreamEvent.ThoughtDelta>().joinToString("") { it.text } shouldBe thinking
            r.thought shouldBe thinking.ifEmpty { null }

            val toolBlocks = Fixtures.startedBlocks(name).filterValues { it["type"]!!.jsonPrimitive.content == "tool_use" }
            r.toolCalls shouldBe toolBlocks.entries.sortedBy { it.key }.map { (index, block) ->
                FunctionCall(
                    block["id"]!!.jsonPrimitive.content, block["name"]!!.jsonPrimitive.content,
                    Fixtures.toolInput(name, index).ifEmpty { "{}" },
                )
            }
            d.events.filterIsInstance<ChatStreamEvent.ToolCallEnd>().map { it.call } shouldBe r.toolCalls

            val read = Fixtures.usage(name, "cache_read_input_tokens")
            val write = Fixtures.usage(name, "cache_creation_input_tokens")
            r.usage.promptTokens shouldBe Fixtures.usage(name, "input_tokens") + read + write
            r.usage.completionTokens shouldBe Fixtures.usage(name, "output_tokens")
            r.usage.cachedTokens shouldBe read
            r.usage.cacheWriteTokens shouldBe write
        }
    }

    test("a plain text stream: its deltas in order, end_turn is STOP, usage from message_start and message_delta") {
        val d = Fixtures.decode(Fixtures.frames("anthropic-sdk-python.basic_response.sse"))
        d.events shouldBe listOf(ChatStreamEvent.TextDelta("Hello"), ChatStreamEvent.TextDelta(" there"), ChatStreamEvent.TextDelta("!"))
        d.result.content shouldBe "Hello there!"
        d.result.finishReason shouldBe FinishReason.STOP
        d.result.usage.promptTokens shouldBe 11
        d.result.usage.completionTokens shouldBe 6
    }

    test("thinking arrives as thought deltas and is kept with its signature, to be sent back") {
        val d = Fixtures.decode(Fixtures.frames("anthropic-clear-thinking.1.chunks.txt"))
        val signature = Fixtures.concatenated("anthropic-clear-thinking.1.chunks.txt", "signature_delta", "signature")
        signature.length shouldBe 332
        d.result.thought shouldBe "The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185"
        d.result.thoughtBlocks shouldBe listOf(ThoughtBlock(d.result.thought!!, signature, null, "anthropic"))
        d.result.content shouldBe "925 ÷ 5 = 185"
        val events = d.events
        events.first().shouldBeInstanceOf<ChatStreamEvent.ThoughtDelta>()
        events.indexOfLast { it is ChatStreamEvent.ThoughtDelta } shouldBe events.indexOfFirst { it is ChatStreamEvent.TextDelta } - 1
        d.result.toAssistantMessage().thoughtBlocks shouldBe d.result.thoughtBlocks
    }

    test("a tool call's argument fragments are assembled into one call, announced by start, deltas and end") {
        val d = Fixtures.decode(Fixtures.frames("anthropic-sdk-python.tool_use_response.sse"))
        val call = FunctionCall("toolu_01NRLabsLyVHZPKxbKvkfSMn", "get_weather", """{"location": "Paris"}""")
        d.result.finishReason shouldBe FinishReason.TOOL_CALLS
        d.result.content shouldBe "I'll check the current weather in Paris for you."
        d.result.toolCalls shouldBe listOf(call)
        val toolEvents = d.events.filter { it !is ChatStreamEvent.TextDelta }
        toolEvents shouldBe listOf(
            ChatStreamEvent.ToolCallStart(0, call.id, "get_weather"),
            ChatStreamEvent.ToolCallDelta(0, "{\"locati"),
            ChatStreamEvent.ToolCallDelta(0, "on\": \"P"),
            ChatStreamEvent.ToolCallDelta(0, "ar"),
            ChatStreamEvent.ToolCallDelta(0, "is\"}"),
            ChatStreamEvent.ToolCallEnd(0, call),
        )
        json.parseToJsonElement(call.arguments) shouldBe json.parseToJsonElement("""{"location":"Paris"}""")
    }

    test("an empty text block beside a tool call is no content, streamed or not: the same result either way") {
        val events = listOf(
            """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],""" +
                """"stop_reason":null,"usage":{"input_tokens":20,"output_tokens":1}}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\":\"Paris\"}"}}""",
            """{"type":"content_block_stop","index":1}""",
            """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":9}}""",
            """{"type":"message_stop"}""",
        )
        val streamed = Fixtures.decode(events.map { StreamFrame(json.parseToJsonElement(it).jsonObject["type"]!!.jsonPrimitive.content, it) }).result
        val plain = MessagesResponseDecoder("anthropic").decode(
            """{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[{"type":"text","text":""},
               {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}],
               "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":20,"output_tokens":9}}""".encodeToByteArray(),
            "req_1", null,
        )
        plain.content shouldBe null
        plain.toolCalls shouldBe listOf(FunctionCall("toolu_1", "get_weather", """{"city":"Paris"}"""))
        streamed shouldBe plain
    }

    test("a tool called without arguments gets the empty object its block started with") {
        val d = Fixtures.decode(Fixtures.frames("anthropic-tool-no-args.chunks.txt"))
        d.result.toolCalls shouldBe listOf(FunctionCall("toolu_01QE1WLsSVp5hy5Q3GmGTmjP", "updateIssueList", "{}"))
        d.events.filterIsInstance<ChatStreamEvent.ToolCallDelta>() shouldHaveSize 0
    }

    test("a tool call cut off by the output limit: LENGTH, its partial arguments kept, its end announced at message_stop") {
        val d = Fixtures.decode(Fixtures.frames("anthropic-sdk-python.incomplete_partial_json_response.sse"))
        d.result.finishReason shouldBe FinishReason.LENGTH
        val call = d.result.toolCalls.single()
        call.name shouldBe "make_file"
        call.arguments shouldContain "\"filename\": \"taxes.txt\""
        call.arguments.endsWith("\n\"Filing taxes") shouldBe true
        d.events.last() shouldBe ChatStreamEvent.ToolCallEnd(0, call)
    }

    test("a structured answer requested as a forced tool call streams as text and finishes with STOP") {
        val d = Fixtures.decode(Fixtures.frames("anthropic-json-tool.1.chunks.txt"), answerTool = "json")
        val expected = """{"elements": [{"location": "San Francisco", "temperature": 58, "condition": "sunny"}]}"""
        d.result.content shouldBe expected
        d.result.toolCalls shouldBe emptyList()
        d.result.finishReason shouldBe FinishReason.STOP
        d.result.rawFinishReason shouldBe "tool_use"
        d.events.all { it is ChatStreamEvent.TextDelta } shouldBe true
        d.events.joinToString("") { (it as ChatStreamEvent.TextDelta).text } shouldBe expected
        // Without the request's answer tool, the same stream is an ordinary tool call.
        Fixtures.decode(Fixtures.frames("anthropic-json-tool.1.chunks.txt")).result.toolCalls.single().name shouldBe "json"
    }

    test("a refusal finishes with REFUSAL and its explanation as the refusal text") {
        val d = Fixtures.decode(Fixtures.frames("anthropic-refusal.chunks.txt"))
        d.result.finishReason shouldBe FinishReason.REFUSAL
        d.result.content shouldBe null
        d.result.refusal shouldContain "violative cyber content"
        d.events shouldBe emptyList()
    }

    test("input tokens in message_delta replace those of message_start") {
        Fixtures.decode(Fixtures.frames("anthropic-message-delta-input-tokens.chunks.txt")).result.usage.promptTokens shouldBe 61
    }

    test("an error event mid-stream is a StreamInterruptedException whose cause is the typed, retryable overload") {
        val frames = Fixtures.frames("anthropic-text.chunks.txt").take(5) +
            StreamFrame("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")
        val decoder = MessagesStreamDecoder("anthropic", "req_9", null)
        val events = ArrayList<ChatStreamEvent>()
        val e = shouldThrow<StreamInterruptedException> { frames.forEach { decoder.decode(it, events) } }
        events.filterIsInstance<ChatStreamEvent.TextDelta>().joinToString("") { it.text } shouldBe "Hello! I"
        e.message shouldContain "Overloaded (type overloaded_error)"
        e.requestId shouldBe "req_9"
        val cause = e.cause.shouldBeInstanceOf<ServerException>()
        cause.statusCode shouldBe 529
        cause.isRetryable shouldBe true
    }

    test("a stream that ends without message_stop is interrupted, never a short answer") {
        val frames = Fixtures.frames("anthropic-text.chunks.txt").dropLast(1)
        val decoder = MessagesStreamDecoder("anthropic", "req_1", null)
        val events = ArrayList<ChatStreamEvent>()
        frames.forEach { decoder.decode(it, events) shouldBe false }
        val e = shouldThrow<StreamInterruptedException> { decoder.finish(false) }
        e.message shouldContain "ended before message_stop"
        e.message shouldContain "received 108 characters of text and 0 tool calls"
        shouldThrow<StreamInterruptedException> { MessagesStreamDecoder("anthropic", null, null).finish(false) }.message shouldContain
            "received nothing"
    }

    test("pings and event types this decoder does not know are skipped") {
        val frames = Fixtures.frames("anthropic-sdk-python.basic_response.sse").toMutableList()
        frames.add(2, StreamFrame("future_event", """{"type":"future_event","whatever":[1,2]}"""))
        Fixtures.decode(frames).result.content shouldBe "Hello there!"
    }

    test("a server tool's blocks and their deltas are skipped; the caller's tool calls keep their positions") {
        val frames = listOf(
            """{"type":"message_start","message":{"id":"msg_1","model":"claude-sonnet-4-5","usage":{"input_tokens":5,"output_tokens":1}}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"query\":\"x\"}"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]}}""",
            """{"type":"content_block_stop","index":1}""",
            """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_1","name":"now","input":{}}}""",
            """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{}"}}""",
            """{"type":"content_block_stop","index":2}""",
            """{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}}""",
            """{"type":"message_stop"}""",
        ).map { StreamFrame(null, it) }
        val d = Fixtures.decode(frames)
        d.events shouldBe listOf(
            ChatStreamEvent.ToolCallStart(0, "toolu_1", "now"),
            ChatStreamEvent.ToolCallDelta(0, "{}"),
            ChatStreamEvent.ToolCallEnd(0, FunctionCall("toolu_1", "now", "{}")),
        )
        d.result.toolCalls shouldBe listOf(FunctionCall("toolu_1", "now", "{}"))
        d.result.content shouldBe null
    }

    test("a broken event, or a delta for a block never started, is a ProtocolException") {
        val start = Fixtures.frames("anthropic-text.chunks.txt").first()
        shouldThrow<ProtocolException> {
            MessagesStreamDecoder("anthropic", null, null).decode(StreamFrame("message_start", """{"type":"message_start","mess"""), ArrayList())
        }.message shouldContain "not valid JSON"
        val d = MessagesStreamDecoder("anthropic", null, null)
        d.decode(start, ArrayList())
        shouldThrow<ProtocolException> {
            d.decode(StreamFrame(null, """{"type":"content_block_delta","index":3,"delta":{"type":"text_delta","text":"x"}}"""), ArrayList())
        }.message shouldContain "before starting it"
        shouldThrow<ProtocolException> {
            MessagesStreamDecoder("anthropic", null, null).apply { decode(StreamFrame(null, """{"type":"message_stop"}"""), ArrayList()) }
                .finish(true)
        }.message shouldContain "without a message_start"
    }

    test("a redacted thinking block is kept, opaque, among the thought blocks") {
        val frames = listOf(
            """{"type":"message_start","message":{"id":"msg_1","model":"claude-sonnet-4-5","usage":{"input_tokens":5,"output_tokens":1}}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy3va"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"thinking","thinking":"","signature":""}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"thinking_delta","thinking":"hmm"}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"signature_delta","signature":"sig"}}""",
            """{"type":"content_block_stop","index":1}""",
            """{"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"ok"}}""",
            """{"type":"content_block_stop","index":2}""",
            """{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}""",
            """{"type":"message_stop"}""",
        ).map { StreamFrame(null, it) }
        val r = Fixtures.decode(frames).result
        r.thoughtBlocks shouldBe listOf(ThoughtBlock("", null, "EmwKAhgBEgy3va", "anthropic"), ThoughtBlock("hmm", "sig", null, "anthropic"))
        r.thought shouldBe "hmm"
        r.content shouldBe "ok"
    }
})

package dev.switchboard.openai

import dev.switchboard.ChatStreamEvent
import dev.switchboard.ChatStreamEvent.TextDelta
import dev.switchboard.ChatStreamEvent.ThoughtDelta
import dev.switchboard.ChatStreamEvent.ToolCallDelta
import dev.switchboard.ChatStreamEvent.ToolCallEnd
import dev.switchboard.ChatStreamEvent.ToolCallStart
import dev.switchboard.ContentFilterResult
import dev.switchboard.CreateResult
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
import io.kotest.matchers.string.shouldStartWith
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

class ResponsesStreamDecoderTest : FunSpec({

    class Decoded(val events: List<ChatStreamEvent>, val result: CreateResult)

    fun decode(lines: List<String>): Decoded {
        val decoder = ResponsesStreamDecoder("openai", "req_test")
        val events = ArrayList<ChatStreamEvent>()
        var terminated = false
        for (line in lines) {
            if (decoder.decode(StreamFrame(null, line), events)) {
                terminated = true
                break
            }
        }
        return Decoded(events, decoder.finish(terminated))
    }

    fun lines(name: String): List<String> = Fixtures.chunkLines(Fixtures.text(name))

    /** The fixture's streams: it may hold several calls in a row, each starting with `response.created`. */
    fun turns(name: String): List<List<String>> {
        val out = ArrayList<MutableList<String>>()
        for (line in lines(name)) {
            if (line.contains("\"type\":\"response.created\"")) out += ArrayList<String>()
            out.last() += line
        }
        return out
    }

    fun obj(line: String): JsonObject = Json.parseToJsonElement(line).jsonObject

    /** The final response of a stream, read as a plain JSON tree: the expected values. */
    fun completed(lines: List<String>): JsonObject = obj(lines.last { it.contains("\"type\":\"response.completed\"") })["response"]!!.jsonObject

    fun text(e: ChatStreamEvent): String = (e as TextDelta).text

    test("reasoning with encrypted content, then a tool call: the summary streams as thought, the reasoning item is a ThoughtBlock") {
        val turn = turns("openai-reasoning-encrypted-content.1.chunks.txt")
        turn shouldHaveSize 4
        val d = decode(turn[0])
        val response = completed(turn[0])
        val reasoning = response["output"]!!.jsonArray[0].jsonObject
        val summary = reasoning["summary"]!!.jsonArray[0].jsonObject["text"]!!.jsonPrimitive.content
        d.events.filterIsInstance<ThoughtDelta>().joinToString("") { it.text } shouldBe summary
        d.result.thought shouldBe summary
        val block = d.result.thoughtBlocks.single()
        block.text shouldBe summary
        block.signature shouldBe reasoning["id"]!!.jsonPrimitive.content
        // The encrypted content of the final response, not the one the item was announced with.
        block.redactedData shouldBe reasoning["encrypted_content"]!!.jsonPrimitive.content
        block.redactedData shouldStartWith "gAAAAABpPDIV"

        val call = FunctionCall("call_AB6AaRZ1FYZB2RwS6A5vbdqn", "calculator", """{"a":12,"b":7,"op":"add"}""")
        d.events.filterIsInstance<ToolCallStart>() shouldContainExactly listOf(ToolCallStart(0, call.id, "calculator"))
        d.events.filterIsInstance<ToolCallDelta>().joinToString("") { it.argumentsDelta } shouldBe call.arguments
        d.events.filterIsInstance<ToolCallEnd>() shouldContainExactly listOf(ToolCallEnd(0, call))
        d.result.toolCalls shouldContainExactly listOf(call)
        d.result.finishReason shouldBe FinishReason.TOOL_CALLS
        d.result.content shouldBe null
        d.result.usage shouldBe RequestUsage(134, 28, 0, 0)
        d.result.id shouldBe "resp_01830d662ab3856501693c321345c88190b0de00f3b9975691"
        d.result.model shouldBe "gpt-5.1-codex-max"
        // Sent back on the next turn, the reasoning item precedes its call, with its id and encrypted content.
        val item = ResponsesRequestEncoder.reasoningItem(block)!!
        item["id"] shouldBe reasoning["id"]
        item["encrypted_content"] shouldBe reasoning["encrypted_content"]
    }

    test("the later turns of the same conversation: tool calls without reasoning, then the text answer") {
        val turn = turns("openai-reasoning-encrypted-content.1.chunks.txt")
        decode(turn[1]).result.toolCalls.single() shouldBe
            FunctionCall("call_Q6pW65MUgW9vF59BmItYGos3", "calculator", """{"a":19,"b":3,"op":"multiply"}""")
        decode(turn[2]).result.toolCalls.single().arguments shouldBe """{"a":57,"b":10,"op":"multiply"}"""
        val last = decode(turn[3])
        last.events.filterIsInstance<TextDelta>().joinToString("") { it.text } shouldBe "The final result is **570**."
        last.result.content shouldBe "The final result is **570**."
        last.result.finishReason shouldBe FinishReason.STOP
        last.result.rawFinishReason shouldBe "completed"
        last.result.toolCalls.shouldBeEmpty()
        last.result.thoughtBlocks.shouldBeEmpty()
        // Each event of the stream is the event of one wire delta: no event is merged or invented.
        last.events.filterIsInstance<TextDelta>() shouldHaveSize turn[3].count { it.contains("\"response.output_text.delta\"") }
    }

    test("an error event interrupts the stream with the server's message, before response.failed") {
        val e = shouldThrow<StreamInterruptedException> { decode(lines("openai-error.1.chunks.txt")) }
        e.provider shouldBe "openai"
        e.requestId shouldBe "req_test"
        e.message shouldContain "You exceeded your current quota"
        e.message shouldContain "insufficient_quota"
    }

    test("response.failed alone interrupts the stream with the response's error") {
        val withoutError = lines("openai-error.1.chunks.txt").filterNot { it.startsWith("{\"type\":\"error\"") }
        val e = shouldThrow<StreamInterruptedException> { decode(withoutError) }
        e.message shouldContain "You exceeded your current quota"
    }

    test("two messages (commentary, final answer): texts joined by a blank line, deltas topped up from the done events") {
        val name = "openai-phase.1.chunks.txt"
        val d = decode(lines(name))
        val messages = completed(lines(name))["output"]!!.jsonArray.map { it.jsonObject }.filter { it["type"]!!.jsonPrimitive.content == "message" }
        val texts = messages.map { it["content"]!!.jsonArray[0].jsonObject["text"]!!.jsonPrimitive.content }
        texts shouldHaveSize 2
        d.result.content shouldBe texts.joinToString("\n\n")
        // The recording keeps only a few deltas per message: the rest arrives with output_text.done.
        d.events.filterIsInstance<TextDelta>().joinToString("") { it.text } shouldBe d.result.content
        text(d.events.first()) shouldBe "Got"
        d.result.usage shouldBe RequestUsage(7112, 463, 3072, 64)
        d.result.finishReason shouldBe FinishReason.STOP
    }

    test("built-in tool items (tool search) are left out; the function call after them is the only call") {
        val d = decode(lines("openai-tool-search.1.chunks.txt"))
        val call = FunctionCall("call_pddfxhfOx4gY56zn4vIIEbFp", "get_weather", """{"location":"San Francisco, CA","unit":"fahrenheit"}""")
        d.result.toolCalls shouldContainExactly listOf(call)
        d.events.filterIsInstance<ToolCallStart>() shouldContainExactly listOf(ToolCallStart(0, call.id, "get_weather"))
        d.events.filterIsInstance<ToolCallEnd>() shouldContainExactly listOf(ToolCallEnd(0, call))
        d.result.finishReason shouldBe FinishReason.TOOL_CALLS
    }

    test("Azure OpenAI's Responses streams: text with its content filter verdicts, and a tool call") {
        val text = decode(lines("azure-text.1.chunks.txt"))
        text.result.content shouldBe "Hello"
        text.events.filterIsInstance<TextDelta>() shouldContainExactly listOf(TextDelta("Hello"))
        text.result.usage shouldBe RequestUsage(11, 11, 0, 0)
        text.result.promptFilter.map { it.category }.toSet() shouldBe setOf("self_harm", "sexual", "violence", "jailbreak", "hate")
        text.result.promptFilter.first { it.category == "jailbreak" } shouldBe ContentFilterResult("jailbreak", false, null, false)
        text.result.contentFilter.first { it.category == "hate" } shouldBe ContentFilterResult("hate", false, "safe", null)
        text.result.contentFilter.map { it.category } shouldContainExactly
            listOf("hate", "sexual", "self_harm", "violence", "protected_material_text", "protected_material_code")

        val tool = decode(lines("azure-tool-call.1.chunks.txt"))
        tool.result.toolCalls.single() shouldBe FunctionCall("call_H5DxLSFnsGhiROnUiDHmgyc8", "weather", """{"location":"San Francisco"}""")
        tool.result.finishReason shouldBe FinishReason.TOOL_CALLS
    }

    test("a stream cut anywhere before response.completed is interrupted, saying what had arrived") {
        val all = lines("azure-text.1.chunks.txt")
        for (cut in 0 until all.size - 1) {
            val e = shouldThrow<StreamInterruptedException> { decode(all.take(cut)) }
            e.message shouldContain "ended before response.completed"
        }
        val e = shouldThrow<StreamInterruptedException> { decode(all.dropLast(1)) }
        e.message shouldContain "5 characters of text"
    }

    test("response.incomplete ends the stream with LENGTH and keeps what was generated") {
        val base = lines("azure-text.1.chunks.txt")
        val last = obj(base.last())
        val response = LinkedHashMap(last["response"]!!.jsonObject)
        response["status"] = JsonPrimitive("incomplete")
        response["incomplete_details"] = JsonObject(mapOf("reason" to JsonPrimitive("max_output_tokens")))
        val incomplete = JsonObject(mapOf("type" to JsonPrimitive("response.incomplete"), "response" to JsonObject(response))).toString()
        val d = decode(base.dropLast(1) + incomplete)
        d.result.finishReason shouldBe FinishReason.LENGTH
        d.result.rawFinishReason shouldBe "max_output_tokens"
        d.result.content shouldBe "Hello"
    }

    test("a completed response without output items takes the items the stream finished") {
        val base = lines("azure-tool-call.1.chunks.txt")
        val response = LinkedHashMap(obj(base.last())["response"]!!.jsonObject)
        response["output"] = kotlinx.serialization.json.JsonArray(emptyList())
        val last = JsonObject(mapOf("type" to JsonPrimitive("response.completed"), "response" to JsonObject(response))).toString()
        decode(base.dropLast(1) + last).result.toolCalls.single().name shouldBe "weather"
    }

    test("a refusal: no text deltas, the refusal and REFUSAL from the final response") {
        val refusal = """{"id":"msg_r","type":"message","role":"assistant","status":"completed","content":[{"type":"refusal","refusal":"I can't help with that."}]}"""
        val d = decode(
            listOf(
                """{"type":"response.created","response":{"id":"resp_r","status":"in_progress","output":[]}}""",
                """{"type":"response.output_item.added","output_index":0,"item":{"id":"msg_r","type":"message","role":"assistant","content":[]}}""",
                """{"type":"response.refusal.delta","item_id":"msg_r","output_index":0,"content_index":0,"delta":"I can't"}""",
                """{"type":"response.refusal.done","item_id":"msg_r","output_index":0,"content_index":0,"refusal":"I can't help with that."}""",
                """{"type":"response.output_item.done","output_index":0,"item":$refusal}""",
                """{"type":"response.completed","response":{"id":"resp_r","status":"completed","output":[$refusal]}}""",
            ),
        )
        d.events.shouldBeEmpty()
        d.result.refusal shouldBe "I can't help with that."
        d.result.content shouldBe null
        d.result.finishReason shouldBe FinishReason.REFUSAL
        d.result.id shouldBe "resp_r"
    }

    test("an event that is not JSON, or has no type, is a ProtocolException naming the provider") {
        shouldThrow<ProtocolException> { decode(listOf("{not json")) }.provider shouldBe "openai"
        shouldThrow<ProtocolException> { decode(listOf("""{"sequence_number":1}""")) }.message shouldContain "without a type"
    }

    test("the error event's fields at the top level, as OpenAI's reference gives them, are read too") {
        val e = shouldThrow<StreamInterruptedException> {
            decode(listOf("""{"type":"error","code":"server_error","message":"The server had an error","param":null,"sequence_number":3}"""))
        }
        e.message shouldContain "The server had an error"
        e.message shouldContain "server_error"
    }
})

package dev.switchboard.gemini

import dev.switchboard.ChatStreamEvent
import dev.switchboard.ContentFilterException
import dev.switchboard.CreateRequest
import dev.switchboard.FinishReason
import dev.switchboard.ProtocolException
import dev.switchboard.RateLimitException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.ThoughtBlock
import dev.switchboard.ToolResultMessage
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.spi.StreamFrame
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

class GenerateContentStreamDecoderTest : FunSpec({
    fun usage(name: String, key: String): Int = Fixtures.lastUsage(name)[key]?.jsonPrimitive?.int ?: 0

    for (name in listOf("google-text.chunks.txt", "google-reasoning.chunks.txt")) {
        test("$name: the text in order, a signature on the answer kept as a block, usage with the thoughts tokens") {
            val d = Fixtures.decode(Fixtures.frames(name))
            val parts = Fixtures.parts(name)
            val text = parts.joinToString("") { Fixtures.string(it, "text") ?: "" }
            d.events.filterIsInstance<ChatStreamEvent.TextDelta>().joinToString("") { it.text } shouldBe text
            val r = d.result
            r.content shouldBe text
            r.finishReason shouldBe FinishReason.STOP
            r.rawFinishReason shouldBe "STOP"
            val signature = parts.mapNotNull { Fixtures.string(it, "thoughtSignature") }.single()
            r.choices[0].thoughtBlocks shouldBe listOf(ThoughtBlock("", signature, null, "gemini"))
            r.usage.promptTokens shouldBe usage(name, "promptTokenCount")
            r.usage.reasoningTokens shouldBe usage(name, "thoughtsTokenCount")
            r.usage.completionTokens shouldBe usage(name, "candidatesTokenCount") + usage(name, "thoughtsTokenCount")
            r.id shouldBe Fixtures.string(Fixtures.chunks(name).first(), "responseId")
            r.model shouldBe "gemini-3-pro-preview"
            d.events.last().shouldBeInstanceOf<ChatStreamEvent.TextDelta>()
        }
    }

    test("google-tool-call: the call with its thoughtSignature, a stable generated id, TOOL_CALLS; and it goes back signed") {
        val name = "google-tool-call.chunks.txt"
        val d = Fixtures.decode(Fixtures.frames(name))
        val call = d.result.toolCalls.single()
        val part = Fixtures.parts(name).first { it["functionCall"] != null }
        call.name shouldBe "weather"
        Json.parseToJsonElement(call.arguments) shouldBe part["functionCall"]!!.jsonObject["args"]
        call.signature shouldBe Fixtures.string(part, "thoughtSignature")
        call.id shouldBe "call_" + Fixtures.string(Fixtures.chunks(name).first(), "responseId") + "_0"
        d.result.finishReason shouldBe FinishReason.TOOL_CALLS
        d.result.content shouldBe null
        d.events.filterIsInstance<ChatStreamEvent.ToolCallEnd>().single().call shouldBe call
        d.events.filterIsInstance<ChatStreamEvent.ToolCallStart>().single().id shouldBe call.id

        val next = CreateRequest.builder().user("Weather in SF?").message(d.result.toAssistantMessage())
            .message(ToolResultMessage.of(FunctionExecutionResult.of(call.id, null, """{"celsius":18}"""))).build()
        val body = Json.parseToJsonElement(GenerateContentEncoder.encode(next, true).decodeToString()).jsonObject
        val contents = body["contents"]!!.jsonArray
        contents[1].jsonObject["role"]!!.jsonPrimitive.content shouldBe "model"
        val sent = contents[1].jsonObject["parts"]!!.jsonArray.single().jsonObject
        sent["thoughtSignature"]!!.jsonPrimitive.content shouldBe call.signature
        sent["functionCall"]!!.jsonObject["name"]!!.jsonPrimitive.content shouldBe "weather"
        val response = contents[2].jsonObject["parts"]!!.jsonArray.single().jsonObject["functionResponse"]!!.jsonObject
        response["name"]!!.jsonPrimitive.content shouldBe "weather"
        response["response"] shouldBe Json.parseToJsonElement("""{"celsius":18}""")
    }

    test("google-stream-tool-call-arguments: streamed partialArgs assemble into two calls, the first signed") {
        val name = "google-stream-tool-call-arguments.chunks.txt"
        val d = Fixtures.decode(Fixtures.frames(name))
        val calls = d.result.toolCalls
        calls shouldHaveSize 2
        calls.map { it.name } shouldBe listOf("getWeather", "getWeather")
        calls.map { Json.parseToJsonElement(it.arguments) } shouldBe
            listOf(Json.parseToJsonElement("""{"location":"Boston"}"""), Json.parseToJsonElement("""{"location":"San Francisco"}"""))
        calls[0].signature shouldBe Fixtures.string(Fixtures.parts(name)[0], "thoughtSignature")
        calls[1].signature shouldBe null
        calls.map { it.id }.distinct() shouldHaveSize 2
        d.events.filterIsInstance<ChatStreamEvent.ToolCallEnd>().map { it.call } shouldBe calls
        d.result.finishReason shouldBe FinishReason.TOOL_CALLS
        d.result.usage.completionTokens shouldBe 23 + 132
    }

    for (name in Fixtures.all) {
        test("$name without its last chunk (the one with finishReason) is a StreamInterruptedException") {
            val e = shouldThrow<StreamInterruptedException> { Fixtures.decode(Fixtures.frames(name).dropLast(1)) }
            e.message!! shouldContain "finishReason"
        }
    }

    test("an empty stream is interrupted, not an empty answer") {
        shouldThrow<StreamInterruptedException> { Fixtures.decode(emptyList()) }.message!! shouldContain "received nothing"
    }

    test("thought parts become thought deltas and one signed block per run; they go back as thought parts") {
        val frames = listOf(
            """{"candidates":[{"content":{"parts":[{"text":"Let me ","thought":true}],"role":"model"}}],"responseId":"r1"}""",
            """{"candidates":[{"content":{"parts":[{"text":"think.","thought":true,"thoughtSignature":"c2ln"}],"role":"model"}}]}""",
            """{"candidates":[{"content":{"parts":[{"text":"Answer."}],"role":"model"},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":2,"thoughtsTokenCount":7,"cachedContentTokenCount":2}}""",
        ).map { StreamFrame(null, it) }
        val d = Fixtures.decode(frames)
        d.events.filterIsInstance<ChatStreamEvent.ThoughtDelta>().joinToString("") { it.text } shouldBe "Let me think."
        d.result.thought shouldBe "Let me think."
        d.result.content shouldBe "Answer."
        d.result.choices[0].thoughtBlocks shouldBe listOf(ThoughtBlock("Let me think.", "c2ln", null, "gemini"))
        d.result.usage.cachedTokens shouldBe 2
        d.result.usage.reasoningTokens shouldBe 7
        val body = GenerateContentEncoder.encode(CreateRequest.builder().user("Q").message(d.result.toAssistantMessage()).user("More").build(), true)
        val parts = Json.parseToJsonElement(body.decodeToString()).jsonObject["contents"]!!.jsonArray[1].jsonObject["parts"]!!
        parts shouldBe Json.parseToJsonElement("""[{"text":"Let me think.","thought":true,"thoughtSignature":"c2ln"},{"text":"Answer."}]""")
    }

    test("parallel calls in one chunk: two calls with distinct stable ids, in order") {
        val chunk = """{"candidates":[{"content":{"parts":[{"functionCall":{"name":"a","args":{"x":1}}},{"functionCall":{"name":"b","args":{}}}],"role":"model"},"finishReason":"STOP"}],"responseId":"resp9"}"""
        val d = Fixtures.decode(listOf(StreamFrame(null, chunk)))
        d.result.toolCalls.map { it.id } shouldBe listOf("call_resp9_0", "call_resp9_1")
        d.result.toolCalls.map { it.name } shouldBe listOf("a", "b")
        val created = GenerateContentDecoder("gemini").decode(chunk.encodeToByteArray(), null)
        created.toolCalls shouldBe d.result.toolCalls
    }

    test("a blocked prompt is a ContentFilterException with the prompt's ratings, in a stream as in a whole answer") {
        val blocked = """{"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[{"category":"HARM_CATEGORY_HARASSMENT","probability":"HIGH","blocked":true},""" +
            """{"category":"HARM_CATEGORY_HATE_SPEECH","probability":"NEGLIGIBLE"}]},"usageMetadata":{"promptTokenCount":8,"totalTokenCount":8}}"""
        val e = shouldThrow<ContentFilterException> { Fixtures.decode(listOf(StreamFrame(null, blocked))) }
        e.filteredCategories shouldBe listOf("HARM_CATEGORY_HARASSMENT")
        e.results.map { it.severity } shouldBe listOf("HIGH", "NEGLIGIBLE")
        e.message!! shouldContain "blockReason SAFETY"
        e.statusCode shouldBe 200
        val whole = shouldThrow<ContentFilterException> { GenerateContentDecoder("gemini").decode(blocked.encodeToByteArray(), "rid") }
        whole.results shouldBe e.results
        whole.requestId shouldBe "rid"
    }

    test("an answer stopped for safety: CONTENT_FILTER with the candidate's ratings, highest probability kept across chunks") {
        val frames = listOf(
            """{"candidates":[{"content":{"parts":[{"text":"Part"}],"role":"model"},"safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"LOW"}]}]}""",
            """{"candidates":[{"finishReason":"SAFETY","safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH","blocked":true}]}],"promptFeedback":{"safetyRatings":[{"category":"HARM_CATEGORY_HARASSMENT","probability":"NEGLIGIBLE"}]}}""",
        ).map { StreamFrame(null, it) }
        val r = Fixtures.decode(frames).result
        r.finishReason shouldBe FinishReason.CONTENT_FILTER
        r.rawFinishReason shouldBe "SAFETY"
        r.choices[0].contentFilter.single().let { it.category shouldBe "HARM_CATEGORY_DANGEROUS_CONTENT"; it.filtered shouldBe true; it.severity shouldBe "HIGH" }
        r.promptFilter.single().category shouldBe "HARM_CATEGORY_HARASSMENT"
    }

    test("an error object in the stream: StreamInterruptedException caused by the typed error (429 with its retry delay)") {
        val frames = listOf(
            """{"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"}}]}""",
            """{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"27s"}]}}""",
        ).map { StreamFrame(null, it) }
        val e = shouldThrow<StreamInterruptedException> { Fixtures.decode(frames) }
        e.message!! shouldContain "Quota exceeded"
        val cause = e.cause.shouldBeInstanceOf<RateLimitException>()
        cause.retryAfter shouldBe java.time.Duration.ofSeconds(27)
    }

    test("two candidates: a choice each, and the stream is complete only when both finished") {
        val a = """{"candidates":[{"content":{"parts":[{"text":"One"}],"role":"model"},"index":0,"finishReason":"STOP"},{"content":{"parts":[{"text":"Tw"}],"role":"model"},"index":1}]}"""
        val b = """{"candidates":[{"content":{"parts":[{"text":"o"}],"role":"model"},"index":1,"finishReason":"MAX_TOKENS"}]}"""
        val r = Fixtures.decode(listOf(StreamFrame(null, a), StreamFrame(null, b))).result
        r.choices.map { it.content } shouldBe listOf("One", "Two")
        r.choices[1].finishReason shouldBe FinishReason.LENGTH
        shouldThrow<StreamInterruptedException> { Fixtures.decode(listOf(StreamFrame(null, a))) }.message!! shouldContain "every candidate"
    }

    test("a chunk that is not JSON is a ProtocolException quoting it") {
        shouldThrow<ProtocolException> { Fixtures.decode(listOf(StreamFrame(null, "{\"candidates\": [oops"))) }.message!! shouldContain "oops"
    }

    test("streamed arguments at a path this client cannot place are a ProtocolException, not a wrong call") {
        val frames = listOf(
            """{"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","willContinue":true}}]}}]}""",
            """{"candidates":[{"content":{"parts":[{"functionCall":{"partialArgs":[{"jsonPath":"$.items[0]","numberValue":1}],"willContinue":true}}]}}]}""",
        ).map { StreamFrame(null, it) }
        shouldThrow<ProtocolException> { Fixtures.decode(frames) }.message!! shouldContain "items[0]"
    }
})

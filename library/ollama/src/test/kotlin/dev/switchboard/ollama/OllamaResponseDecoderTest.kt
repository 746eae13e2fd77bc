package dev.switchboard.ollama

import dev.switchboard.FinishReason
import dev.switchboard.ProtocolException
import dev.switchboard.ServerException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class OllamaResponseDecoderTest : FunSpec({
    val decoder = OllamaResponseDecoder("ollama")
    fun decode(json: String) = decoder.decode(json.toByteArray(), "req_1")

    test("the documented answer with a tool call: the call, TOOL_CALLS, no text, the counts") {
        val r = decoder.decode(Fixtures.text("ollama-docs-chat-nostream-tools.json").toByteArray(), null)
        r.toolCalls.single().name shouldBe "get_weather"
        r.toolCalls.single().arguments shouldBe """{"city":"Tokyo"}"""
        r.finishReason shouldBe FinishReason.TOOL_CALLS
        r.rawFinishReason shouldBe "stop"
        r.content shouldBe null
        r.usage.promptTokens shouldBe 169
        r.usage.completionTokens shouldBe 18
        r.model shouldBe "llama3.2"
        r.id shouldBe null
    }

    test("the spec's example answer: text, STOP, usage from prompt_eval_count and eval_count") {
        val r = decode(
            """{"model":"gemma4","created_at":"2025-10-17T23:14:07.414671Z","message":{"role":"assistant","content":"Hello! How can I help you today?"},""" +
                """"done":true,"done_reason":"stop","total_duration":174560334,"load_duration":101397084,"prompt_eval_count":11,""" +
                """"prompt_eval_duration":13074791,"eval_count":18,"eval_duration":52479709}""",
        )
        r.content shouldBe "Hello! How can I help you today?"
        r.finishReason shouldBe FinishReason.STOP
        r.usage.promptTokens shouldBe 11
        r.usage.completionTokens shouldBe 18
        r.thought shouldBe null
    }

    test("thinking is the thought; an empty answer stays empty text") {
        val r = decode("""{"message":{"role":"assistant","content":"","thinking":"hmm"},"done":true,"done_reason":"length","eval_count":4096}""")
        r.thought shouldBe "hmm"
        r.content shouldBe ""
        r.finishReason shouldBe FinishReason.LENGTH
        r.usage.promptTokens shouldBe 0
    }

    test("a body that is not JSON, or not finished, is a ProtocolException quoting its start") {
        shouldThrow<ProtocolException> { decode("<html>bad gateway</html>") }.message!! shouldContain "<html>bad gateway"
        // a server that streamed although stream: false was sent
        val two = """{"message":{"content":"a"},"done":false}""" + "\n" + """{"message":{"content":"b"},"done":true}"""
        shouldThrow<ProtocolException> { decode(two) }
        shouldThrow<ProtocolException> { decode("""{"message":{"content":"a"},"done":false}""") }.message!! shouldContain "stream: false"
    }

    test("an error body that came with status 200 is a typed error carrying Ollama's message") {
        val e = shouldThrow<ServerException> { decode("""{"error":"llama runner process has terminated"}""") }
        e.message!! shouldContain "llama runner process has terminated"
        e.requestId shouldBe "req_1"
    }
})

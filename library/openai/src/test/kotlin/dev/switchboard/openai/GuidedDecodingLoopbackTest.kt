package dev.switchboard.openai

import dev.switchboard.CapabilityMissingException
import dev.switchboard.ChatStreamEvent
import dev.switchboard.GuidedDecoding
import dev.switchboard.HttpOptions
import dev.switchboard.createRequest
import dev.switchboard.engine.java.JavaEngineProvider
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.json.Json

/** Guided decoding end to end against a server on 127.0.0.1: what the server receives, and what is never sent. */
class GuidedDecodingLoopbackTest : FunSpec({
    lateinit var server: LoopbackOpenAiServer
    beforeSpec { server = LoopbackOpenAiServer() }
    afterSpec { server.close() }
    beforeTest { server.seen.clear() }

    val answer = """{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,""" +
        """"message":{"role":"assistant","content":"555-1234"},"finish_reason":"stop"}],""" +
        """"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}"""

    fun client(preset: OpenAiCompatible) = OpenAiChatCompletionClient.create(
        "Qwen/Qwen2.5-1.5B-Instruct",
        preset.config { null }.baseUrl(server.baseUrl)
            .httpOptions(HttpOptions.builder().engine(JavaEngineProvider).maxRetries(0).build()).build(),
    )

    test("a vLLM client sends structured_outputs, in a call and in a stream, and reads the answer") {
        server.respondJson(answer)
        client(OpenAiCompatible.VLLM).use { c ->
            val result = c.create(createRequest { user("A phone number?"); guidedDecoding(GuidedDecoding.regex("\\d{3}-\\d{4}")) })
            result.content shouldBe "555-1234"
            server.seen.single().body["structured_outputs"] shouldBe Json.parseToJsonElement("""{"regex":"\\d{3}-\\d{4}"}""")

            server.seen.clear()
            server.respondSse(
                listOf(
                    """{"id":"c2","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"yes"},"finish_reason":null}]}""",
                    """{"id":"c2","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
                ),
            )
            val events = c.createStream(createRequest { user("Agree?"); guidedDecoding(GuidedDecoding.choice("yes", "no")) }).toList()
            (events.last() as ChatStreamEvent.Completed).result.content shouldBe "yes"
            val body = server.seen.single().body
            body["structured_outputs"] shouldBe Json.parseToJsonElement("""{"choice":["yes","no"]}""")
            body["stream"] shouldBe Json.parseToJsonElement("true")
        }
    }

    test("a TGI client sends response_format with the schema as its value") {
        server.respondJson(answer)
        client(OpenAiCompatible.TGI).use { c ->
            c.create(createRequest { user("A city?"); guidedDecoding(GuidedDecoding.jsonSchema("""{"type":"string"}""")) })
            server.seen.single().body["response_format"] shouldBe Json.parseToJsonElement("""{"type":"json","value":{"type":"string"}}""")
        }
    }

    test("a server that does not take the kind gets nothing: the call and the stream fail first, naming what to do") {
        server.respondJson(answer)
        val cases = listOf(
            OpenAiCompatible.TGI to GuidedDecoding.grammar("root ::= \"a\""),
            OpenAiCompatible.LLAMA_CPP to GuidedDecoding.regex("a+"),
            OpenAiCompatible.OLLAMA to GuidedDecoding.jsonSchema("{}"),
            OpenAiCompatible.LM_STUDIO to GuidedDecoding.choice("a", "b"),
        )
        for ((preset, g) in cases) {
            client(preset).use { c ->
                val request = createRequest { user("x"); guidedDecoding(g) }
                val e = shouldThrow<CapabilityMissingException> { c.create(request) }
                e.provider shouldBe preset.providerName
                e.capability shouldBe "guided_decoding_${g.kind.name.lowercase()}"
                e.message shouldContain g.kind.label
                e.message shouldContain "nothing was sent"
                shouldThrow<CapabilityMissingException> { c.createStream(request).toList() }
            }
        }
        server.seen.size shouldBe 0
    }

    test("OpenAI itself takes no guided decoding") {
        val c = OpenAiChatCompletionClient.create(
            "gpt-4o-mini",
            OpenAiConfig.builder().apiKey("test-key-123").httpOptions(HttpOptions.builder().engine(JavaEngineProvider).build()).build(),
        )
        c.use {
            val e = shouldThrow<CapabilityMissingException> {
                it.create(createRequest { user("x"); guidedDecoding(GuidedDecoding.regex("a+")) })
            }
            e.message shouldContain "takes no guided decoding"
            e.provider shouldBe "openai"
        }
    }
})

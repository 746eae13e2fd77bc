package dev.switchboard.ollama

import dev.switchboard.config.ProviderDocuments
import dev.switchboard.contract.WireUsage
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class OllamaComponentTest : FunSpec({
    val answer = OllamaWire.textResponse("llama3.2", "hello from ollama", WireUsage(3, 4))

    test("ollama: model, keep_alive, num_ctx and options reach the wire; keep_alive forever is -1") {
        val (text, r) = ProviderDocuments.call(answer, emptyMap()) { url ->
            """{"provider": "ollama", "config": {"model": "llama3.2", "base_url": "$url", "keep_alive": "5m", "num_ctx": 8192,
               "options": {"min_p": 0.05}}}"""
        }
        text shouldBe "hello from ollama"
        r.uri shouldBe "/api/chat"
        r.body shouldContain "\"num_ctx\":8192"
        r.body shouldContain "\"min_p\":0.05"
        r.body shouldContain "\"keep_alive\":300"
        val (_, forever) = ProviderDocuments.call(answer, emptyMap()) { url ->
            """{"provider": "ollama", "config": {"model": "llama3.2", "base_url": "$url", "keep_alive": "forever"}}"""
        }
        forever.body shouldContain "\"keep_alive\":-1"
    }

    test("ollama: described with its options and without its key, and the description loads back") {
        val key = "test-ollama-config-key"
        val client = OllamaChatCompletionClient.create("llama3.2", OllamaConfig.builder().apiKey(key).numCtx(4096).keepAliveForever().build())
        ProviderDocuments.describesWithoutSecret(client, key, "OLLAMA_API_KEY", mapOf("OLLAMA_API_KEY" to key))
        client.close()
    }

    test("ollama: options must be an object") {
        ProviderDocuments.failure("""{"provider": "ollama", "config": {"model": "m", "options": [1]}}""") shouldContain "config.options: expected an object"
    }
})

package dev.switchboard.mistral

import dev.switchboard.config.ProviderDocuments
import dev.switchboard.contract.WireUsage
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class MistralComponentTest : FunSpec({
    val key = "test-mistral-config-key"
    val answer = MistralWire.textResponse("mistral-small-latest", "hello from mistral", WireUsage(3, 4))

    test("mistral: model, base URL and safe_prompt reach the wire; the key comes from MISTRAL_API_KEY") {
        val (text, r) = ProviderDocuments.call(answer, mapOf("MISTRAL_API_KEY" to key)) { url ->
            """{"provider": "mistral", "config": {"model": "mistral-small-latest", "base_url": "$url", "safe_prompt": true}}"""
        }
        text shouldBe "hello from mistral"
        r.uri shouldBe "/v1/chat/completions"
        r.headers["authorization"] shouldBe "Bearer $key"
        r.body shouldContain "\"safe_prompt\":true"
    }

    test("mistral: described without its key, and the description loads back") {
        val client = MistralChatCompletionClient.create("mistral-small-latest", MistralConfig.builder().apiKey(key).safePrompt(true).build())
        ProviderDocuments.describesWithoutSecret(client, key, "MISTRAL_API_KEY", mapOf("MISTRAL_API_KEY" to key))
        client.close()
    }

    test("mistral: a value of the wrong type names its path") {
        ProviderDocuments.failure("""{"provider": "mistral", "config": {"model": "m", "api_key": "k", "safe_prompt": "yes"}}""") shouldContain
            "config.safe_prompt: expected true or false"
    }
})

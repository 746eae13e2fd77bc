package dev.switchboard.cohere

import dev.switchboard.config.ProviderDocuments
import dev.switchboard.contract.WireUsage
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class CohereComponentTest : FunSpec({
    val key = "test-cohere-config-key"
    val answer = CohereWire.textResponse("command-a-03-2025", "hello from cohere", WireUsage(3, 4))

    test("cohere: model, base URL and safety mode reach the wire; the key comes from CO_API_KEY") {
        val (text, r) = ProviderDocuments.call(answer, mapOf("CO_API_KEY" to key)) { url ->
            """{"provider": "cohere", "config": {"model": "command-a-03-2025", "base_url": "$url", "safety_mode": "strict"}}"""
        }
        text shouldBe "hello from cohere"
        r.uri shouldBe "/v2/chat"
        r.headers["authorization"] shouldBe "Bearer $key"
        r.body shouldContain "\"safety_mode\":\"STRICT\""
    }

    test("cohere: described without its key, and the description loads back") {
        val client = CohereChatCompletionClient.create("command-a-03-2025", CohereConfig.builder().apiKey(key).citationMode("FAST").build())
        ProviderDocuments.describesWithoutSecret(client, key, "CO_API_KEY", mapOf("CO_API_KEY" to key))
        client.close()
    }

    test("cohere: an unknown safety mode lists the known ones") {
        ProviderDocuments.failure("""{"provider": "cohere", "config": {"model": "m", "api_key": "k", "safety_mode": "lax"}}""") shouldContain
            "config.safety_mode: unknown value \"lax\" (expected one of: contextual, strict, off)"
    }
})

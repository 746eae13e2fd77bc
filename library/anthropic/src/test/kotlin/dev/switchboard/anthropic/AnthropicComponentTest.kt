package dev.switchboard.anthropic

import dev.switchboard.config.ProviderDocuments
import dev.switchboard.contract.WireUsage
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class AnthropicComponentTest : FunSpec({
    val key = "test-anthropic-config-key"
    val answer = AnthropicWire.textResponse("claude-sonnet-4-5", "hello from anthropic", WireUsage(3, 4))

    test("anthropic: the document's model, base URL, betas and output limit reach the wire; the key comes from ANTHROPIC_API_KEY") {
        val (text, r) = ProviderDocuments.call(answer, mapOf("ANTHROPIC_API_KEY" to key)) { url ->
            """{"provider": "anthropic", "config": {"model": "claude-sonnet-4-5", "base_url": "$url", "betas": ["files-api-2025-04-14"],
               "default_max_tokens": 321, "http": {"max_retries": 0}}}"""
        }
        text shouldBe "hello from anthropic"
        r.uri shouldBe "/v1/messages"
        r.headers["x-api-key"] shouldBe key
        r.headers["anthropic-beta"] shouldBe "files-api-2025-04-14"
        r.body shouldContain "\"max_tokens\":321"
        r.body shouldContain "\"model\":\"claude-sonnet-4-5\""
    }

    test("anthropic: described without its key, and the description loads back") {
        val client = AnthropicChatCompletionClient.create("claude-sonnet-4-5", AnthropicConfig.builder().apiKey(key).defaultMaxTokens(500).build())
        ProviderDocuments.describesWithoutSecret(client, key, "ANTHROPIC_API_KEY", mapOf("ANTHROPIC_API_KEY" to key))
        client.close()
    }

    test("anthropic: a wrong value names its path") {
        ProviderDocuments.failure("""{"provider": "anthropic", "config": {"model": "m", "api_key": "k", "default_max_tokens": 0}}""") shouldContain
            "config.default_max_tokens: expected a positive number of tokens"
        ProviderDocuments.failure("""{"provider": "anthropic", "config": {"api_key": "k"}}""") shouldContain "config.model: missing"
    }
})

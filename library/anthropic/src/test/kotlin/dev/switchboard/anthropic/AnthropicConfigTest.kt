package dev.switchboard.anthropic

import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

class AnthropicConfigTest : FunSpec({
    val key = "sk-ant-" + "config-test-0123456789"

    test("defaults: Anthropic's API, version 2023-06-01, no betas, no key") {
        val c = AnthropicConfig.builder().build()
        c.baseUrl shouldBe "https://api.anthropic.com"
        c.version shouldBe "2023-06-01"
        c.betas shouldBe emptyList()
        c.apiKey shouldBe null
        c.defaultMaxTokens shouldBe null
        c.nativeStructuredOutput shouldBe null
    }

    test("fromEnvironment reads ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL, ignoring blank values") {
        val env = mapOf("ANTHROPIC_API_KEY" to " $key ", "ANTHROPIC_BASE_URL" to "https://gateway.example.com/anthropic/")
        val c = AnthropicConfig.fromEnvironment(env::get).build()
        c.apiKey shouldBe key
        c.baseUrl shouldBe "https://gateway.example.com/anthropic"
        val blank = AnthropicConfig.fromEnvironment(mapOf("ANTHROPIC_API_KEY" to "  ", "ANTHROPIC_BASE_URL" to "")::get).build()
        blank.apiKey shouldBe null
        blank.baseUrl shouldBe AnthropicConfig.DEFAULT_BASE_URL
    }

    test("newBuilder copies every value") {
        val c = AnthropicConfig.builder().apiKey(key).baseUrl("http://127.0.0.1:1").version("2024-01-01").beta("a-1").header("X", "y")
            .modelInfo(ModelInfo.ALL_CAPABILITIES).defaultMaxTokens(100).nativeStructuredOutput(true).build()
        val copy = c.newBuilder().build()
        listOf(
            copy.apiKey to c.apiKey, copy.baseUrl to c.baseUrl, copy.version to c.version, copy.betas to c.betas, copy.headers to c.headers,
            copy.modelInfo to c.modelInfo, copy.defaultMaxTokens to c.defaultMaxTokens,
            copy.nativeStructuredOutput to c.nativeStructuredOutput, copy.httpOptions to c.httpOptions,
        ).forEach { (a, b) -> a shouldBe b }
    }

    test("bad values are refused with what to do") {
        shouldThrow<IllegalArgumentException> { AnthropicConfig.builder().baseUrl("api.anthropic.com").build() }.message shouldContain "http://"
        shouldThrow<IllegalArgumentException> { AnthropicConfig.builder().beta("a,b") }.message shouldContain "without commas"
        shouldThrow<IllegalArgumentException> { AnthropicConfig.builder().defaultMaxTokens(0) }
        shouldThrow<IllegalArgumentException> { AnthropicConfig.builder().version(" ").build() }
    }

    test("toString masks the key") {
        val s = AnthropicConfig.builder().apiKey(key).build().toString()
        s shouldContain "apiKey=****"
        s shouldNotContain key
    }

    test("a client of Anthropic's own API needs a key; a gateway may do without, or take it in a header") {
        shouldThrow<IllegalArgumentException> { AnthropicChatCompletionClient.create("claude-sonnet-4-5", AnthropicConfig.builder().build()) }
            .message shouldContain "ANTHROPIC_API_KEY"
        shouldThrow<IllegalArgumentException> { AnthropicChatCompletionClient.create(" ", AnthropicConfig.builder().apiKey(key).build()) }
        AnthropicChatCompletionClient.create("claude-sonnet-4-5", AnthropicConfig.builder().header("Authorization", "Bearer t").build()).close()
        AnthropicChatCompletionClient.create("claude-sonnet-4-5", AnthropicConfig.builder().baseUrl("http://127.0.0.1:1").build()).close()
    }

    test("the client's model info: declared, else the table's, else every capability of the Claude family") {
        val declared = ModelInfo.builder().vision(false).functionCalling(true).build()
        AnthropicChatCompletionClient.create("claude-sonnet-4-5", AnthropicConfig.builder().apiKey(key).modelInfo(declared).build())
            .use { it.modelInfo shouldBe declared }
        AnthropicChatCompletionClient.create("claude-sonnet-4-5-20250929", AnthropicConfig.builder().apiKey(key).build())
            .use { it.modelInfo shouldBe AnthropicModels.info("claude-sonnet-4-5") }
        AnthropicChatCompletionClient.create("claude-next", AnthropicConfig.builder().apiKey(key).build()).use {
            it.modelInfo shouldBe ModelInfo.ALL_CAPABILITIES.newBuilder().family(ModelFamily.CLAUDE).build()
            it.model shouldBe "claude-next"
        }
    }
})

package dev.switchboard.anthropic

import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.time.Duration.Companion.minutes

class AnthropicConfigDslTest : FunSpec({
    test("AnthropicConfig { } sets what the builder sets, nested blocks included") {
        val config = AnthropicConfig {
            apiKey = "sk-ant-dsl-test-key"
            baseUrl = "https://gateway.example.com/"
            version = "2023-06-01"
            beta("context-1m-2025-08-07")
            defaultMaxTokens = 2_048
            nativeStructuredOutput = false
            httpOptions { requestTimeout = 5.minutes }
            modelInfo { vision = true; functionCalling = true }
        }
        config.baseUrl shouldBe "https://gateway.example.com"
        config.betas shouldBe listOf("context-1m-2025-08-07")
        config.defaultMaxTokens shouldBe 2_048
        config.nativeStructuredOutput shouldBe false
        config.httpOptions.requestTimeout shouldBe java.time.Duration.ofMinutes(5)
        config.modelInfo shouldBe ModelInfo.builder().vision(true).functionCalling(true).build()
        config.toString() shouldBe AnthropicConfig.builder().apiKey("sk-ant-dsl-test-key").baseUrl("https://gateway.example.com/")
            .beta("context-1m-2025-08-07").defaultMaxTokens(2_048).nativeStructuredOutput(false)
            .httpOptions(HttpOptions.builder().requestTimeout(java.time.Duration.ofMinutes(5)).build())
            .modelInfo(ModelInfo.builder().vision(true).functionCalling(true).build()).build().toString()
    }

    test("the DSL checks what the setters and build() check") {
        shouldThrow<IllegalArgumentException> { AnthropicConfig { defaultMaxTokens = 0 } }.message shouldContain "defaultMaxTokens must be positive"
        shouldThrow<IllegalArgumentException> { AnthropicConfig { version = " " } }.message shouldContain "anthropic-version"
        AnthropicConfig { defaultMaxTokens = 100; defaultMaxTokens = null }.defaultMaxTokens shouldBe null
    }
})

package dev.switchboard.openai

import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration as JavaDuration
import kotlin.time.Duration.Companion.seconds

class OpenAiConfigDslTest : FunSpec({
    test("OpenAiConfig { } sets what the builder sets, nested blocks included") {
        val config = OpenAiConfig {
            apiKey = "  sk-dsl-0123456789abcdef  "
            baseUrl = "https://proxy.example.com/v1/"
            organization = "org-1"
            project = " "
            header("X-Team", "search")
            useDeveloperRole = false
            streamUsage = false
            providerName = "proxy"
            httpOptions { maxRetries = 0; requestTimeout = 30.seconds }
            modelInfo { functionCalling = true; family = ModelFamily.of("llama") }
        }
        val built = OpenAiConfig.builder().apiKey("sk-dsl-0123456789abcdef").baseUrl("https://proxy.example.com/v1")
            .organization("org-1").header("X-Team", "search").useDeveloperRole(false).streamUsage(false).providerName("proxy")
            .httpOptions(dev.switchboard.HttpOptions.builder().maxRetries(0).requestTimeout(JavaDuration.ofSeconds(30)).build())
            .modelInfo(ModelInfo.builder().functionCalling(true).family("llama").build())
            .build()
        config.toString() shouldBe built.toString()
        config.apiKey shouldBe "sk-dsl-0123456789abcdef"
        config.project shouldBe null
        config.baseUrl shouldBe "https://proxy.example.com/v1"
        config.headers shouldBe mapOf("X-Team" to "search")
        config.httpOptions.maxRetries shouldBe 0
        config.httpOptions.requestTimeout shouldBe JavaDuration.ofSeconds(30)
        config.modelInfo shouldBe built.modelInfo
    }

    test("nested blocks start from what is set already, and a variant from newBuilder keeps the rest") {
        val config = OpenAiConfig {
            httpOptions { maxRetries = 5 }
            httpOptions { connectTimeout = 2.seconds }
            modelInfo { vision = true }
            modelInfo { contextWindow = 8_000 }
        }
        config.httpOptions.maxRetries shouldBe 5
        config.httpOptions.connectTimeout shouldBe JavaDuration.ofSeconds(2)
        config.modelInfo shouldBe ModelInfo.builder().vision(true).contextWindow(8_000).build()
        val variant = config.newBuilder().apply { apiKey = "sk-variant-0123456789" }.build()
        variant.httpOptions shouldBe config.httpOptions
        variant.apiKey shouldBe "sk-variant-0123456789"
    }

    test("the DSL checks what build() checks") {
        shouldThrow<IllegalArgumentException> { OpenAiConfig { baseUrl = "ftp://example.com" } }.message shouldContain "http://"
        shouldThrow<IllegalArgumentException> { OpenAiConfig { httpOptions { maxRetries = 1_000 } } }.message shouldContain "maxRetries"
        shouldThrow<IllegalArgumentException> { OpenAiConfig { header(" ", "x") } }.message shouldContain "header name"
    }

    test("AzureOpenAiConfig { } sets what the builder sets") {
        val config = AzureOpenAiConfig {
            endpoint = "https://my-resource.openai.azure.com/openai/v1/"
            apiKey = "azure-key-0123456789abcdef"
            apiVersion = "preview"
            useMaxCompletionTokens = true
            httpOptions { maxRetries = 1 }
        }
        config.endpoint shouldBe "https://my-resource.openai.azure.com"
        config.v1Api shouldBe true
        config.apiVersion shouldBe "preview"
        config.useMaxCompletionTokens shouldBe true
        config.httpOptions.maxRetries shouldBe 1
        config.toString() shouldBe AzureOpenAiConfig.builder().endpoint("https://my-resource.openai.azure.com/openai/v1/")
            .apiKey("azure-key-0123456789abcdef").apiVersion("preview").useMaxCompletionTokens(true)
            .httpOptions(dev.switchboard.HttpOptions.builder().maxRetries(1).build()).build().toString()
        shouldThrow<IllegalArgumentException> { AzureOpenAiConfig { apiKey = "azure-key-0123456789abcdef" } }.message shouldContain "endpoint"
        shouldThrow<IllegalArgumentException> {
            AzureOpenAiConfig {
                endpoint = "https://r.openai.azure.com"
                apiKey = "azure-key-0123456789abcdef"
                tokenProvider = dev.switchboard.auth.AccessTokenProvider { error("not called") }
            }
        }.message shouldContain "Both an API key and a token provider"
    }
})

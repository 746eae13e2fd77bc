package dev.switchboard.azure.inference

import dev.switchboard.HttpOptions
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.time.Duration.Companion.seconds

class AzureAiInferenceConfigDslTest : FunSpec({
    test("AzureAiInferenceConfig { } sets what the builder sets, nested blocks included") {
        val config = AzureAiInferenceConfig {
            endpoint = "https://my-resource.services.ai.azure.com/models/"
            apiKey = "azure-ai-key-0123456789abcdef"
            apiVersion = " "
            extraParameters = AzureAiInferenceConfig.ExtraParameters.DROP
            streamUsage = true
            providerName = "foundry"
            header("X-Team", "search")
            httpOptions { streamIdleTimeout = 45.seconds }
            modelInfo { functionCalling = true; family = ModelFamily.of("llama") }
        }
        config.endpoint shouldBe "https://my-resource.services.ai.azure.com/models"
        config.apiVersion shouldBe null
        config.extraParameters shouldBe AzureAiInferenceConfig.ExtraParameters.DROP
        config.httpOptions.streamIdleTimeout shouldBe java.time.Duration.ofSeconds(45)
        config.toString() shouldBe AzureAiInferenceConfig.builder().endpoint("https://my-resource.services.ai.azure.com/models/")
            .apiKey("azure-ai-key-0123456789abcdef").apiVersion(null).extraParameters(AzureAiInferenceConfig.ExtraParameters.DROP)
            .streamUsage(true).providerName("foundry").header("X-Team", "search")
            .httpOptions(HttpOptions.builder().streamIdleTimeout(java.time.Duration.ofSeconds(45)).build())
            .modelInfo(ModelInfo.builder().functionCalling(true).family("llama").build()).build().toString()
    }

    test("the DSL checks what build() checks, and starts from the GitHub Models preset when asked") {
        shouldThrow<IllegalArgumentException> {
            AzureAiInferenceConfig { endpoint = "https://x.models.ai.azure.com"; apiKey = "azure-ai-key-0123456789"; bearerToken = "ghp_0123456789abcdef" }
        }.message shouldContain "Several credentials"
        val github = AzureAiInferenceConfig.githubModels { "ghp_0123456789abcdefghij" }.apply { modelInfo { functionCalling = true } }.build()
        github.endpoint shouldBe AzureAiInferenceConfig.GITHUB_MODELS_ENDPOINT
        github.providerName shouldBe "github-models"
        github.modelInfo?.functionCalling shouldBe true
    }
})

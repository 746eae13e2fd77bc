package dev.switchboard.azure.inference

import dev.switchboard.ModelInfo
import dev.switchboard.config.ProviderDocuments
import dev.switchboard.contract.WireUsage
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class AzureAiInferenceComponentTest : FunSpec({
    val key = "test-inference-config-key"
    val answer = AzureAiInferenceWire.textResponse("Phi-4", "hello from inference", WireUsage(3, 4))
    val info = """"model_info": {"function_calling": true, "json_output": true, "family": "phi"}"""

    test("azure-ai-inference: the endpoint, api-version and key from the environment, with the document's model info") {
        val (text, r) = ProviderDocuments.call(answer, mapOf("AZURE_AI_CHAT_KEY" to key)) { url ->
            """{"provider": "azure-ai-inference", "config": {"model": "Phi-4", "endpoint": "$url/models", $info}}"""
        }
        text shouldBe "hello from inference"
        r.uri shouldBe "/models/chat/completions?api-version=${AzureAiInferenceConfig.DEFAULT_API_VERSION}"
        r.headers["api-key"] shouldBe key
    }

    test("azure-ai-inference: GitHub Models sends GITHUB_TOKEN as the bearer") {
        val (_, r) = ProviderDocuments.call(answer, mapOf("GITHUB_TOKEN" to key)) { url ->
            """{"provider": "azure-ai-inference", "config": {"model": "openai/gpt-4.1-mini", "github_models": true, "endpoint": "$url/inference", $info}}"""
        }
        r.headers["authorization"] shouldBe "Bearer $key"
        r.headers["api-key"] shouldBe null
    }

    test("azure-ai-inference: described without its key, and the description loads back") {
        val client = AzureAiInferenceChatCompletionClient.create(
            "Phi-4", AzureAiInferenceConfig.builder().endpoint("https://r.services.ai.azure.com/models").apiKey(key).modelInfo(ModelInfo.builder().family("phi").build()).build(),
        )
        ProviderDocuments.describesWithoutSecret(client, key, "AZURE_AI_CHAT_KEY", mapOf("AZURE_AI_CHAT_KEY" to key))
        client.close()
    }

    test("azure-ai-inference: model info is required; two kinds of credentials are refused") {
        ProviderDocuments.failure("""{"provider": "azure-ai-inference", "config": {"model": "m", "endpoint": "https://x/models", "api_key": "k"}}""") shouldContain
            "config.model_info: missing"
        ProviderDocuments.failure("""{"provider": "azure-ai-inference", "config": {"model": "m", "endpoint": "https://x/models", "api_key": "k", "bearer_token": "t", $info}}""") shouldContain
            "config.bearer_token: give one of api_key, bearer_token and token_provider"
    }
})

package dev.switchboard.openai

import dev.switchboard.CreateRequest
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.SystemMessage
import dev.switchboard.UserMessage
import dev.switchboard.auth.AccessToken
import dev.switchboard.auth.AccessTokenProvider
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.time.Instant

/** Azure OpenAI configuration: URLs per API, api-version, credentials, the environment, and the request it encodes. */
class AzureOpenAiConfigTest : FunSpec({
    val key = "azure" + "-key-0123456789abcdef"
    val tokens = AccessTokenProvider { AccessToken("t" + "oken-abcdefghijkl", Instant.now().plusSeconds(3600)) }

    fun url(config: AzureOpenAiConfig, deployment: String = "gpt-4o-prod") = config.chatCompletionsUrl(deployment)

    test("the deployments API: deployment in the path and the default api-version") {
        val c = AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com/").apiKey(key).build()
        url(c) shouldBe "https://res.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21"
        c.v1Api shouldBe false
        c.apiVersion shouldBe AzureOpenAiConfig.DEFAULT_API_VERSION
        val other = c.newBuilder().apiVersion("2025-04-01-preview").build()
        url(other) shouldBe "https://res.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2025-04-01-preview"
        url(c, "my deployment") shouldBe "https://res.openai.azure.com/openai/deployments/my%20deployment/chat/completions?api-version=2024-10-21"
    }

    test("the v1 API: no deployment in the path and no api-version unless one is set") {
        val c = AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com").v1Api(true).apiKey(key).build()
        url(c) shouldBe "https://res.openai.azure.com/openai/v1/chat/completions"
        c.apiVersion shouldBe null
        url(c.newBuilder().apiVersion("preview").build()) shouldBe "https://res.openai.azure.com/openai/v1/chat/completions?api-version=preview"
        val deployments = AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com").apiKey(key).build()
        url(deployments.newBuilder().v1Api(true).build()) shouldBe "https://res.openai.azure.com/openai/v1/chat/completions"
        url(deployments.newBuilder().apiVersion("2025-01-01-preview").build().newBuilder().v1Api(true).build()) shouldBe
            "https://res.openai.azure.com/openai/v1/chat/completions?api-version=2025-01-01-preview"
    }

    test("an endpoint pasted with /openai or /openai/v1 is understood") {
        url(AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com/openai/").apiKey(key).build()) shouldBe
            "https://res.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21"
        val v1 = AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com/openai/v1/").apiKey(key).build()
        v1.v1Api shouldBe true
        v1.endpoint shouldBe "https://res.openai.azure.com"
        url(v1) shouldBe "https://res.openai.azure.com/openai/v1/chat/completions"
        // Azure AI Foundry resources serve the same API under another host name.
        url(AzureOpenAiConfig.builder().endpoint("https://proj.services.ai.azure.com").apiKey(key).build()) shouldBe
            "https://proj.services.ai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21"
    }

    test("bad endpoints and credentials fail with what to do") {
        shouldThrow<IllegalArgumentException> { AzureOpenAiConfig.builder().apiKey(key).build() }.message!! shouldContain "AZURE_OPENAI_ENDPOINT"
        shouldThrow<IllegalArgumentException> { AzureOpenAiConfig.builder().endpoint("res.openai.azure.com").build() }.message!! shouldContain "https://"
        shouldThrow<IllegalArgumentException> {
            AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com?api-version=2024-10-21").build()
        }.message!! shouldContain "apiVersion(...)"
        shouldThrow<IllegalArgumentException> {
            AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com").apiKey(key).tokenProvider(tokens).build()
        }.message!! shouldContain "apiKey(null)"
        val none = AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com").build()
        shouldThrow<IllegalArgumentException> { AzureOpenAiChatCompletionClient.create("gpt-4o", none) }.message!! shouldContain "AZURE_OPENAI_API_KEY"
        val ok = none.newBuilder().apiKey(key).build()
        shouldThrow<IllegalArgumentException> { AzureOpenAiChatCompletionClient.create(" ", ok) }.message!! shouldContain "deployment"
    }

    test("the environment: AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY, OPENAI_API_VERSION and AZURE_OPENAI_DEPLOYMENT") {
        val env = mapOf(
            "AZURE_OPENAI_ENDPOINT" to "https://env.openai.azure.com",
            "AZURE_OPENAI_API_KEY" to " $key\n",
            "OPENAI_API_VERSION" to "2024-12-01-preview",
            "AZURE_OPENAI_DEPLOYMENT" to "env-deployment",
        )
        val c = AzureOpenAiConfig.fromEnvironment(env::get).build()
        c.endpoint shouldBe "https://env.openai.azure.com"
        c.apiKey shouldBe key
        c.apiVersion shouldBe "2024-12-01-preview"
        AzureOpenAiChatCompletionClient.fromEnvironment(env::get).use {
            it.deployment shouldBe "env-deployment"
            it.config.endpoint shouldBe "https://env.openai.azure.com"
        }
        shouldThrow<IllegalArgumentException> {
            AzureOpenAiChatCompletionClient.fromEnvironment((env - "AZURE_OPENAI_DEPLOYMENT")::get)
        }.message!! shouldContain "AZURE_OPENAI_DEPLOYMENT"
        shouldThrow<IllegalArgumentException> {
            AzureOpenAiChatCompletionClient.fromEnvironment((env - "AZURE_OPENAI_API_KEY")::get)
        }.message!! shouldContain "AZURE_OPENAI_API_KEY"
    }

    test("the request: api-key header and no Authorization; model, roles and output limit for the deployment's family") {
        val c = AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com").apiKey(key).header("x-ms-client", "sb").build()
        val request = CreateRequest.builder().messages(listOf(SystemMessage("Be brief"), UserMessage.of("Hi"))).maxTokens(50).build()
        val spec = AzureOpenAiChatCompletionClient.codec(c, "gpt-4o-prod", ModelInfo.ALL_CAPABILITIES.newBuilder().family(ModelFamily.GPT_4O).build())
            .prepare("gpt-4o-prod", request, stream = true).spec
        spec.headers["api-key"] shouldBe key
        spec.headers["x-ms-client"] shouldBe "sb"
        spec.headers.keys.any { it.equals("Authorization", ignoreCase = true) } shouldBe false
        val body = Json.parseToJsonElement(spec.body!!.decodeToString()).jsonObject
        body["model"]!!.jsonPrimitive.content shouldBe "gpt-4o-prod"
        body["messages"]!!.jsonArray[0].jsonObject["role"]!!.jsonPrimitive.content shouldBe "system"
        body["max_tokens"]!!.jsonPrimitive.content shouldBe "50"
        body["stream_options"]!!.jsonObject["include_usage"]!!.jsonPrimitive.content shouldBe "true"

        val o3 = AzureOpenAiChatCompletionClient.codec(c, "o3-mini", ModelInfo.ALL_CAPABILITIES.newBuilder().family(ModelFamily.O3).build())
            .prepare("o3-mini", request, stream = false).spec
        val o3Body = Json.parseToJsonElement(o3.body!!.decodeToString()).jsonObject
        o3Body["max_completion_tokens"]!!.jsonPrimitive.content shouldBe "50"
        o3Body["messages"]!!.jsonArray[0].jsonObject["role"]!!.jsonPrimitive.content shouldBe "system"

        val tokenConfig = AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com").tokenProvider(tokens).build()
        AzureOpenAiChatCompletionClient.codec(tokenConfig, "d", ModelInfo.ALL_CAPABILITIES).prepare("d", request, false).spec.headers.keys shouldBe emptySet()
    }

    test("model info: declared, else known from the deployment name, else every capability with a guessed family") {
        val c = AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com").apiKey(key).build()
        AzureOpenAiChatCompletionClient.modelInfo("gpt-4o", c) shouldBe OpenAiModels.info("gpt-4o")
        val guessed = AzureOpenAiChatCompletionClient.modelInfo("prod-o3-mini-eastus", c)
        guessed.functionCalling shouldBe true
        val declared = ModelInfo.builder().functionCalling(true).family(ModelFamily.GPT_4O).build()
        AzureOpenAiChatCompletionClient.modelInfo("gpt-4o", c.newBuilder().modelInfo(declared).build()) shouldBe declared
    }

    test("toString shows neither the key nor tokens") {
        val c = AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com").apiKey(key).header("api-key", key).build()
        c.toString() shouldNotContain key
        c.toString() shouldContain "res.openai.azure.com"
        AzureOpenAiChatCompletionClient.create("gpt-4o", c).use { it.toString() shouldNotContain key }
        val t = AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com").tokenProvider(tokens).build()
        t.toString() shouldNotContain "oken-abcdefghijkl"
    }
})

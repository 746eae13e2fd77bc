package dev.switchboard.openai.tokenizer

import dev.switchboard.HttpOptions
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.SystemMessage
import dev.switchboard.Tool
import dev.switchboard.UserMessage
import dev.switchboard.openai.AzureOpenAiChatCompletionClient
import dev.switchboard.openai.AzureOpenAiConfig
import dev.switchboard.openai.OpenAiChatCompletionClient
import dev.switchboard.openai.OpenAiConfig
import dev.switchboard.openai.OpenAiTokenizerProvider
import dev.switchboard.TokenCounter
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.ktor.client.HttpClient
import io.ktor.client.engine.mock.MockEngine
import java.util.ServiceLoader

/** With this artifact on the classpath, the OpenAI clients find it and count exactly as [OpenAiTokenCounter] does. */
class ClientTokenCountTest : FunSpec({
    val http = HttpClient(MockEngine { error("no network call is expected in this test") })
    val options = HttpOptions.builder().httpClient(http).maxRetries(0).build()
    afterSpec { http.close() }
    val config = OpenAiConfig.builder().apiKey("sk-" + "test-abcdefgh").httpOptions(options).build()

    val weatherTool = Tool.of(
        "get_current_weather", "Get the current weather in a given location",
        """{"type":"object","properties":{
            "location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
            "unit":{"type":"string","description":"The unit of temperature to return","enum":["celsius","fahrenheit"]}},
            "required":["location"]}""",
    )
    val weatherMessages = listOf(
        SystemMessage("You are a helpful assistant that can answer to questions about the weather."),
        UserMessage.of("What's the weather like in San Francisco?"),
    )

    test("the service is registered for ServiceLoader") {
        val found = ServiceLoader.load(OpenAiTokenizerProvider::class.java).toList()
        found.size shouldBe 1
        found[0].shouldBeInstanceOf<OpenAiTokenizerService>()
        found[0].forFamily(ModelFamily.GPT_4O) shouldBe OpenAiTokenCounter.o200k()
        found[0].forFamily(ModelFamily.GPT_35) shouldBe OpenAiTokenCounter.cl100k()
        found[0].forFamily(ModelFamily.CLAUDE) shouldBe TokenCounter.ESTIMATE
    }

    test("clients count the cookbook's weather example as the API did: 101 for gpt-4o, 105 for gpt-4") {
        OpenAiChatCompletionClient.create("gpt-4o", config).use { it.countTokens(weatherMessages, listOf(weatherTool)) shouldBe 101 }
        OpenAiChatCompletionClient.create("gpt-4o-mini", config).use { it.countTokens(weatherMessages, listOf(weatherTool)) shouldBe 101 }
        OpenAiChatCompletionClient.create("gpt-4", config).use { it.countTokens(weatherMessages, listOf(weatherTool)) shouldBe 105 }
        OpenAiChatCompletionClient.create("gpt-3.5-turbo", config).use { it.countTokens(weatherMessages, listOf(weatherTool)) shouldBe 105 }
        OpenAiChatCompletionClient.create("gpt-4o", config).use {
            it.remainingTokens(weatherMessages, listOf(weatherTool)) shouldBe it.modelInfo.contextWindow!! - 101
        }
    }

    test("every family counts through the client as OpenAiTokenCounter.forFamily does; others are estimated") {
        val messages = listOf(SystemMessage.of("Be brief."), UserMessage.of("How many tokens is this sentence, exactly?"))
        val local = config.newBuilder().baseUrl("http://127.0.0.1:9/v1")
        for (family in listOf(
            ModelFamily.GPT_5, ModelFamily.GPT_41, ModelFamily.GPT_4O, ModelFamily.GPT_4, ModelFamily.GPT_35, ModelFamily.O1,
            ModelFamily.O3, ModelFamily.O4, ModelFamily.CLAUDE, ModelFamily.LLAMA, ModelFamily.UNKNOWN,
        )) {
            val info = ModelInfo.builder().family(family).contextWindow(100_000).build()
            OpenAiChatCompletionClient.create("model-of-$family", local.modelInfo(info).build()).use {
                val expected = OpenAiTokenCounter.forFamily(family).count(messages, emptyList())
                it.countTokens(messages) shouldBe expected
                it.remainingTokens(messages) shouldBe 100_000 - expected
            }
        }
        OpenAiTokenCounter.forFamily(ModelFamily.LLAMA) shouldBe TokenCounter.ESTIMATE
        (OpenAiTokenCounter.forFamily(ModelFamily.O3).count(messages, emptyList()) !=
            TokenCounter.ESTIMATE.count(messages, emptyList())) shouldBe true
    }

    test("an Azure OpenAI deployment counts with the model's tokenizer too") {
        val azure = AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com").apiKey("azure-" + "test-key")
            .httpOptions(options).build()
        AzureOpenAiChatCompletionClient.create("gpt-4o", azure).use { it.countTokens(weatherMessages, listOf(weatherTool)) shouldBe 101 }
    }
})

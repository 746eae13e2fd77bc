package dev.switchboard.readme

import dev.switchboard.createRequest
import dev.switchboard.openai.AzureOpenAiChatCompletionClient
import dev.switchboard.openai.AzureOpenAiConfig
import dev.switchboard.openai.OpenAiApi
import dev.switchboard.openai.OpenAiChatCompletionClient
import dev.switchboard.openai.OpenAiConfig
import dev.switchboard.openai.previousResponseId
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * The Kotlin example of the Responses API section proposed for README.md (notes/readme-responses.md), compiled and
 * run without a network call: the configs it builds, and the request that continues from a response id.
 */
class ReadmeResponsesExampleTest : FunSpec({
    test("the Responses API example builds what it says") {
        val client = OpenAiChatCompletionClient.create("gpt-5-mini", OpenAiConfig {
            apiKey = "test-key-123"
            api = OpenAiApi.RESPONSES
            reasoningSummary = "auto"
        })
        client.use { it.endpoint shouldBe "https://api.openai.com/v1/responses" }
        client.config.reasoningSummary shouldBe "auto"
        val next = createRequest { user("And the Sun?"); previousResponseId("resp_1") }
        next.extraBody["previous_response_id"].toString() shouldBe "\"resp_1\""

        val azure = AzureOpenAiChatCompletionClient.create("my-gpt-5-deployment", AzureOpenAiConfig {
            endpoint = "https://my-resource.openai.azure.com"; apiKey = "azure-test-key"; api = OpenAiApi.RESPONSES
        })
        azure.use { it.endpoint shouldBe "https://my-resource.openai.azure.com/openai/v1/responses" }
    }
})

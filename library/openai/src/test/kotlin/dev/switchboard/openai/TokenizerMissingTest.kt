package dev.switchboard.openai

import dev.switchboard.HttpOptions
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.SystemMessage
import dev.switchboard.UserMessage
import dev.switchboard.TokenCounter
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.ktor.client.HttpClient
import io.ktor.client.engine.mock.MockEngine
import java.util.concurrent.atomic.AtomicInteger

/**
 * This module's tests run without `switchboard-openai-tokenizer`: OpenAI's families must fail to count with a
 * clear error (never a silent estimate), other families are estimated, and the tokenizer is looked up on first use.
 */
class TokenizerMissingTest : FunSpec({
    val http = HttpClient(MockEngine { error("no network call is expected in this test") })
    val options = HttpOptions.builder().httpClient(http).maxRetries(0).build()
    afterSpec { http.close() }
    val messages = listOf(SystemMessage.of("Be brief."), UserMessage.of("How many tokens is this sentence, exactly?"))

    fun IllegalStateException.saysWhatToAdd() {
        message!! shouldContain "dev.switchboard:switchboard-openai-tokenizer"
        message!! shouldContain "jtokkit"
        message!! shouldContain "from Kotlin or from the Java facade"
    }

    test("an OpenAI model's client fails to count, naming the artifact to add") {
        val config = OpenAiConfig.builder().apiKey("sk-" + "test-abcdefgh").httpOptions(options).build()
        for (model in listOf("gpt-4o", "gpt-4o-mini", "gpt-4", "gpt-3.5-turbo", "gpt-5", "o3")) {
            OpenAiChatCompletionClient.create(model, config).use { client ->
                shouldThrow<IllegalStateException> { client.countTokens(messages) }.saysWhatToAdd()
                shouldThrow<IllegalStateException> { client.remainingTokens(messages) }.saysWhatToAdd()
                // Still failing on a second try: nothing falls back to an estimate.
                shouldThrow<IllegalStateException> { client.countTokens(messages) }.saysWhatToAdd()
            }
        }
    }

    test("an Azure OpenAI deployment of an OpenAI model fails the same way") {
        val config = AzureOpenAiConfig.builder().endpoint("https://res.openai.azure.com").apiKey("azure-" + "test-key")
            .httpOptions(options).build()
        AzureOpenAiChatCompletionClient.create("gpt-4o", config).use { client ->
            client.modelInfo.family shouldBe ModelFamily.GPT_4O
            shouldThrow<IllegalStateException> { client.countTokens(messages) }.saysWhatToAdd()
        }
    }

    test("other families on OpenAI-compatible servers are still estimated") {
        val window = ModelInfo.builder().family("llama").contextWindow(8192).build()
        val base = OpenAiConfig.builder().baseUrl("http://127.0.0.1:9/v1").httpOptions(options).build()
        for ((model, config) in listOf(
            "llama-3.3-70b-versatile" to base, "mistral-large-latest" to base, "some-local-model" to base,
            "my-llama" to base.newBuilder().modelInfo(window).build(),
        )) {
            OpenAiChatCompletionClient.create(model, config).use { client ->
                OpenAiTokenizers.usesOpenAiTokenizer(client.modelInfo.family) shouldBe false
                client.countTokens(messages) shouldBe TokenCounter.ESTIMATE.count(messages, emptyList())
                client.modelInfo.contextWindow?.let { window ->
                    client.remainingTokens(messages) shouldBe window - TokenCounter.ESTIMATE.count(messages, emptyList())
                }
            }
        }
    }

    test("the tokenizer is looked up at the first count, once, not when the counter is made") {
        val lookups = AtomicInteger()
        val asked = ArrayList<ModelFamily>()
        val provider = object : OpenAiTokenizerProvider {
            override fun forFamily(family: ModelFamily): TokenCounter {
                asked += family
                return TokenCounter { m, _ -> 1000 + m.size }
            }
        }
        val counter = OpenAiTokenizers.deferredForFamily(ModelFamily.GPT_41) { lookups.incrementAndGet(); provider }
        lookups.get() shouldBe 0
        counter.count(messages, emptyList()) shouldBe 1002
        counter.count(messages.take(1), emptyList()) shouldBe 1001
        lookups.get() shouldBe 1
        asked shouldBe listOf(ModelFamily.GPT_41)
        OpenAiTokenizers.deferredForFamily(ModelFamily.LLAMA) { error("not for this family") } shouldBe TokenCounter.ESTIMATE
    }

    test("a failed lookup is tried again on the next count") {
        var present = false
        val counter = OpenAiTokenizers.deferredForFamily(ModelFamily.GPT_4) {
            if (!present) throw IllegalStateException(OpenAiTokenizers.missing())
            object : OpenAiTokenizerProvider {
                override fun forFamily(family: ModelFamily): TokenCounter = TokenCounter { _, _ -> 7 }
            }
        }
        shouldThrow<IllegalStateException> { counter.count(messages, emptyList()) }.saysWhatToAdd()
        present = true
        counter.count(messages, emptyList()) shouldBe 7
    }
})

package dev.switchboard.mistral

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

/** The configuration: defaults, the environment, the DSL, copies, and a key demanded by Mistral's own API only. */
class MistralConfigTest : FunSpec({
    test("defaults and the environment") {
        val d = MistralConfig.builder().build()
        d.baseUrl shouldBe "https://api.mistral.ai"
        d.safePrompt shouldBe false
        d.promptMode shouldBe null
        val env = mapOf("MISTRAL_API_KEY" to " test-key-123 ", "MISTRAL_BASE_URL" to "http://127.0.0.1:9/")
        val c = MistralConfig.fromEnvironment(env::get).build()
        c.apiKey shouldBe "test-key-123"
        c.baseUrl shouldBe "http://127.0.0.1:9"
    }

    test("the DSL sets what the setters set, and newBuilder copies everything") {
        val c = MistralConfig { apiKey = "test-key-123"; safePrompt = true; promptMode = "reasoning"; httpOptions { maxRetries = 0 } }
        c.safePrompt shouldBe true
        c.promptMode shouldBe "reasoning"
        c.httpOptions.maxRetries shouldBe 0
        c.newBuilder().build().toString() shouldBe c.toString()
        c.toString() shouldNotContain "test-key-123"
        shouldThrow<IllegalArgumentException> { MistralConfig.builder().promptMode("  ") }.message!! shouldContain "blank"
    }

    test("a client of Mistral's own API needs a key; a gateway does not; unknown models get every capability") {
        shouldThrow<IllegalArgumentException> { MistralChatCompletionClient.create("mistral-small-latest", MistralConfig.builder().build()) }
            .message!! shouldContain "MISTRAL_API_KEY"
        MistralChatCompletionClient.create("my-model", MistralConfig.builder().baseUrl("http://127.0.0.1:9").build()).use {
            it.modelInfo.functionCalling shouldBe true
            it.endpoint shouldBe "http://127.0.0.1:9/v1/chat/completions"
        }
        shouldThrow<IllegalArgumentException> { MistralChatCompletionClient.create(" ", MistralConfig.builder().apiKey("test-key-123").build()) }
    }

    test("the model table: versions and -latest match their model") {
        MistralModels.info("mistral-small-2506")?.vision shouldBe true
        MistralModels.info("mistral-small-latest")?.contextWindow shouldBe 128_000
        MistralModels.info("ministral-8b-2410")?.vision shouldBe false
        MistralModels.info("codestral-2508")?.contextWindow shouldBe 256_000
        MistralModels.info("mistral-smallish") shouldBe null
        MistralModels.isReasoningModel("magistral-medium-2507") shouldBe true
    }
})

package dev.switchboard.cohere

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

/** The configuration: defaults, the environment as Cohere's SDKs read it, the DSL, and a key demanded by Cohere's own API only. */
class CohereConfigTest : FunSpec({
    test("defaults and the environment (CO_API_KEY, else COHERE_API_KEY; CO_API_URL)") {
        CohereConfig.builder().build().baseUrl shouldBe "https://api.cohere.com"
        CohereConfig.fromEnvironment(mapOf("CO_API_KEY" to "test-key-123", "CO_API_URL" to "http://127.0.0.1:9/")::get).build().let {
            it.apiKey shouldBe "test-key-123"
            it.baseUrl shouldBe "http://127.0.0.1:9"
        }
        CohereConfig.fromEnvironment(mapOf("CO_API_KEY" to " ", "COHERE_API_KEY" to "test-key-456")::get).build().apiKey shouldBe "test-key-456"
    }

    test("modes are upper-cased and checked; the DSL and newBuilder keep everything; toString hides the key") {
        val c = CohereConfig { apiKey = "test-key-123"; citationMode = "fast"; safetyMode = "Contextual" }
        c.citationMode shouldBe "FAST"
        c.safetyMode shouldBe "CONTEXTUAL"
        c.newBuilder().build().toString() shouldBe c.toString()
        c.toString() shouldNotContain "test-key-123"
        shouldThrow<IllegalArgumentException> { CohereConfig.builder().citationMode("fast mode!") }.message!! shouldContain "FAST, ACCURATE or OFF"
    }

    test("a client of Cohere's own API needs a key; the model table; unknown models get every capability") {
        shouldThrow<IllegalArgumentException> { CohereChatCompletionClient.create("command-a-03-2025", CohereConfig.builder().build()) }
            .message!! shouldContain "CO_API_KEY"
        CohereChatCompletionClient.create("command-a-03-2025", CohereConfig.builder().apiKey("test-key-123").build()).use {
            it.modelInfo.contextWindow shouldBe 256_000
            it.endpoint shouldBe "https://api.cohere.com/v2/chat"
        }
        CohereModels.info("command-a-vision-07-2025")?.vision shouldBe true
        CohereModels.info("command-a-reasoning-08-2025")?.maxOutputTokens shouldBe 32_000
        CohereModels.info("command-r-plus-08-2024")?.family shouldBe CohereModels.COMMAND
        CohereModels.info("command-r7b-12-2024")?.functionCalling shouldBe true
        CohereModels.info("command-x") shouldBe null
        CohereChatCompletionClient.create("my-fine-tune", CohereConfig.builder().baseUrl("http://127.0.0.1:9").build()).use {
            it.modelInfo.functionCalling shouldBe true
        }
    }

    test("documents need a field and a non-blank id") {
        shouldThrow<IllegalArgumentException> { CohereDocument.ofFields("d", emptyMap()) }
        shouldThrow<IllegalArgumentException> { CohereDocument.of(" ", "text") }
        CohereDocument.of("doc:0", "t").toString() shouldBe "CohereDocument(id=doc:0, fields=[text])"
    }
})

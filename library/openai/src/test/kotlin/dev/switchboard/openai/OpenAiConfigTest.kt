package dev.switchboard.openai

import dev.switchboard.CapabilityMissingException
import dev.switchboard.CreateRequest
import dev.switchboard.HttpOptions
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.TextPart
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.ktor.client.HttpClient
import io.ktor.client.engine.mock.MockEngine
import kotlinx.coroutines.runBlocking
import java.util.concurrent.atomic.AtomicInteger

class OpenAiConfigTest : FunSpec({
    val calls = AtomicInteger()
    val http = HttpClient(MockEngine { calls.incrementAndGet(); error("no network call is expected in this test") })
    val options = HttpOptions.builder().httpClient(http).maxRetries(0).build()
    afterSpec { http.close() }

    test("defaults") {
        val c = OpenAiConfig.builder().build()
        c.baseUrl shouldBe "https://api.openai.com/v1"
        c.apiKey shouldBe null
        c.providerName shouldBe "openai"
        c.useMaxCompletionTokens shouldBe null
        c.useDeveloperRole shouldBe null
        c.streamUsage shouldBe true
        c.headers shouldBe emptyMap()
        c.httpOptions shouldBe HttpOptions.DEFAULT
        c.modelInfo shouldBe null
    }

    test("every setting survives newBuilder, and the built config does not change when the builder does") {
        val info = ModelInfo.builder().functionCalling(true).family("custom").build()
        val b = OpenAiConfig.builder().apiKey("sk-abcdefghijklmnop").baseUrl("https://proxy.example.com/v1/").organization("org-1")
            .project("proj-1").header("X-A", "1").modelInfo(info).httpOptions(options).useMaxCompletionTokens(true).useDeveloperRole(false).streamUsage(false).providerName("proxy")
        val c = b.build()
        b.header("X-B", "2").apiKey("sk-other")
        c.headers shouldBe mapOf("X-A" to "1")
        c.apiKey shouldBe "sk-abcdefghijklmnop"
        c.baseUrl shouldBe "https://proxy.example.com/v1"
        val copy = c.newBuilder().build()
        copy.toString() shouldBe c.toString()
        listOf(copy.apiKey, copy.baseUrl, copy.organization, copy.project, copy.headers, copy.modelInfo, copy.httpOptions,
            copy.useMaxCompletionTokens, copy.useDeveloperRole, copy.streamUsage, copy.providerName) shouldBe
            listOf(c.apiKey, c.baseUrl, c.organization, c.project, c.headers, c.modelInfo, c.httpOptions, c.useMaxCompletionTokens, false, false, c.providerName)
    }

    test("toString masks the API key") {
        val key = "sk-proj-SECRETSECRETSECRET1234"
        val text = OpenAiConfig.builder().apiKey(key).header("api-key", "also-secret-value").build().toString()
        text shouldNotContain "SECRET"
        text shouldNotContain "1234"
        text shouldNotContain "also-secret-value"
        text shouldContain "apiKey=****"
        OpenAiConfig.builder().build().toString() shouldContain "apiKey=none"
    }

    test("the base URL must be http(s)") {
        shouldThrow<IllegalArgumentException> { OpenAiConfig.builder().baseUrl("api.openai.com/v1").build() }
            .message!! shouldContain "http://"
    }

    test("fromEnvironment reads the four OPENAI_ variables and ignores blank ones") {
        val env = mapOf(
            "OPENAI_API_KEY" to "sk-env-key-123456", "OPENAI_BASE_URL" to "https://gateway.example.com/openai/v1",
            "OPENAI_ORG_ID" to "org-env", "OPENAI_PROJECT_ID" to "proj-env",
        )
        val c = OpenAiConfig.fromEnvironment(env::get).build()
        c.apiKey shouldBe "sk-env-key-123456"
        c.baseUrl shouldBe "https://gateway.example.com/openai/v1"
        c.organization shouldBe "org-env"
        c.project shouldBe "proj-env"
        val blank = OpenAiConfig.fromEnvironment(mapOf("OPENAI_API_KEY" to " ", "OPENAI_BASE_URL" to "")::get).build()
        blank.apiKey shouldBe null
        blank.baseUrl shouldBe OpenAiConfig.DEFAULT_BASE_URL
    }

    test("no key for api.openai.com fails at client creation saying to set OPENAI_API_KEY") {
        val e = shouldThrow<IllegalArgumentException> {
            OpenAiChatCompletionClient.create("gpt-4o", OpenAiConfig.fromEnvironment { null }.httpOptions(options).build())
        }
        e.message!! shouldContain "OPENAI_API_KEY"
    }

    test("a server on another host needs no key") {
        OpenAiChatCompletionClient.create(
            "gpt-4o", OpenAiConfig.builder().baseUrl("http://127.0.0.1:9/v1").httpOptions(options).build(),
        ).use { it.modelInfo.family shouldBe ModelFamily.GPT_4O }
    }

    test("model info comes from the table (snapshots included), or the config; unknown models need one") {
        val config = OpenAiConfig.builder().apiKey("sk-test-abcdefgh").httpOptions(options).build()
        OpenAiChatCompletionClient.create("gpt-4o-2024-08-06", config).use { it.modelInfo shouldBe OpenAiModels.info("gpt-4o") }
        val e = shouldThrow<IllegalArgumentException> { OpenAiChatCompletionClient.create("my-finetune", config) }
        e.message!! shouldContain "my-finetune"
        e.message!! shouldContain "modelInfo("
        val declared = ModelInfo.builder().vision(true).family("custom").contextWindow(1000).build()
        OpenAiChatCompletionClient.create("my-finetune", config.newBuilder().modelInfo(declared).build()).use {
            it.modelInfo shouldBe declared
            it.remainingTokens(listOf(UserMessage.of("hello"))) shouldBe 1000 - dev.switchboard.TokenCounter.ESTIMATE.count(listOf(UserMessage.of("hello")), emptyList())
        }
        shouldThrow<IllegalArgumentException> { OpenAiChatCompletionClient.create(" ", config) }
    }

    test("a server other than OpenAI's takes any model: unknown ones get every capability, the family guessed") {
        val local = OpenAiConfig.builder().baseUrl("http://localhost:11434/v1").httpOptions(options).build()
        OpenAiChatCompletionClient.create("llama3.2", local).use {
            it.modelInfo shouldBe ModelInfo.ALL_CAPABILITIES.newBuilder().family(ModelFamily.LLAMA).build()
        }
        OpenAiChatCompletionClient.create("gpt-4o-mini", local).use { it.modelInfo shouldBe OpenAiModels.info("gpt-4o-mini") }
        val env = OpenAiConfig.fromEnvironment(mapOf("OPENAI_BASE_URL" to "https://gateway.example.com/v1")::get)
        OpenAiChatCompletionClient.create("my-deployment", env.httpOptions(options).build()).use {
            it.modelInfo.family shouldBe ModelFamily.UNKNOWN
        }
    }

    test("a request needing a capability the model lacks fails before any network call") {
        val config = OpenAiConfig.builder().apiKey("sk-test-abcdefgh").httpOptions(options).build()
        OpenAiChatCompletionClient.create("gpt-3.5-turbo", config).use { client ->
            val image = CreateRequest.of(UserMessage.of(TextPart("what is this?"), ImagePart(Image.fromUrl("https://example.com/x.png"))))
            runBlocking {
                shouldThrow<CapabilityMissingException> { client.create(image) }.capability shouldBe "vision"
                shouldThrow<CapabilityMissingException> {
                    client.create(createRequest { user("x"); responseFormat(dev.switchboard.ResponseFormat.jsonSchema("s", "{}")) })
                }.capability shouldBe "structured_output"
            }
        }
        calls.get() shouldBe 0
    }

    test("fromEnvironment on the client reads the environment (no key here means a clear error)") {
        if (System.getenv("OPENAI_API_KEY").isNullOrBlank() && System.getenv("OPENAI_BASE_URL").isNullOrBlank()) {
            shouldThrow<IllegalArgumentException> { OpenAiChatCompletionClient.fromEnvironment("gpt-4o") }.message!! shouldContain "OPENAI_API_KEY"
        }
    }
})

package dev.switchboard.openai

import dev.switchboard.CreateRequest
import dev.switchboard.HttpOptions
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.createRequest
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.ktor.client.HttpClient
import io.ktor.client.engine.mock.MockEngine
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject

class OpenAiCompatibleTest : FunSpec({
    val http = HttpClient(MockEngine { error("no network call is expected in this test") })
    val options = HttpOptions.builder().httpClient(http).build()
    afterSpec { http.close() }

    fun client(preset: OpenAiCompatible, model: String, env: Map<String, String>) =
        OpenAiChatCompletionClient.create(model, preset.config(env::get).httpOptions(options).build())

    test("every preset's base URL, key variable and provider name") {
        val expected = mapOf(
            OpenAiCompatible.GEMINI to Triple("https://generativelanguage.googleapis.com/v1beta/openai", "GEMINI_API_KEY", true),
            OpenAiCompatible.OPENROUTER to Triple("https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", true),
            OpenAiCompatible.GROQ to Triple("https://api.groq.com/openai/v1", "GROQ_API_KEY", true),
            OpenAiCompatible.TOGETHER to Triple("https://api.together.xyz/v1", "TOGETHER_API_KEY", true),
            OpenAiCompatible.DEEPSEEK to Triple("https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", true),
            OpenAiCompatible.MISTRAL to Triple("https://api.mistral.ai/v1", "MISTRAL_API_KEY", true),
            OpenAiCompatible.FIREWORKS to Triple("https://api.fireworks.ai/inference/v1", "FIREWORKS_API_KEY", true),
            OpenAiCompatible.LLAMA_API to Triple("https://api.llama.com/compat/v1", "LLAMA_API_KEY", true),
            OpenAiCompatible.HUGGING_FACE to Triple("https://router.huggingface.co/v1", "HF_TOKEN", true),
            OpenAiCompatible.OLLAMA to Triple("http://localhost:11434/v1", null, false),
            OpenAiCompatible.VLLM to Triple("http://localhost:8000/v1", "VLLM_API_KEY", false),
            OpenAiCompatible.LM_STUDIO to Triple("http://localhost:1234/v1", null, false),
            OpenAiCompatible.LITELLM to Triple("http://localhost:4000", "LITELLM_API_KEY", false),
            OpenAiCompatible.TGI to Triple("http://localhost:8080/v1", "HF_TOKEN", false),
            OpenAiCompatible.LLAMA_CPP to Triple("http://localhost:8080/v1", null, false),
        )
        expected.keys shouldBe OpenAiCompatible.entries.toSet()
        for ((preset, e) in expected) {
            preset.defaultBaseUrl shouldBe e.first
            preset.apiKeyVariable shouldBe e.second
            preset.requiresApiKey shouldBe e.third
            val env = e.second?.let { mapOf(it to "key-for-${preset.name}") } ?: emptyMap()
            val config = preset.config(env::get).build()
            config.baseUrl shouldBe e.first
            config.apiKey shouldBe e.second?.let { "key-for-${preset.name}" }
            config.providerName shouldBe preset.providerName
        }
        OpenAiCompatible.LM_STUDIO.providerName shouldBe "lm-studio"
        OpenAiCompatible.HUGGING_FACE.providerName shouldBe "hugging-face"
    }

    test("a hosted preset without its key fails clearly at creation, naming the variable") {
        for (preset in OpenAiCompatible.entries.filter { it.requiresApiKey }) {
            val e = shouldThrow<IllegalArgumentException> { preset.client("some-model", emptyMap<String, String>()::get) }
            e.message!! shouldContain preset.apiKeyVariable!!
            e.message!! shouldContain preset.providerName
        }
    }

    test("local presets need no key and send no Authorization header; VLLM sends one when VLLM_API_KEY is set") {
        client(OpenAiCompatible.OLLAMA, "llama3.2", emptyMap()).use { c ->
            c.config.apiKey shouldBe null
            OpenAiChatCodec.from(c.config, c.modelInfo.family).prepare("llama3.2", CreateRequest.of(dev.switchboard.UserMessage.of("x")), false).spec
                .headers.keys shouldBe emptySet()
        }
        client(OpenAiCompatible.LM_STUDIO, "qwen2.5-7b-instruct", emptyMap()).use { it.config.baseUrl shouldBe "http://localhost:1234/v1" }
        val vllm = OpenAiCompatible.VLLM.config(mapOf("VLLM_API_KEY" to "token-abc")::get).build()
        OpenAiChatCodec.from(vllm, ModelFamily.QWEN).prepare("m", CreateRequest.of(dev.switchboard.UserMessage.of("x")), false).spec
            .headers["Authorization"] shouldBe "Bearer token-abc"
    }

    test("OLLAMA_HOST is read the way Ollama reads it") {
        fun url(host: String) = OpenAiCompatible.OLLAMA.config(mapOf("OLLAMA_HOST" to host)::get).build().baseUrl
        url("gpu-box") shouldBe "http://gpu-box:11434/v1"
        url("gpu-box:9999") shouldBe "http://gpu-box:9999/v1"
        url("0.0.0.0") shouldBe "http://127.0.0.1:11434/v1"
        url("0.0.0.0:11500") shouldBe "http://127.0.0.1:11500/v1"
        url("http://gpu-box") shouldBe "http://gpu-box:80/v1"
        url("https://ollama.example.com") shouldBe "https://ollama.example.com:443/v1"
        url("https://ollama.example.com/proxy/") shouldBe "https://ollama.example.com:443/proxy/v1"
        url("[::1]:11434") shouldBe "http://[::1]:11434/v1"
        url("  ") shouldBe "http://localhost:11434/v1"
        shouldThrow<IllegalArgumentException> { url("ftp://x") }.message!! shouldContain "OLLAMA_HOST"
    }

    test("LITELLM_BASE_URL moves the LiteLLM proxy") {
        OpenAiCompatible.LITELLM.config(mapOf("LITELLM_BASE_URL" to "https://llm.internal/")::get).build().baseUrl shouldBe "https://llm.internal"
    }

    test("presets accept any model: unknown ones get every capability with the family guessed from the name") {
        val env = mapOf("GROQ_API_KEY" to "gsk_test", "OPENROUTER_API_KEY" to "sk-or-test")
        client(OpenAiCompatible.GROQ, "llama-3.3-70b-versatile", env).use {
            it.modelInfo shouldBe ModelInfo.ALL_CAPABILITIES.newBuilder().family(ModelFamily.LLAMA).build()
        }
        client(OpenAiCompatible.OPENROUTER, "openai/gpt-4o-mini", env).use { it.modelInfo shouldBe OpenAiModels.info("gpt-4o-mini") }
        client(OpenAiCompatible.OPENROUTER, "deepseek/deepseek-r1", env).use { it.modelInfo.family shouldBe ModelFamily.DEEPSEEK }
        val declared = ModelInfo.builder().functionCalling(true).family("llama").build()
        OpenAiChatCompletionClient.create(
            "llama-3.3-70b-versatile", OpenAiCompatible.GROQ.config(env::get).modelInfo(declared).httpOptions(options).build(),
        ).use { it.modelInfo shouldBe declared }
    }

    test("presets send max_tokens, even for OpenAI reasoning models behind them, unless told otherwise") {
        val env = mapOf("OPENROUTER_API_KEY" to "sk-or-test")
        fun limitField(config: OpenAiConfig, model: String): Set<String> {
            val info = OpenAiChatCompletionClient.resolveModelInfo(model, config)
            val body = OpenAiChatCodec.from(config, info.family).prepare(model, createRequest { user("x"); maxTokens(10) }, false).spec.body!!
            return (Json.parseToJsonElement(body.decodeToString()) as JsonObject).keys.filter { it.startsWith("max") }.toSet()
        }
        val config = OpenAiCompatible.OPENROUTER.config(env::get).build()
        limitField(config, "openai/o3") shouldBe setOf("max_tokens")
        limitField(config.newBuilder().useMaxCompletionTokens(true).build(), "openai/o3") shouldBe setOf("max_completion_tokens")
    }
})

package dev.switchboard.openai

import dev.switchboard.HttpOptions
import dev.switchboard.ModelFamily
import dev.switchboard.createRequest
import dev.switchboard.engine.java.JavaEngineProvider
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.serialization.json.JsonPrimitive

/** The Hugging Face router preset: its URL, token, and the provider suffix of the model id. */
class HuggingFaceRouterTest : FunSpec({
    val env = mapOf("HF_TOKEN" to "hf_test_token_123")

    test("the preset posts to router.huggingface.co/v1/chat/completions with the token as a bearer") {
        val config = OpenAiCompatible.HUGGING_FACE.config(env::get).build()
        config.baseUrl shouldBe "https://router.huggingface.co/v1"
        config.providerName shouldBe "hugging-face"
        val spec = OpenAiChatCodec.from(config, ModelFamily.LLAMA)
            .prepare("meta-llama/Llama-3.1-8B-Instruct:cerebras", createRequest { user("Hi") }, false).spec
        spec.url shouldBe "https://router.huggingface.co/v1/chat/completions"
        spec.headers["Authorization"] shouldBe "Bearer hf_test_token_123"
        config.toString() shouldNotContain "hf_test_token_123"
    }

    test("without HF_TOKEN the client fails at creation, naming the variable") {
        val e = shouldThrow<IllegalArgumentException> { InferenceProvider.CEREBRAS.client("meta-llama/Llama-3.1-8B-Instruct") { null } }
        e.message shouldContain "HF_TOKEN"
    }

    test("a provider or policy becomes the model's suffix, which the client sends as the model") {
        InferenceProvider.CEREBRAS.modelId("meta-llama/Llama-3.1-8B-Instruct") shouldBe "meta-llama/Llama-3.1-8B-Instruct:cerebras"
        InferenceProvider.FIREWORKS_AI.modelId(" openai/gpt-oss-120b ") shouldBe "openai/gpt-oss-120b:fireworks-ai"
        InferenceProvider.FASTEST.modelId("Qwen/Qwen3-8B") shouldBe "Qwen/Qwen3-8B:fastest"
        InferenceProvider.CHEAPEST.modelId("Qwen/Qwen3-8B") shouldBe "Qwen/Qwen3-8B:cheapest"
        InferenceProvider.PREFERRED.modelId("Qwen/Qwen3-8B") shouldBe "Qwen/Qwen3-8B:preferred"
        InferenceProvider.of("zai-org").modelId("zai-org/GLM-4.6") shouldBe "zai-org/GLM-4.6:zai-org"
        InferenceProvider.CEREBRAS.client("meta-llama/Llama-3.1-8B-Instruct", env::get).use { c ->
            c.model shouldBe "meta-llama/Llama-3.1-8B-Instruct:cerebras"
            c.modelInfo.family shouldBe ModelFamily.LLAMA
            c.config.baseUrl shouldBe "https://router.huggingface.co/v1"
        }
    }

    test("a loopback router receives the suffixed model and the token") {
        LoopbackOpenAiServer().use { server ->
            server.respondJson(
                """{"id":"c1","object":"chat.completion","created":1,"model":"meta-llama/Llama-3.1-8B-Instruct",""" +
                    """"choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}],""" +
                    """"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""",
                headers = mapOf("x-inference-provider" to "together"),
            )
            val config = OpenAiCompatible.HUGGING_FACE.config(env::get).baseUrl(server.baseUrl)
                .httpOptions(HttpOptions.builder().engine(JavaEngineProvider).maxRetries(0).build()).build()
            OpenAiChatCompletionClient.create(InferenceProvider.TOGETHER.modelId("meta-llama/Llama-3.1-8B-Instruct"), config).use { c ->
                c.create(createRequest { user("Hi") }).content shouldBe "Hello"
            }
            val seen = server.seen.single()
            seen.body["model"] shouldBe JsonPrimitive("meta-llama/Llama-3.1-8B-Instruct:together")
            seen.headers["authorization"] shouldBe "Bearer hf_test_token_123"
        }
    }

    test("bad provider ids and models that already name one are refused with what to do") {
        shouldThrow<IllegalArgumentException> { InferenceProvider.of("Cerebras") }.message shouldContain "lower-case"
        shouldThrow<IllegalArgumentException> { InferenceProvider.of("") }.message shouldContain "lower-case"
        shouldThrow<IllegalArgumentException> { InferenceProvider.of("a:b") }
        shouldThrow<IllegalArgumentException> { InferenceProvider.of("-groq") }
        shouldThrow<IllegalArgumentException> { InferenceProvider.GROQ.modelId("openai/gpt-oss-20b:cerebras") }.message shouldContain
            "bare model id"
        shouldThrow<IllegalArgumentException> { InferenceProvider.GROQ.modelId(" ") }.message shouldContain "blank"
        shouldThrow<IllegalArgumentException> { InferenceProvider.GROQ.modelId("a b") }.message shouldContain "whitespace"
    }

    test("providers are values: of() gives one equal to the constant") {
        InferenceProvider.of(" groq ") shouldBe InferenceProvider.GROQ
        InferenceProvider.of("groq").hashCode() shouldBe InferenceProvider.GROQ.hashCode()
        InferenceProvider.HF_INFERENCE.id shouldBe "hf-inference"
        InferenceProvider.NOVITA.toString() shouldBe "novita"
    }
})

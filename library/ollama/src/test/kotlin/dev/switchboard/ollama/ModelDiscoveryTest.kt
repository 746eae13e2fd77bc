package dev.switchboard.ollama

import dev.switchboard.BadRequestException
import dev.switchboard.ModelFamily
import dev.switchboard.ollama.internal.ShowResponseDto
import dev.switchboard.ollama.internal.WireJson
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class ModelDiscoveryTest : FunSpec({
    fun show(json: String): ShowResponseDto = WireJson.decodeFromString(ShowResponseDto.serializer(), json)

    /** The spec's example answer to /api/show (ollama-openapi.yaml), abridged to the fields read here. */
    val gemma = show(
        """{"parameters":"temperature 0.7\nnum_ctx 2048","license":"Gemma Terms of Use","capabilities":["completion","vision"],
           "modified_at":"2025-08-14T15:49:43.634137516-07:00",
           "details":{"parent_model":"","format":"gguf","family":"gemma4","families":["gemma4"],"parameter_size":"8.0B","quantization_level":"Q4_K_M"},
           "model_info":{"gemma4.attention.head_count":8,"gemma4.context_length":131072,"general.architecture":"gemma4","general.file_type":15,
             "tokenizer.ggml.merges":null}}""",
    )

    test("capabilities become vision and function calling; JSON and schemas are always possible") {
        val info = ModelDiscovery.toModelInfo(gemma, "gemma4", null)
        info.vision shouldBe true
        info.functionCalling shouldBe false
        info.jsonOutput shouldBe true
        info.structuredOutput shouldBe true
        info.family shouldBe ModelFamily.of("gemma4")
        info.maxOutputTokens shouldBe null
        ModelDiscovery.toModelInfo(show("""{"capabilities":["completion","tools","thinking"]}"""), "qwen3", null).functionCalling shouldBe true
    }

    test("the context window is the configured num_ctx, else the Modelfile's, capped at the trained length") {
        ModelDiscovery.toModelInfo(gemma, "gemma4", null).contextWindow shouldBe 2048
        ModelDiscovery.toModelInfo(gemma, "gemma4", 32768).contextWindow shouldBe 32768
        ModelDiscovery.toModelInfo(gemma, "gemma4", 1_000_000).contextWindow shouldBe 131072
        val noParams = show("""{"capabilities":["completion"],"model_info":{"general.architecture":"llama","llama.context_length":8192}}""")
        ModelDiscovery.toModelInfo(noParams, "llama3", null).contextWindow shouldBe 8192
        ModelDiscovery.toModelInfo(show("""{"capabilities":["completion"]}"""), "m", null).contextWindow shouldBe null
    }

    test("an older server without capabilities: vision from the projector, tools from the template") {
        // The api.md example (llava), without capabilities.
        val llava = show(
            """{"parameters":"num_keep 24\nstop \"<|eot_id|>\"","template":"{{ .System }} USER: {{ .Prompt }}",
               "details":{"family":"llama","families":["llama","clip"]},"model_info":{"general.architecture":"llama","llama.context_length":8192}}""",
        )
        val info = ModelDiscovery.toModelInfo(llava, "llava", null)
        info.vision shouldBe true
        info.functionCalling shouldBe false
        info.contextWindow shouldBe 8192
        info.family shouldBe ModelFamily.LLAMA
        val tools = show("""{"template":"{{ if .Tools }}tools{{ end }}","projector_info":{}}""")
        ModelDiscovery.toModelInfo(tools, "x", null).functionCalling shouldBe true
        ModelDiscovery.toModelInfo(tools, "x", null).vision shouldBe false
    }

    test("a model that cannot chat is refused at discovery") {
        val e = shouldThrow<BadRequestException> { ModelDiscovery.toModelInfo(show("""{"capabilities":["embedding"]}"""), "nomic-embed-text", null) }
        e.message!! shouldBe "Ollama model 'nomic-embed-text' cannot chat (its capabilities are [embedding]): use a chat model"
    }

    test("families from model and architecture names") {
        val cases = mapOf(
            "llama3.2:latest" to ModelFamily.LLAMA,
            "qwen3:8b" to ModelFamily.QWEN,
            "qwen2" to ModelFamily.QWEN,
            "mistral-nemo" to ModelFamily.MISTRAL,
            "hf.co/bartowski/Mistral-7B-GGUF:Q4_K_M" to ModelFamily.MISTRAL,
            "deepseek-r1:14b" to ModelFamily.DEEPSEEK,
            "gemma3" to ModelFamily.of("gemma3"),
            "" to ModelFamily.UNKNOWN,
        )
        for ((name, family) in cases) withClue(name) { ModelDiscovery.familyOf(name) shouldBe family }
    }
})

package dev.switchboard.openai

import dev.switchboard.ModelFamily
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class OpenAiModelsTest : FunSpec({
    test("the listed models are all known, with their families") {
        val families = mapOf(
            "gpt-5" to ModelFamily.GPT_5, "gpt-5-mini" to ModelFamily.GPT_5, "gpt-5-nano" to ModelFamily.GPT_5,
            "gpt-4.1" to ModelFamily.GPT_41, "gpt-4.1-mini" to ModelFamily.GPT_41, "gpt-4.1-nano" to ModelFamily.GPT_41,
            "gpt-4o" to ModelFamily.GPT_4O, "gpt-4o-mini" to ModelFamily.GPT_4O, "o1" to ModelFamily.O1, "o3" to ModelFamily.O3,
            "o3-mini" to ModelFamily.O3, "o4-mini" to ModelFamily.O4, "gpt-4-turbo" to ModelFamily.GPT_4,
            "gpt-3.5-turbo" to ModelFamily.GPT_35,
        )
        for ((model, family) in families) OpenAiModels.info(model)!!.family shouldBe family
    }

    test("capabilities and limits of a few models") {
        OpenAiModels.info("gpt-4o")!!.let {
            listOf(it.vision, it.functionCalling, it.jsonOutput, it.structuredOutput) shouldBe listOf(true, true, true, true)
            it.contextWindow shouldBe 128_000
            it.maxOutputTokens shouldBe 16_384
        }
        OpenAiModels.info("gpt-4.1")!!.contextWindow shouldBe 1_047_576
        OpenAiModels.info("gpt-5")!!.contextWindow shouldBe 400_000
        OpenAiModels.info("o3-mini")!!.vision shouldBe false
        OpenAiModels.info("gpt-3.5-turbo")!!.let {
            it.vision shouldBe false
            it.structuredOutput shouldBe false
            it.contextWindow shouldBe 16_385
        }
    }

    test("dated snapshots match their model; the longest entry wins; names must continue with '-'") {
        OpenAiModels.info("gpt-4o-2024-08-06") shouldBe OpenAiModels.info("gpt-4o")
        OpenAiModels.info("gpt-4o-mini-2024-07-18") shouldBe OpenAiModels.info("gpt-4o-mini")
        OpenAiModels.info("gpt-4o-2024-05-13")!!.structuredOutput shouldBe false
        OpenAiModels.info("o1-mini-2024-09-12")!!.functionCalling shouldBe false
        OpenAiModels.info("o1-2024-12-17")!!.functionCalling shouldBe true
        OpenAiModels.info("gpt-4-turbo-preview")!!.vision shouldBe false
        OpenAiModels.info("gpt-4-turbo-2024-04-09")!!.vision shouldBe true
        OpenAiModels.info("gpt-4-0613")!!.contextWindow shouldBe 8_192
        OpenAiModels.info("GPT-4o") shouldBe OpenAiModels.info("gpt-4o")
        OpenAiModels.info("gpt-4.5-preview") shouldBe null
        OpenAiModels.info("gpt-4oo") shouldBe null
        OpenAiModels.info("o30") shouldBe null
        OpenAiModels.info("llama3") shouldBe null
    }

    test("reasoning families are recognised for max_completion_tokens") {
        for (m in listOf("o1", "o3", "o3-mini", "o4-mini", "gpt-5", "gpt-5-nano")) OpenAiModels.info(m)!!.family.isOpenAiReasoning shouldBe true
        for (m in listOf("gpt-4o", "gpt-4.1", "gpt-4-turbo", "gpt-3.5-turbo")) OpenAiModels.info(m)!!.family.isOpenAiReasoning shouldBe false
    }

    test("families guessed from names of models served elsewhere") {
        OpenAiModels.familyOf("openai/gpt-4o") shouldBe ModelFamily.GPT_4O
        OpenAiModels.familyOf("meta-llama/Llama-3.3-70B-Instruct") shouldBe ModelFamily.LLAMA
        OpenAiModels.familyOf("llama3.2") shouldBe ModelFamily.LLAMA
        OpenAiModels.familyOf("gemini-2.5-flash") shouldBe ModelFamily.GEMINI
        OpenAiModels.familyOf("anthropic/claude-sonnet-4") shouldBe ModelFamily.CLAUDE
        OpenAiModels.familyOf("mistral-large-latest") shouldBe ModelFamily.MISTRAL
        OpenAiModels.familyOf("magistral-medium-2507") shouldBe ModelFamily.MISTRAL
        OpenAiModels.familyOf("deepseek-chat") shouldBe ModelFamily.DEEPSEEK
        OpenAiModels.familyOf("Qwen/Qwen2.5-72B-Instruct") shouldBe ModelFamily.QWEN
        OpenAiModels.familyOf("phi-4") shouldBe ModelFamily.UNKNOWN
    }
})

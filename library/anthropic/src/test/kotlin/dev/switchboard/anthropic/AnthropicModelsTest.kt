package dev.switchboard.anthropic

import dev.switchboard.ModelFamily
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class AnthropicModelsTest : FunSpec({
    test("current Claude models with their windows and output limits; snapshots and aliases match their model") {
        data class Row(val name: String, val context: Int, val output: Int, val vision: Boolean, val native: Boolean, val thinking: Boolean)
        listOf(
            Row("claude-opus-4-6", 1_000_000, 128_000, true, true, true),
            Row("claude-sonnet-4-6", 1_000_000, 128_000, true, true, true),
            Row("claude-opus-4-5-20251101", 200_000, 64_000, true, true, true),
            Row("claude-sonnet-4-5-20250929", 200_000, 64_000, true, true, true),
            Row("claude-haiku-4-5", 200_000, 64_000, true, true, true),
            Row("claude-opus-4-1-20250805", 200_000, 32_000, true, false, true),
            Row("claude-opus-4-20250514", 200_000, 32_000, true, false, true),
            Row("claude-opus-4-0", 200_000, 32_000, true, false, true),
            Row("claude-4-opus-20250514", 200_000, 32_000, true, false, true),
            Row("claude-sonnet-4-20250514", 200_000, 64_000, true, false, true),
            Row("claude-sonnet-4-0", 200_000, 64_000, true, false, true),
            Row("claude-3-7-sonnet-latest", 200_000, 64_000, true, false, true),
            Row("claude-3-5-haiku-20241022", 200_000, 8_192, false, false, false),
            Row("claude-3-opus-20240229", 200_000, 4_096, true, false, false),
            Row("claude-3-haiku-20240307", 200_000, 4_096, true, false, false),
        ).forEach { row ->
            withClue(row.name) {
                val info = AnthropicModels.info(row.name)!!
                info.contextWindow shouldBe row.context
                info.maxOutputTokens shouldBe row.output
                info.vision shouldBe row.vision
                info.functionCalling shouldBe true
                info.jsonOutput shouldBe true
                info.structuredOutput shouldBe true
                info.family shouldBe ModelFamily.CLAUDE
                AnthropicModels.hasNativeStructuredOutput(row.name) shouldBe row.native
                AnthropicModels.supportsThinking(row.name) shouldBe row.thinking
            }
        }
    }

    test("names the table does not know: no info, no native structured output, thinking unknown") {
        AnthropicModels.info("claude-opus-4-10") shouldBe null
        AnthropicModels.info("gpt-4o") shouldBe null
        AnthropicModels.info("claude-opus-45") shouldBe null
        AnthropicModels.hasNativeStructuredOutput("claude-next") shouldBe false
        AnthropicModels.supportsThinking("claude-next") shouldBe null
    }

    test("the default output limit is the model's, at most 32,000") {
        AnthropicModels.defaultMaxTokens(AnthropicModels.info("claude-3-haiku")!!) shouldBe 4_096
        AnthropicModels.defaultMaxTokens(AnthropicModels.info("claude-sonnet-4-5")!!) shouldBe 32_000
    }
})

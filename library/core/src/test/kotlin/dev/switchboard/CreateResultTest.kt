package dev.switchboard

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class CreateResultTest : FunSpec({
    val usage = RequestUsage(3, 4)
    val call = FunctionCall("c1", "weather", """{"city":"Oslo"}""")

    test("the result's properties describe the first choice") {
        val result = CreateResult(
            listOf(
                Choice(0, FinishReason.TOOL_CALLS, "tool_calls", "first", listOf(call), thought = "think"),
                Choice(1, FinishReason.STOP, "stop", "second"),
            ),
            usage,
        )
        result.content shouldBe "first"
        result.finishReason shouldBe FinishReason.TOOL_CALLS
        result.rawFinishReason shouldBe "tool_calls"
        result.toolCalls shouldBe listOf(call)
        result.hasToolCalls shouldBe true
        result.thought shouldBe "think"
        result.cached shouldBe false
        result.asCached().cached shouldBe true
    }

    test("toAssistantMessage keeps text, tool calls and thought") {
        val result = CreateResult(listOf(Choice(0, FinishReason.TOOL_CALLS, "tool_calls", "Checking.", listOf(call), thought = "t")), usage)
        result.toAssistantMessage() shouldBe AssistantMessage("Checking.", listOf(call), "t")
        val toolsOnly = CreateResult(listOf(Choice(0, FinishReason.TOOL_CALLS, "tool_calls", null, listOf(call))), usage)
        toolsOnly.toAssistantMessage() shouldBe AssistantMessage.ofToolCalls(listOf(call))
    }

    test("toAssistantMessage carries the provider's reasoning blocks, even when they are all the answer has") {
        val blocks = listOf(ThoughtBlock.signed("step one", "sig-a"), ThoughtBlock.redacted("opaque"))
        val result = CreateResult(
            listOf(Choice(0, FinishReason.TOOL_CALLS, "tool_use", null, listOf(call), thought = "step one", thoughtBlocks = blocks)),
            usage,
        )
        result.thoughtBlocks shouldBe blocks
        result.toAssistantMessage() shouldBe AssistantMessage(null, listOf(call), "step one", thoughtBlocks = blocks)
        val redactedOnly = CreateResult(listOf(Choice(0, FinishReason.STOP, "end_turn", null, thoughtBlocks = blocks.drop(1))), usage)
        redactedOnly.toAssistantMessage().thoughtBlocks shouldBe blocks.drop(1)
        redactedOnly.toAssistantMessage().content shouldBe null
    }

    test("a thought block's toString shows the sizes of its signature and redacted data, not their text") {
        val signature = "s".repeat(300)
        ThoughtBlock.signed("why", signature).toString() shouldBe "ThoughtBlock(text=why, signature=300 chars)"
        ThoughtBlock.redacted("d".repeat(50)).toString() shouldBe "ThoughtBlock(redacted, 50 chars)"
        ThoughtBlock.redacted("x").isRedacted shouldBe true
        ThoughtBlock("plain").isRedacted shouldBe false
    }

    test("cache markers ride on messages and tools, and a TTL must be positive") {
        val marker = CacheMarker.withTtl(java.time.Duration.ofHours(1))
        SystemMessage.of("s").withCache(marker).cache shouldBe marker
        UserMessage.of("u").withCache(CacheMarker.DEFAULT).cache shouldBe CacheMarker.DEFAULT
        AssistantMessage.of("a").withCache(marker).withCache(null).cache shouldBe null
        ToolResultMessage.of(FunctionExecutionResult.of("c", "t", "r")).withCache(marker).cache shouldBe marker
        Tool.withoutParameters("t", null).withCache(marker).cache shouldBe marker
        shouldThrow<IllegalArgumentException> { CacheMarker.withTtl(java.time.Duration.ZERO) }
    }

    test("toAssistantMessage carries a refusal as the text, and an empty answer as empty text") {
        val refused = CreateResult(listOf(Choice(0, FinishReason.REFUSAL, "refusal", null, refusal = "No.")), usage)
        refused.toAssistantMessage() shouldBe AssistantMessage.of("No.")
        val empty = CreateResult(listOf(Choice(0, FinishReason.CONTENT_FILTER, "content_filter", null)), usage)
        empty.toAssistantMessage() shouldBe AssistantMessage.of("")
    }

    test("ofText builds a single-choice result; a result needs a choice") {
        val r = CreateResult.ofText("hi", FinishReason.LENGTH, usage)
        r.choices.size shouldBe 1
        r.content shouldBe "hi"
        r.rawFinishReason shouldBe "length"
        r.usage shouldBe usage
        shouldThrow<IllegalArgumentException> { CreateResult(emptyList(), usage) }.message shouldBe "A CreateResult needs at least one choice"
    }
})

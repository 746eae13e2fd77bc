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

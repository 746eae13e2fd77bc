package dev.switchboard.llamacpp

import dev.switchboard.AssistantMessage
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.SystemMessage
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.llamacpp.internal.ChatPrompt
import dev.switchboard.llamacpp.internal.StopMatcher
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

/** The conversation as llama.cpp's template renderer gets it, and stop sequences found across token boundaries. */
class ChatPromptAndStopsTest : FunSpec({
    fun turns(json: String) = Json.parseToJsonElement(json).jsonObject.getValue("messages").jsonArray.map {
        it.jsonObject.getValue("role").jsonPrimitive.content to it.jsonObject.getValue("content").jsonPrimitive.content
    }

    test("system, user and assistant turns keep their roles; tool calls and results become the JSON protocol and user turns") {
        val call = FunctionCall("call_1", "get_weather", """{"city":"Oslo"}""")
        val json = ChatPrompt.json(
            listOf(
                SystemMessage("Be brief."), UserMessage.of("Weather?"), AssistantMessage(toolCalls = listOf(call)),
                ToolResultMessage(listOf(FunctionExecutionResult.of("call_1", "get_weather", "sunny"))), AssistantMessage("Sunny."),
            ),
            toolInstructions = "TOOLS",
        )
        turns(json) shouldBe listOf(
            "system" to "Be brief.\n\nTOOLS",
            "user" to "Weather?",
            "assistant" to """{"tool_calls":[{"name":"get_weather","arguments":{"city":"Oslo"}}]}""",
            "user" to "Result of tool call call_1 (get_weather): sunny",
            "assistant" to "Sunny.",
        )
        Json.parseToJsonElement(json).jsonObject.getValue("add_generation_prompt").jsonPrimitive.content shouldBe "true"
    }

    test("without a system message the tool instructions make one, first") {
        turns(ChatPrompt.json(listOf(UserMessage.of("hi")), "TOOLS")) shouldBe listOf("system" to "TOOLS", "user" to "hi")
    }

    test("a stop sequence split across pieces is held back and never released; text before it is") {
        val m = StopMatcher(listOf("END", "##"))
        m.feed("abc E") shouldBe "abc "
        m.feed("N") shouldBe ""
        m.feed("Dzzz") shouldBe ""
        m.hit shouldBe "END"
        val n = StopMatcher(listOf("END"))
        n.feed("xE") shouldBe "x"
        n.feed("x") shouldBe "Ex"
        n.feed("E") shouldBe ""
        n.flush() shouldBe "E"
        n.hit shouldBe null
    }
})

package dev.switchboard.ollama

import dev.switchboard.AssistantMessage
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.LlmMessage
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.Tool
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage

/**
 * Tools and a conversation that use every message shape Ollama takes: [OllamaRequestEncoderTest] pins the
 * JSON they encode to, and [OllamaSpecConformanceTest] checks that Ollama's spec accepts it.
 */
internal object RequestShapes {
    val weather: Tool = Tool.of(
        "get_weather", "Weather in a city",
        """{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["c","f"]}},"required":["city","unit"]}""",
    )

    val clock: Tool = Tool.withoutParameters("now", "The current time")

    /** The first 16 bytes of a PNG file; base64 `iVBORw0KGgoAAAANSUhEUg==`. */
    val png: ByteArray = byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52)

    /**
     * System; a user turn with two text parts and two inline images (one from a data: URI); an assistant turn
     * with text, reasoning and two tool calls; their results (one with no tool name, found from its call); a
     * turn of tool calls only and its result; a user turn.
     */
    val conversation: List<LlmMessage> = listOf(
        SystemMessage("Be brief"),
        UserMessage(
            listOf(
                TextPart("What is in these pictures?"),
                ImagePart(Image.fromBytes(png, "image/png")),
                TextPart("And what is the weather?"),
                ImagePart(Image.fromUrl("data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==")),
            ),
        ),
        AssistantMessage(
            "Let me check",
            listOf(FunctionCall("call_1", "get_weather", """{"city":"Paris","unit":"c"}"""), FunctionCall("call_2", "now", "")),
            thought = "Two tools will do.",
        ),
        ToolResultMessage.of(FunctionExecutionResult.of("call_1", "get_weather", "18C"), FunctionExecutionResult.of("call_2", null, "12:00")),
        AssistantMessage.ofToolCalls(listOf(FunctionCall("call_3", "get_weather", """{"city":"Rome","unit":"c"}"""))),
        ToolResultMessage.of(FunctionExecutionResult.of("call_3", null, "25C")),
        AssistantMessage.of("18C in Paris, 25C in Rome."),
        UserMessage.of("Thanks. Now as JSON."),
    )
}

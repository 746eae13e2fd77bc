package dev.switchboard.openai

import dev.switchboard.AssistantMessage
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.Image
import dev.switchboard.ImageDetail
import dev.switchboard.ImagePart
import dev.switchboard.LlmMessage
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.Tool
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage

/**
 * Tools and a conversation that use every message shape: [ChatRequestEncoderTest] pins the JSON they
 * encode to, and [OpenAiSpecConformanceTest] checks that OpenAI's spec accepts it.
 */
internal object RequestShapes {
    val weather: Tool = Tool.of(
        "get_weather", "Weather in a city",
        """{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["c","f"]}},"required":["city","unit"],"additionalProperties":false}""",
        strict = true,
    )

    val clock: Tool = Tool.withoutParameters("now", "The current time")

    /** The first 16 bytes of a PNG file; base64 `iVBORw0KGgoAAAANSUhEUg==`. */
    val png: ByteArray = byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52)

    /**
     * System, a named user with text and three images (URL, inline at low detail, URL at high detail),
     * an assistant turn with text and two tool calls, their results (one failed), a turn of tool calls
     * only and its result, a turn of reasoning only, a named turn with text and reasoning, and a user turn.
     */
    val conversation: List<LlmMessage> = listOf(
        SystemMessage("Be brief"),
        UserMessage(
            listOf(
                TextPart("What is in these pictures, and what is the weather?"),
                ImagePart(Image.fromUrl("https://example.com/a.png")),
                ImagePart(Image.fromBytes(png, "image/png", ImageDetail.LOW)),
                ImagePart(Image.fromUrl("https://example.com/b.jpg", ImageDetail.HIGH)),
            ),
            name = "alice",
        ),
        AssistantMessage("Let me check", listOf(FunctionCall("call_1", "get_weather", """{"city":"Paris","unit":"c"}"""), FunctionCall("call_2", "now", "{}"))),
        ToolResultMessage.of(FunctionExecutionResult.of("call_1", "get_weather", "18C"), FunctionExecutionResult.error("call_2", "now", "clock broken")),
        AssistantMessage.ofToolCalls(listOf(FunctionCall("call_3", "get_weather", """{"city":"Rome","unit":"c"}"""))),
        ToolResultMessage.of(FunctionExecutionResult.of("call_3", "get_weather", "25C")),
        AssistantMessage(content = null, thought = "a thought only"),
        AssistantMessage("It is 18C in Paris.", thought = "hidden reasoning", name = "bot"),
        UserMessage.of("Thanks. Now as JSON."),
    )
}

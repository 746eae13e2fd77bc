package dev.switchboard.anthropic

import dev.switchboard.AssistantMessage
import dev.switchboard.CacheMarker
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.Image
import dev.switchboard.ImageDetail
import dev.switchboard.ImagePart
import dev.switchboard.LlmMessage
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.ThoughtBlock
import dev.switchboard.Tool
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import java.time.Duration

/**
 * Tools and a conversation that use every message shape: [MessagesRequestEncoderTest] pins the JSON they
 * encode to and checks it against Anthropic's spec.
 */
internal object RequestShapes {
    val weather: Tool = Tool.of(
        "get_weather", "Weather in a city",
        """{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["c","f"]}},"required":["city","unit"],"additionalProperties":false}""",
        strict = true,
    ).withCache(CacheMarker.DEFAULT)

    val clock: Tool = Tool.withoutParameters("now", "The current time")

    /** The first 16 bytes of a PNG file; base64 `iVBORw0KGgoAAAANSUhEUg==`. */
    val png: ByteArray = byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52)

    /**
     * Two system messages (the second cached for an hour), a named user with text and two images (URL at
     * high detail, inline), an assistant turn with signed and redacted reasoning, text and two tool calls,
     * their results (one failed, cached) followed by a user's text in the same turn, a turn of a tool call
     * without arguments, its result, an empty answer (left out), a turn with unsigned reasoning only (left
     * out but for its text), and a last user turn.
     */
    val conversation: List<LlmMessage> = listOf(
        SystemMessage("Be brief"),
        SystemMessage("Answer in English", CacheMarker.withTtl(Duration.ofHours(1))),
        UserMessage(
            listOf(
                TextPart("What is in these pictures, and what is the weather?"),
                ImagePart(Image.fromUrl("https://example.com/a.png", ImageDetail.HIGH)),
                ImagePart(Image.fromBytes(png, "image/png")),
            ),
            name = "alice",
        ),
        AssistantMessage(
            "Let me check",
            listOf(FunctionCall("toolu_1", "get_weather", """{"city":"Paris","unit":"c"}"""), FunctionCall("toolu_2", "now", "")),
            thought = "I should look",
            thoughtBlocks = listOf(ThoughtBlock.signed("I should look", "c2lnLTE="), ThoughtBlock.redacted("cmVkYWN0ZWQ=")),
        ),
        ToolResultMessage(
            listOf(FunctionExecutionResult.of("toolu_1", "get_weather", "18C"), FunctionExecutionResult.error("toolu_2", "now", "clock broken")),
            CacheMarker.DEFAULT,
        ),
        UserMessage.of("And in Rome?"),
        AssistantMessage.ofToolCalls(listOf(FunctionCall("toolu_3", "now", "{}"))),
        ToolResultMessage.of(FunctionExecutionResult.of("toolu_3", "now", "")),
        AssistantMessage(""),
        UserMessage.of("Thanks."),
        AssistantMessage("It is noon.", thought = "unsigned reasoning from elsewhere", thoughtBlocks = listOf(ThoughtBlock("unsigned"))),
        UserMessage.of("Now as JSON."),
    )

    /** The `system` and `messages` [conversation] encodes to. */
    const val CONVERSATION_JSON: String = """{
      "system": [
        {"type":"text","text":"Be brief"},
        {"type":"text","text":"Answer in English","cache_control":{"type":"ephemeral","ttl":"1h"}}
      ],
      "messages": [
        {"role":"user","content":[
          {"type":"text","text":"What is in these pictures, and what is the weather?"},
          {"type":"image","source":{"type":"url","url":"https://example.com/a.png"}},
          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgoAAAANSUhEUg=="}}
        ]},
        {"role":"assistant","content":[
          {"type":"thinking","thinking":"I should look","signature":"c2lnLTE="},
          {"type":"redacted_thinking","data":"cmVkYWN0ZWQ="},
          {"type":"text","text":"Let me check"},
          {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris","unit":"c"}},
          {"type":"tool_use","id":"toolu_2","name":"now","input":{}}
        ]},
        {"role":"user","content":[
          {"type":"tool_result","tool_use_id":"toolu_1","content":"18C"},
          {"type":"tool_result","tool_use_id":"toolu_2","content":"clock broken","is_error":true,"cache_control":{"type":"ephemeral"}},
          {"type":"text","text":"And in Rome?"}
        ]},
        {"role":"assistant","content":[{"type":"tool_use","id":"toolu_3","name":"now","input":{}}]},
        {"role":"user","content":[
          {"type":"tool_result","tool_use_id":"toolu_3"},
          {"type":"text","text":"Thanks."}
        ]},
        {"role":"assistant","content":[{"type":"text","text":"It is noon."}]},
        {"role":"user","content":[{"type":"text","text":"Now as JSON."}]}
      ]
    }"""
}

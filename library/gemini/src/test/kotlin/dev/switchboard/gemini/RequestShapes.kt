package dev.switchboard.gemini

import dev.switchboard.AssistantMessage
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.LlmMessage
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.ThoughtBlock
import dev.switchboard.Tool
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage

/** Tools and a conversation that use every message shape: the encoder test pins their JSON, the Prism test checks it against the spec. */
internal object RequestShapes {
    val weather: Tool = Tool.of(
        "get_weather", "Weather in a city",
        """{"type":"object","properties":{"city":{"type":"string","description":"The city"},"unit":{"type":["string","null"],"enum":["c","f"]},""" +
            """"days":{"type":"array","items":{"type":"integer","minimum":1},"maxItems":7}},"required":["city"],"additionalProperties":false}""",
    )

    val clock: Tool = Tool.withoutParameters("now", "The current time")

    /** The first 16 bytes of a PNG file; base64 `iVBORw0KGgoAAAANSUhEUg==`. */
    val png: ByteArray = byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52)

    /**
     * Two system messages, a user with text, a Files API image and an inline one, a model turn with a signed thought,
     * a redacted block (not sent), signed text and two calls (the first signed), their results (one a JSON object, one
     * failed, one named only by its call) followed by user text in the same turn, an empty answer (left out), a last question.
     */
    val conversation: List<LlmMessage> = listOf(
        SystemMessage("Be brief"),
        SystemMessage("Answer in English"),
        UserMessage(
            listOf(
                TextPart("What is in these pictures, and what is the weather?"),
                ImagePart(Image.fromUrl("https://generativelanguage.googleapis.com/v1beta/files/abc-123.png")),
                ImagePart(Image.fromBytes(png, "image/png")),
            ),
        ),
        AssistantMessage(
            "Let me check",
            listOf(FunctionCall("call_r_0", "get_weather", """{"city":"Paris"}""", "c2lnLWNhbGw="), FunctionCall("call_r_1", "now", "")),
            thought = "I should look",
            thoughtBlocks = listOf(ThoughtBlock.signed("I should look", "c2lnLTE="), ThoughtBlock.redacted("cmVkYWN0ZWQ="), ThoughtBlock("", "c2lnLXRleHQ=")),
        ),
        ToolResultMessage(
            listOf(
                FunctionExecutionResult.of("call_r_0", "get_weather", """{"celsius":18}"""),
                FunctionExecutionResult.error("call_r_1", null, "clock broken"),
            ),
        ),
        UserMessage.of("And in Rome?"),
        AssistantMessage(""),
        UserMessage.of("Thanks. As text, please."),
    )

    /** What [conversation] encodes to. */
    const val CONVERSATION_JSON: String = """{
      "contents": [
        {"role":"user","parts":[
          {"text":"What is in these pictures, and what is the weather?"},
          {"fileData":{"mimeType":"image/png","fileUri":"https://generativelanguage.googleapis.com/v1beta/files/abc-123.png"}},
          {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgoAAAANSUhEUg=="}}
        ]},
        {"role":"model","parts":[
          {"text":"I should look","thought":true,"thoughtSignature":"c2lnLTE="},
          {"text":"Let me check","thoughtSignature":"c2lnLXRleHQ="},
          {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"c2lnLWNhbGw="},
          {"functionCall":{"name":"now","args":{}}}
        ]},
        {"role":"user","parts":[
          {"functionResponse":{"name":"get_weather","response":{"celsius":18}}},
          {"functionResponse":{"name":"now","response":{"error":"clock broken"}}},
          {"text":"And in Rome?"},
          {"text":"Thanks. As text, please."}
        ]}
      ],
      "systemInstruction": {"parts":[{"text":"Be brief"},{"text":"Answer in English"}]}
    }"""
}

package dev.switchboard.llamacpp.internal

import dev.switchboard.AssistantMessage
import dev.switchboard.BadRequestException
import dev.switchboard.DocumentPart
import dev.switchboard.LlmMessage
import dev.switchboard.SystemMessage
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * The conversation as the JSON llama.cpp's chat-template renderer reads (`{"messages": [{"role", "content"}]}`), to be
 * rendered with the model's own template from its metadata.
 *
 * Only the roles every template knows are used: `system`, `user` and `assistant`. An assistant turn that called tools
 * is written as the JSON this client constrained the model to produce ([ToolConstraint]); a tool result is written as a
 * user turn naming the call, since templates differ in whether (and how) they take a `tool` role. [toolInstructions],
 * when given, end the first system message (or make one).
 */
internal object ChatPrompt {
    fun json(messages: List<LlmMessage>, toolInstructions: String?): String {
        val turns = ArrayList<JsonObject>()
        var instructionsPlaced = toolInstructions == null
        for (m in messages) {
            when (m) {
                is SystemMessage -> {
                    val text = if (!instructionsPlaced) m.content + "\n\n" + toolInstructions else m.content
                    instructionsPlaced = true
                    turns += turn("system", text)
                }
                is UserMessage -> {
                    m.content.firstOrNull { it is DocumentPart }?.let {
                        throw BadRequestException(
                            "A llama.cpp model reads text only, so the document ${(it as DocumentPart).document} cannot be " +
                                "sent: extract its text and send it as a TextPart",
                            LlamaCppNames.PROVIDER, 0,
                        )
                    }
                    turns += turn("user", m.text)
                }
                is AssistantMessage -> turns += turn("assistant", if (m.toolCalls.isEmpty()) m.content ?: "" else ToolConstraint.renderCalls(m.toolCalls))
                is ToolResultMessage -> turns += turn("user", m.results.joinToString("\n") { r ->
                    "Result of tool call ${r.callId}" + (r.name?.let { " ($it)" } ?: "") +
                        (if (r.isError) " (failed)" else "") + ": " + r.content
                })
            }
        }
        if (!instructionsPlaced) turns.add(0, turn("system", toolInstructions!!))
        return buildJsonObject {
            put("messages", JsonArray(turns))
            put("add_generation_prompt", true)
        }.toString()
    }

    private fun turn(role: String, content: String): JsonObject = buildJsonObject {
        put("role", role)
        put("content", JsonPrimitive(content))
    }
}

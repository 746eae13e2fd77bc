package dev.switchboard.events

import dev.switchboard.AssistantMessage
import dev.switchboard.CreateResult
import dev.switchboard.FunctionCall
import dev.switchboard.DocumentPart
import dev.switchboard.ImagePart
import dev.switchboard.LlmMessage
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.spi.HttpErrors

/**
 * The messages and answers of a call as an event quotes them (only when the user opted in): compact lines, an
 * image as `[image]` (never its bytes or URL, which may be signed), a document as `[document <name>]` (never its
 * content), and known key shapes redacted.
 */
internal object CallContent {
    fun messages(messages: List<LlmMessage>): String = HttpErrors.redact(
        messages.joinToString("\n") { m ->
            when (m) {
                is SystemMessage -> "system: ${m.content}"
                is UserMessage -> "user: " + m.content.joinToString("") { p ->
                    when (p) {
                        is TextPart -> p.text
                        is ImagePart -> "[image]"
                        is DocumentPart -> "[document ${p.document.name}]"
                    }
                }
                is AssistantMessage -> "assistant: " + listOfNotNull(m.content, calls(m.toolCalls)).joinToString(" ")
                is ToolResultMessage -> "tool: " + m.results.joinToString("; ") { "${it.callId} -> ${it.content}" }
            }
        },
    )

    fun result(result: CreateResult): String =
        HttpErrors.redact(listOfNotNull(result.content, calls(result.toolCalls)).joinToString(" "))

    private fun calls(calls: List<FunctionCall>): String? =
        if (calls.isEmpty()) null else calls.joinToString(" ") { "${it.name}(${it.arguments})" }
}

package dev.switchboard.opentelemetry

import dev.switchboard.AssistantMessage
import dev.switchboard.DocumentPart
import dev.switchboard.CreateResult
import dev.switchboard.FunctionCall
import dev.switchboard.ImagePart
import dev.switchboard.LlmMessage
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.spi.HttpErrors
import kotlinx.serialization.json.JsonArrayBuilder
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.addJsonObject
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray

/**
 * The conversation and the answer as the conventions' `gen_ai.input.messages` and `gen_ai.output.messages`: JSON
 * text after their input and output messages schemas (roles, and parts of type `text`, `reasoning`, `tool_call`,
 * `tool_call_response`, `uri` and `blob`).
 *
 * Every piece of text (message text, reasoning, tool arguments and results, names, image URLs) goes through
 * [HttpErrors.redact] before it is written, one value at a time, so that known key shapes and credential-named
 * fields never reach a span and the JSON stays whole. Image URLs lose their query and fragment, where signed URLs
 * keep their signature; inline image bytes are written as the schema's base64 blob, as they are.
 */
internal object GenAiMessages {
    /** [messages] as `gen_ai.input.messages`, in the order they are sent. */
    fun input(messages: List<LlmMessage>): String = buildJsonArray {
        for (message in messages) {
            addJsonObject {
                when (message) {
                    is SystemMessage -> {
                        put("role", "system")
                        putJsonArray("parts") { text(message.content) }
                    }
                    is UserMessage -> {
                        put("role", "user")
                        message.name?.let { put("name", redact(it)) }
                        putJsonArray("parts") {
                            for (part in message.content) {
                                when (part) {
                                    is TextPart -> text(part.text)
                                    is ImagePart -> image(part)
                                    is DocumentPart -> part("blob") {
                                        put("modality", "document")
                                        put("mime_type", part.document.mediaType)
                                        put("content", part.document.base64())
                                    }
                                }
                            }
                        }
                    }
                    is AssistantMessage -> {
                        put("role", "assistant")
                        message.name?.let { put("name", redact(it)) }
                        putJsonArray("parts") {
                            message.thought?.let { reasoning(it) }
                            message.content?.let { text(it) }
                            message.toolCalls.forEach { toolCall(it) }
                        }
                    }
                    is ToolResultMessage -> {
                        put("role", "tool")
                        putJsonArray("parts") {
                            for (result in message.results) {
                                addJsonObject {
                                    put("type", "tool_call_response")
                                    put("id", result.callId)
                                    put("response", redact(result.content))
                                }
                            }
                        }
                    }
                }
            }
        }
    }.toString()

    /** The choices of [result] as `gen_ai.output.messages`, one message per choice, in index order. */
    fun output(result: CreateResult): String = buildJsonArray {
        for (choice in result.choices.sortedBy { it.index }) {
            addJsonObject {
                put("role", "assistant")
                putJsonArray("parts") {
                    choice.thought?.let { reasoning(it) }
                    choice.content?.let { text(it) }
                    choice.refusal?.let { refusal ->
                        addJsonObject {
                            put("type", "refusal")
                            put("content", redact(refusal))
                        }
                    }
                    choice.toolCalls.forEach { toolCall(it) }
                }
                put("finish_reason", FinishReasons.of(choice))
            }
        }
    }.toString()

    private fun JsonArrayBuilder.text(text: String) = part("text") { put("content", redact(text)) }

    private fun JsonArrayBuilder.reasoning(text: String) = part("reasoning") { put("content", redact(text)) }

    /** The arguments as the model wrote them (they may not be valid JSON), as a string. */
    private fun JsonArrayBuilder.toolCall(call: FunctionCall) = part("tool_call") {
        put("id", call.id)
        put("name", call.name)
        put("arguments", redact(call.arguments))
    }

    private fun JsonArrayBuilder.image(part: ImagePart) {
        val image = part.image
        val url = image.url
        if (url != null) {
            part("uri") {
                put("modality", "image")
                put("uri", redact(url.substringBefore('#').substringBefore('?')))
            }
        } else {
            part("blob") {
                put("modality", "image")
                put("mime_type", image.mediaType)
                put("content", image.base64())
            }
        }
    }

    private inline fun JsonArrayBuilder.part(type: String, crossinline fields: JsonObjectBuilder.() -> Unit) {
        addJsonObject {
            put("type", type)
            fields()
        }
    }

    private fun redact(text: String): String = HttpErrors.redact(text)
}

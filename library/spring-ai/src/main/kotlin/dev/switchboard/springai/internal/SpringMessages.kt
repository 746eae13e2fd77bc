package dev.switchboard.springai.internal

import dev.switchboard.AssistantMessage
import dev.switchboard.Choice
import dev.switchboard.ContentPart
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.Image
import dev.switchboard.DocumentPart
import dev.switchboard.ImagePart
import dev.switchboard.LlmMessage
import dev.switchboard.RequestUsage
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.Tool
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import org.springframework.ai.chat.messages.Message
import org.springframework.ai.chat.messages.ToolResponseMessage
import org.springframework.ai.chat.metadata.ChatGenerationMetadata
import org.springframework.ai.chat.metadata.ChatResponseMetadata
import org.springframework.ai.chat.metadata.DefaultUsage
import org.springframework.ai.chat.model.ChatResponse
import org.springframework.ai.chat.model.Generation
import org.springframework.ai.chat.prompt.Prompt
import org.springframework.ai.content.Media
import org.springframework.ai.model.tool.ToolCallingChatOptions
import java.net.URI
import org.springframework.ai.chat.messages.AssistantMessage as SpringAssistantMessage
import org.springframework.ai.chat.messages.SystemMessage as SpringSystemMessage
import org.springframework.ai.chat.messages.UserMessage as SpringUserMessage

/** Prompts, messages and answers between Spring AI and Switchboard, with nothing dropped silently. */
internal object SpringMessages {
    fun createRequest(prompt: Prompt, boundModel: String, tools: List<Tool>): CreateRequest {
        val options = prompt.options
        val name = options?.model
        require(name == null || name == boundModel) {
            "This ChatModel sends to Switchboard's '$boundModel' model, but the prompt's options name '$name': " +
                "build one adapter per Switchboard client, or leave the model option unset"
        }
        val b = CreateRequest.builder().messages(toSwitchboard(prompt.instructions)).tools(tools)
        if (options != null) {
            val temperature: Double? = options.temperature
            val topP: Double? = options.topP
            val frequency: Double? = options.frequencyPenalty
            val presence: Double? = options.presencePenalty
            b.temperature(temperature).topP(topP).topK(options.topK).frequencyPenalty(frequency)
                .presencePenalty(presence).maxTokens(options.maxTokens)
            options.stopSequences?.let { b.stop(*it.toTypedArray()) }
        }
        return b.build()
    }

    /** The tools of [prompt]'s options, as Switchboard tools (their JSON schemas parsed). */
    fun tools(prompt: Prompt): List<Tool> {
        val options = prompt.options as? ToolCallingChatOptions ?: return emptyList()
        return options.toolCallbacks.orEmpty().map { cb ->
            val d = cb.toolDefinition
            Tool.of(d.name(), d.description(), d.inputSchema())
        }
    }

    fun toSwitchboard(messages: List<Message>): List<LlmMessage> = messages.map { m ->
        when (m) {
            is SpringSystemMessage -> SystemMessage(m.text.orEmpty())
            is SpringUserMessage -> {
                val parts = ArrayList<ContentPart>()
                m.text.takeIf { it.isNotEmpty() }?.let { parts += TextPart(it) }
                m.media.forEach { parts += ImagePart(image(it)) }
                UserMessage(parts.ifEmpty { listOf(TextPart("")) })
            }
            is SpringAssistantMessage -> {
                val calls = m.toolCalls.map { FunctionCall(it.id(), it.name(), it.arguments()) }
                // Spring AI gives a tool-call turn empty text; Switchboard's has none.
                val text = m.text?.takeUnless { it.isEmpty() && calls.isNotEmpty() }
                if (text == null && calls.isEmpty()) AssistantMessage("") else AssistantMessage(content = text, toolCalls = calls)
            }
            is ToolResponseMessage -> ToolResultMessage(m.responses.map { FunctionExecutionResult.of(it.id(), it.name(), it.responseData()) })
            else -> throw IllegalArgumentException("A ${m.javaClass.simpleName} (${m.messageType}) has no Switchboard counterpart")
        }
    }

    private fun image(media: Media): Image {
        val type = media.mimeType.toString()
        require(type.startsWith("image/")) { "A $type media part cannot be sent through Switchboard: use images" }
        return when (val data = media.data) {
            is URI -> Image.fromUrl(data.toString())
            is java.net.URL -> Image.fromUrl(data.toString())
            is String -> if (data.startsWith("http") || data.startsWith("data:")) Image.fromUrl(data) else Image.fromBase64(data, type)
            else -> Image.fromBytes(media.dataAsByteArray, type)
        }
    }

    fun toSpring(messages: List<LlmMessage>): List<Message> = messages.map { m ->
        when (m) {
            is SystemMessage -> SpringSystemMessage(m.content)
            is UserMessage -> SpringUserMessage.builder().text(m.text).media(
                m.content.mapNotNull { p ->
                    when (p) {
                        is TextPart -> null
                        is ImagePart -> {
                            val img = p.image
                            if (img.isInline) {
                                Media.builder().mimeType(org.springframework.util.MimeType.valueOf(img.mediaType!!)).data(img.data()!!).build()
                            } else {
                                Media(org.springframework.util.MimeType.valueOf("image/*"), URI.create(img.url!!))
                            }
                        }
                        // Spring AI carries documents as media of their own type (its PDF-reading models take them so).
                        is DocumentPart -> Media.builder().mimeType(org.springframework.util.MimeType.valueOf(p.document.mediaType))
                            .data(p.document.data()).name(p.document.name).build()
                    }
                },
            ).build()
            is AssistantMessage -> assistant(m.content, m.toolCalls)
            is ToolResultMessage -> ToolResponseMessage.builder()
                .responses(m.results.map { ToolResponseMessage.ToolResponse(it.callId, it.name.orEmpty(), it.content) }).build()
        }
    }

    private fun assistant(text: String?, calls: List<FunctionCall>): SpringAssistantMessage =
        SpringAssistantMessage.builder().content(text.orEmpty())
            .toolCalls(calls.map { SpringAssistantMessage.ToolCall(it.id, "function", it.name, it.arguments) }).build()

    fun chatResponse(result: CreateResult): ChatResponse {
        val generations = result.choices.map { c ->
            Generation(
                assistant(c.content ?: c.refusal ?: "", c.toolCalls),
                ChatGenerationMetadata.builder().finishReason(finishReason(c)).build(),
            )
        }
        val u = result.usage
        return ChatResponse(
            generations,
            ChatResponseMetadata.builder().id(result.id.orEmpty()).model(result.model.orEmpty())
                .usage(DefaultUsage(u.promptTokens, u.completionTokens, u.totalTokens)).build(),
        )
    }

    /** Spring AI reports finish reasons as the provider's words; Switchboard's closed reason is used here. */
    private fun finishReason(c: Choice): String = c.finishReason.name

    fun createResult(response: ChatResponse, fallbackModel: String): CreateResult {
        require(response.results.isNotEmpty()) { "The Spring AI model answered with no generation" }
        val choices = response.results.mapIndexed { i, g ->
            val out = g.output
            val calls = out.toolCalls.map { FunctionCall(it.id(), it.name(), it.arguments()) }
            val raw: String? = g.metadata.finishReason
            Choice(i, finishReason(raw, calls.isNotEmpty()), raw, out.text, calls)
        }
        val usage = response.metadata.usage
        val u = if (usage == null) RequestUsage.ZERO else RequestUsage(usage.promptTokens ?: 0, usage.completionTokens ?: 0)
        val id = response.metadata.id?.takeIf { it.isNotEmpty() }
        val model = response.metadata.model?.takeIf { it.isNotEmpty() } ?: fallbackModel
        return CreateResult(choices, u, id = id, model = model)
    }

    fun finishReason(raw: String?, hasToolCalls: Boolean): FinishReason = when (raw?.lowercase()) {
        "stop", "end_turn", "stop_sequence", "complete" -> FinishReason.STOP
        "length", "max_tokens" -> FinishReason.LENGTH
        "tool_calls", "tool_use", "function_call" -> FinishReason.TOOL_CALLS
        "content_filter", "safety" -> FinishReason.CONTENT_FILTER
        "refusal" -> FinishReason.REFUSAL
        else -> if (hasToolCalls) FinishReason.TOOL_CALLS else FinishReason.UNKNOWN
    }
}

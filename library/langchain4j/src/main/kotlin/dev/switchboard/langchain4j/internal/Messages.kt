package dev.switchboard.langchain4j.internal

import dev.langchain4j.agent.tool.ToolExecutionRequest
import dev.langchain4j.data.message.AiMessage
import dev.langchain4j.data.message.ChatMessage
import dev.langchain4j.data.message.Content
import dev.langchain4j.data.message.ImageContent
import dev.langchain4j.data.message.PdfFileContent
import dev.langchain4j.data.message.TextContent
import dev.langchain4j.data.message.ToolExecutionResultMessage
import dev.switchboard.AssistantMessage
import dev.switchboard.ContentPart
import dev.switchboard.DocumentPart
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.Image
import dev.switchboard.ImageDetail
import dev.switchboard.ImagePart
import dev.switchboard.LlmMessage
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.langchain4j.data.image.Image as Lc4jImage
import dev.langchain4j.data.message.SystemMessage as Lc4jSystemMessage
import dev.langchain4j.data.message.UserMessage as Lc4jUserMessage

/** Chat messages between LangChain4j and Switchboard, both ways, with nothing dropped silently. */
internal object Messages {
    /** LangChain4j's messages as Switchboard's; consecutive tool results become one [ToolResultMessage]. */
    fun toSwitchboard(messages: List<ChatMessage>): List<LlmMessage> {
        val out = ArrayList<LlmMessage>(messages.size)
        val pending = ArrayList<FunctionExecutionResult>()
        fun flush() {
            if (pending.isNotEmpty()) out += ToolResultMessage(pending.toList()).also { pending.clear() }
        }
        for (m in messages) {
            if (m is ToolExecutionResultMessage) {
                pending += toolResult(m)
                continue
            }
            flush()
            out += when (m) {
                is Lc4jSystemMessage -> SystemMessage(m.text())
                is Lc4jUserMessage -> UserMessage(m.contents().map { part(it) }, m.name())
                is AiMessage -> assistant(m)
                else -> throw IllegalArgumentException(
                    "A ${m.javaClass.simpleName} (${m.type()}) has no Switchboard counterpart: " +
                        "send system, user, AI and tool-result messages",
                )
            }
        }
        flush()
        return out
    }

    fun assistant(m: AiMessage): AssistantMessage {
        require(m.images().isNullOrEmpty()) { "An AiMessage with generated images cannot be sent back through Switchboard" }
        val calls = m.toolExecutionRequests().orEmpty().map { functionCall(it) }
        val text = m.text()
        val thinking = m.thinking()?.takeIf { it.isNotEmpty() }
        return if (text == null && calls.isEmpty() && thinking == null) {
            AssistantMessage("")
        } else {
            AssistantMessage(content = text, toolCalls = calls, thought = thinking)
        }
    }

    fun functionCall(r: ToolExecutionRequest): FunctionCall {
        val id = r.id()
        require(!id.isNullOrEmpty()) { "The tool call '${r.name()}' has no id: Switchboard pairs tool results with their calls by id" }
        return FunctionCall(id, r.name(), r.arguments() ?: "{}")
    }

    private fun toolResult(m: ToolExecutionResultMessage): FunctionExecutionResult {
        val id = m.id()
        require(!id.isNullOrEmpty()) { "The tool result for '${m.toolName()}' has no id: it must carry the id of its tool call" }
        val parts = m.contents().orEmpty()
        require(parts.all { it is TextContent }) {
            "The tool result for '${m.toolName()}' holds ${parts.filterNot { it is TextContent }.map { it.type() }}: " +
                "Switchboard tool results are text"
        }
        val text = parts.joinToString("") { (it as TextContent).text() }.ifEmpty { m.text().orEmpty() }
        return if (m.isError() == true) FunctionExecutionResult.error(id, m.toolName(), text) else FunctionExecutionResult.of(id, m.toolName(), text)
    }

    private fun part(c: Content): ContentPart = when (c) {
        is TextContent -> TextPart(c.text())
        is ImageContent -> ImagePart(image(c))
        else -> throw IllegalArgumentException(
            "A user message part of type ${c.type()} cannot be sent through Switchboard: use text and image parts",
        )
    }

    private fun image(c: ImageContent): Image {
        val detail = when (c.detailLevel()) {
            ImageContent.DetailLevel.LOW -> ImageDetail.LOW
            ImageContent.DetailLevel.HIGH, ImageContent.DetailLevel.ULTRA_HIGH -> ImageDetail.HIGH
            else -> ImageDetail.AUTO
        }
        val img = c.image()
        val data = img.base64Data()
        if (data != null) {
            val type = img.mimeType()
                ?: throw IllegalArgumentException("An inline image needs its MIME type: build the ImageContent with one")
            return Image.fromBase64(data, type, detail)
        }
        val url = img.url() ?: throw IllegalArgumentException("An ImageContent has neither a URL nor inline data")
        return Image.fromUrl(url.toString(), detail)
    }

    /** Switchboard's messages as LangChain4j's; a [ToolResultMessage] becomes one message per result. */
    fun toLangChain4j(messages: List<LlmMessage>): List<ChatMessage> = messages.flatMap { m ->
        when (m) {
            is SystemMessage -> listOf(Lc4jSystemMessage.from(m.content))
            is UserMessage -> listOf(
                if (m.name == null) Lc4jUserMessage.from(m.content.map { lc4jPart(it) })
                else Lc4jUserMessage.from(m.name, m.content.map { lc4jPart(it) }),
            )
            is AssistantMessage -> listOf(lc4jAssistant(m))
            is ToolResultMessage -> m.results.map { r ->
                ToolExecutionResultMessage.builder().id(r.callId).toolName(r.name).text(r.content).isError(r.isError).build()
            }
        }
    }

    fun lc4jAssistant(m: AssistantMessage): AiMessage = AiMessage.builder()
        .text(m.content)
        .thinking(m.thought)
        .toolExecutionRequests(m.toolCalls.map { lc4jRequest(it) })
        .build()

    fun lc4jRequest(c: FunctionCall): ToolExecutionRequest =
        ToolExecutionRequest.builder().id(c.id).name(c.name).arguments(c.arguments).build()

    private fun lc4jPart(p: ContentPart): Content = when (p) {
        is TextPart -> TextContent.from(p.text)
        is ImagePart -> {
            val detail = when (p.image.detail) {
                ImageDetail.LOW -> ImageContent.DetailLevel.LOW
                ImageDetail.HIGH -> ImageContent.DetailLevel.HIGH
                ImageDetail.AUTO -> ImageContent.DetailLevel.AUTO
            }
            val img = p.image
            val lc4j = if (img.isInline) {
                Lc4jImage.builder().base64Data(img.base64()).mimeType(img.mediaType).build()
            } else {
                Lc4jImage.builder().url(img.url).build()
            }
            ImageContent.from(lc4j, detail)
        }
        is DocumentPart -> {
            val doc = p.document
            require(doc.mediaType == "application/pdf") {
                "LangChain4j's messages take documents as PDF only, but '${doc.name}' is ${doc.mediaType}: " +
                    "send its text as a TextPart or convert it to PDF"
            }
            PdfFileContent.from(doc.base64(), doc.mediaType)
        }
    }
}

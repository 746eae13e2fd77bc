package dev.switchboard

/**
 * Counts the prompt tokens of messages and tools for one model: what a [ChatCompletionClient]'s `countTokens`
 * answers with. A client of your own can count with [ESTIMATE]; `switchboard-openai-tokenizer` gives exact counters
 * for OpenAI's models.
 */
public fun interface TokenCounter {
    /** The prompt tokens [messages] and [tools] take. */
    public fun count(messages: List<LlmMessage>, tools: List<Tool>): Int

    /** The counters this library provides. */
    public companion object {
        /**
         * An estimate of about 4 characters a token, for models whose tokenizer is not known; an image counts as
         * 3400 characters, a document as its size in bytes.
         */
        @JvmField
        public val ESTIMATE: TokenCounter = TokenCounter { messages, tools ->
            var chars = 0
            for (m in messages) {
                chars += 16 + when (m) {
                    is SystemMessage -> m.content.length
                    is UserMessage -> m.content.sumOf {
                        when (it) {
                            is TextPart -> it.text.length
                            is ImagePart -> 3400
                            is DocumentPart -> it.document.size
                        }
                    }
                    is AssistantMessage -> (m.content?.length ?: 0) +
                        m.toolCalls.sumOf { it.name.length + it.arguments.length }
                    is ToolResultMessage -> m.results.sumOf { it.content.length }
                }
            }
            for (t in tools) chars += t.name.length + (t.description?.length ?: 0) + t.parameters.toString().length
            (chars + 3) / 4
        }
    }
}

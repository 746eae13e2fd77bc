package dev.switchboard.openai.tokenizer

import dev.switchboard.ModelFamily
import dev.switchboard.openai.OpenAiTokenizerProvider
import dev.switchboard.TokenCounter

/**
 * The [java.util.ServiceLoader] entry through which the OpenAI clients find [OpenAiTokenCounter]
 * (registered in `META-INF/services/dev.switchboard.openai.OpenAiTokenizerProvider`).
 */
internal class OpenAiTokenizerService : OpenAiTokenizerProvider {
    override fun forFamily(family: ModelFamily): TokenCounter = OpenAiTokenCounter.forFamily(family)

    override fun toString(): String = "OpenAiTokenizerService"
}

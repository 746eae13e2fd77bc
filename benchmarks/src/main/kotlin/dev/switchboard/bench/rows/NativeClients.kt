package dev.switchboard.bench.rows

import dev.switchboard.ChatCompletionClient
import dev.switchboard.HttpOptions
import dev.switchboard.anthropic.AnthropicChatCompletionClient
import dev.switchboard.anthropic.AnthropicConfig
import dev.switchboard.bedrock.BedrockChatCompletionClient
import dev.switchboard.bedrock.BedrockConfig
import dev.switchboard.bench.server.Payloads.Format
import dev.switchboard.cohere.CohereChatCompletionClient
import dev.switchboard.cohere.CohereConfig
import dev.switchboard.gemini.GeminiChatCompletionClient
import dev.switchboard.gemini.GeminiConfig
import dev.switchboard.ollama.OllamaChatCompletionClient
import dev.switchboard.ollama.OllamaConfig
import dev.switchboard.openai.OpenAiApi
import dev.switchboard.openai.OpenAiChatCompletionClient
import dev.switchboard.openai.OpenAiConfig

/**
 * The clients of the native wire formats for [SwitchboardKotlinRow]'s `java/<provider>` variants, each configured as
 * its README section shows (a key, the mock server as the base URL) with the models the providers' tables know, so
 * that no capability discovery is made.
 */
internal object NativeClients {
    private val FORMATS = mapOf(
        "anthropic" to Format.ANTHROPIC, "ollama" to Format.OLLAMA, "responses" to Format.RESPONSES,
        "gemini" to Format.GEMINI, "cohere" to Format.COHERE, "bedrock" to Format.BEDROCK,
    )

    /** The format the mock server answers the variant's client in. */
    fun format(name: String): Format = FORMATS[name] ?: Format.OPENAI

    /** The client of provider [name] against [baseUrl], or null when [name] is no provider (a wrapper, or nothing). */
    fun of(name: String, baseUrl: String, http: HttpOptions): ChatCompletionClient? = when (name) {
        "anthropic" -> AnthropicChatCompletionClient.create(
            "claude-haiku-4-5", AnthropicConfig.builder().baseUrl(baseUrl).apiKey("bench-anthropic-key").httpOptions(http).build(),
        )
        "ollama" -> OllamaChatCompletionClient.create(
            "llama3.2", OllamaConfig.builder().baseUrl(baseUrl).modelInfo(dev.switchboard.ModelInfo.ALL_CAPABILITIES).httpOptions(http).build(),
        )
        "responses" -> OpenAiChatCompletionClient.create(
            "gpt-4o-mini", OpenAiConfig.builder().baseUrl("$baseUrl/v1").apiKey("bench-openai-key").api(OpenAiApi.RESPONSES).httpOptions(http).build(),
        )
        "gemini" -> GeminiChatCompletionClient.create(
            "gemini-2.0-flash", GeminiConfig.builder().baseUrl(baseUrl).apiKey("bench-gemini-key").httpOptions(http).build(),
        )
        "cohere" -> CohereChatCompletionClient.create(
            "command-a-03-2025", CohereConfig.builder().baseUrl(baseUrl).apiKey("bench-cohere-key").httpOptions(http).build(),
        )
        "bedrock" -> BedrockChatCompletionClient.create(
            "anthropic.claude-3-5-haiku-20241022-v1:0",
            BedrockConfig.builder().baseUrl(baseUrl).region("us-east-1").apiKey("bench-bedrock-key").httpOptions(http).build(),
        )
        else -> null
    }
}

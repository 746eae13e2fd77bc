@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.anthropic.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.anthropic.AnthropicChatCompletionClient
import dev.switchboard.anthropic.AnthropicConfig
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.config.EndpointSettings
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * `anthropic`: the Messages API (`model`, `base_url`, `version`, `betas`, `default_max_tokens`,
 * `native_structured_output`); what the document leaves out comes from `ANTHROPIC_API_KEY` and `ANTHROPIC_BASE_URL`.
 */
internal class AnthropicComponent : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "anthropic"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val model = config.string("model", "the model name, such as claude-sonnet-4-5")
        val b = AnthropicConfig.fromEnvironment(context::environment)
        config.urlOrNull("base_url")?.let { b.baseUrl(it) }
        config.stringOrNull("version")?.let { b.version(it) }
        b.betas(config.stringList("betas"))
        config.intOrNull("default_max_tokens")?.let { if (it <= 0) config.fail("default_max_tokens", "expected a positive number of tokens"); b.defaultMaxTokens(it) }
        config.booleanOrNull("native_structured_output")?.let { b.nativeStructuredOutput(it) }
        EndpointSettings.read(config, context, b)
        return AnthropicChatCompletionClient.create(model, b.build())
    }

    override fun describe(component: ChatCompletionClient): JsonObject? {
        val client = component as? AnthropicChatCompletionClient ?: return null
        val c = client.config
        return buildJsonObject {
            put("model", client.model)
            if (c.baseUrl != AnthropicConfig.DEFAULT_BASE_URL) put("base_url", c.baseUrl)
            if (c.betas.isNotEmpty()) put("betas", JsonArray(c.betas.map(::JsonPrimitive)))
            c.defaultMaxTokens?.let { put("default_max_tokens", it) }
            c.nativeStructuredOutput?.let { put("native_structured_output", it) }
            EndpointSettings.describe(this, c.apiKey, "ANTHROPIC_API_KEY", c.headers, c.modelInfo, c.httpOptions)
        }
    }
}

@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.mistral.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.config.EndpointSettings
import dev.switchboard.mistral.MistralChatCompletionClient
import dev.switchboard.mistral.MistralConfig
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * `mistral`: Mistral's own chat API (`model`, `base_url`, `safe_prompt`, `prompt_mode`); what the document leaves out
 * comes from `MISTRAL_API_KEY` and `MISTRAL_BASE_URL`.
 */
internal class MistralComponent : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "mistral"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val model = config.string("model", "the model name, such as mistral-small-latest")
        val b = MistralConfig.fromEnvironment(context::environment)
        config.urlOrNull("base_url")?.let { b.baseUrl(it) }
        config.booleanOrNull("safe_prompt")?.let { b.safePrompt(it) }
        config.choice("prompt_mode", listOf("reasoning"), null)?.let { b.promptMode(it) }
        EndpointSettings.read(config, context, b)
        return MistralChatCompletionClient.create(model, b.build())
    }

    override fun describe(component: ChatCompletionClient): JsonObject? {
        val client = component as? MistralChatCompletionClient ?: return null
        val c = client.config
        return buildJsonObject {
            put("model", client.model)
            if (c.baseUrl != MistralConfig.DEFAULT_BASE_URL) put("base_url", c.baseUrl)
            if (c.safePrompt) put("safe_prompt", true)
            c.promptMode?.let { put("prompt_mode", it) }
            EndpointSettings.describe(this, c.apiKey, "MISTRAL_API_KEY", c.headers, c.modelInfo, c.httpOptions)
        }
    }
}

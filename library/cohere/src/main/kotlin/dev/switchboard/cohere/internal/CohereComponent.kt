@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.cohere.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.cohere.CohereChatCompletionClient
import dev.switchboard.cohere.CohereConfig
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.config.EndpointSettings
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * `cohere`: Cohere's v2 chat (`model`, `base_url`, `citation_mode`, `safety_mode`); what the document leaves out comes
 * from `CO_API_KEY` (or `COHERE_API_KEY`) and `CO_API_URL`.
 */
internal class CohereComponent : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "cohere"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val model = config.string("model", "the model name, such as command-a-03-2025")
        val b = CohereConfig.fromEnvironment(context::environment)
        config.urlOrNull("base_url")?.let { b.baseUrl(it) }
        config.choice("citation_mode", listOf("fast", "accurate", "off"), null)?.let { b.citationMode(it.uppercase()) }
        config.choice("safety_mode", listOf("contextual", "strict", "off"), null)?.let { b.safetyMode(it.uppercase()) }
        EndpointSettings.read(config, context, b)
        return CohereChatCompletionClient.create(model, b.build())
    }

    override fun describe(component: ChatCompletionClient): JsonObject? {
        val client = component as? CohereChatCompletionClient ?: return null
        val c = client.config
        return buildJsonObject {
            put("model", client.model)
            if (c.baseUrl != CohereConfig.DEFAULT_BASE_URL) put("base_url", c.baseUrl)
            c.citationMode?.let { put("citation_mode", it.lowercase()) }
            c.safetyMode?.let { put("safety_mode", it.lowercase()) }
            EndpointSettings.describe(this, c.apiKey, "CO_API_KEY", c.headers, c.modelInfo, c.httpOptions)
        }
    }
}

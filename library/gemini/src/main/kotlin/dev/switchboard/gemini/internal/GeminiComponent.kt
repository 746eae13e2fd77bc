@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.gemini.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.config.EndpointSettings
import dev.switchboard.gemini.GeminiChatCompletionClient
import dev.switchboard.gemini.GeminiConfig
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject

/**
 * `gemini`: the Gemini API with `api_key`, or Vertex AI with `vertex: {project, location}` and a nested
 * `token_provider` (such as `{provider: google-auth}`); also `base_url`, `api_version` and `include_thoughts`. What the
 * document leaves out comes from the variables `GeminiConfig.fromEnvironment()` reads (`GEMINI_API_KEY`…).
 */
internal class GeminiComponent : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "gemini"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val model = config.string("model", "the model name, such as gemini-2.5-flash")
        val b = GeminiConfig.fromEnvironment(context::environment)
        config.urlOrNull("base_url")?.let { b.baseUrl(it) }
        config.stringOrNull("api_version")?.let { b.apiVersion(it) }
        config.booleanOrNull("include_thoughts")?.let { b.includeThoughts(it) }
        config.nodeOrNull("vertex")?.let { v ->
            b.vertex(v.string("project", "the Google Cloud project id"), v.stringOrNull("location") ?: GeminiConfig.DEFAULT_VERTEX_LOCATION)
            if (!config.has("api_key")) b.apiKey(null) // Vertex AI takes tokens: a GEMINI_API_KEY in the environment is not for it
        }
        EndpointSettings.tokenProvider(config, context)?.let { b.apiKey(null).tokenProvider(it) }
        EndpointSettings.read(config, context, b)
        return GeminiChatCompletionClient.create(model, b.build())
    }

    override fun describe(component: ChatCompletionClient): JsonObject? {
        val client = component as? GeminiChatCompletionClient ?: return null
        val c = client.config
        return buildJsonObject {
            put("model", client.model)
            if (c.vertex) putJsonObject("vertex") { put("project", c.vertexProject); put("location", c.vertexLocation) }
            else if (c.baseUrl != GeminiConfig.DEFAULT_BASE_URL) put("base_url", c.baseUrl)
            if (!c.includeThoughts) put("include_thoughts", false)
            EndpointSettings.describe(this, c.apiKey, "GEMINI_API_KEY", c.headers, c.modelInfo, c.httpOptions)
        }
    }
}

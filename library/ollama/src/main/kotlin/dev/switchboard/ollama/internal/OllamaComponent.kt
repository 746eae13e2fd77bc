@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.ollama.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.config.EndpointSettings
import dev.switchboard.ollama.OllamaChatCompletionClient
import dev.switchboard.ollama.OllamaConfig
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * `ollama`: Ollama's native API (`model`, `base_url`, `keep_alive` (a duration, or `forever`), `think`, `num_ctx` and
 * model `options` sent as they are); what the document leaves out comes from `OLLAMA_HOST` and `OLLAMA_API_KEY`.
 */
internal class OllamaComponent : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "ollama"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val model = config.string("model", "the model name, such as llama3.2")
        val b = OllamaConfig.fromEnvironment(context::environment)
        config.urlOrNull("base_url")?.let { b.baseUrl(it) }
        if (config.stringOrNull("keep_alive") == "forever") b.keepAliveForever() else config.durationOrNull("keep_alive")?.let { b.keepAlive(it) }
        config.booleanOrNull("think")?.let { b.think(it) }
        config.intOrNull("num_ctx")?.let { if (it <= 0) config.fail("num_ctx", "expected a positive number of tokens"); b.numCtx(it) }
        val options = config.elementOrNull("options")
        if (options != null) {
            if (options !is JsonObject) config.fail("options", "expected an object of model options, such as {min_p: 0.05}")
            for ((name, value) in options) b.option(name, value)
        }
        EndpointSettings.read(config, context, b)
        return OllamaChatCompletionClient.create(model, b.build())
    }

    override fun describe(component: ChatCompletionClient): JsonObject? {
        val client = component as? OllamaChatCompletionClient ?: return null
        val c = client.config
        return buildJsonObject {
            put("model", client.model)
            if (c.baseUrl != OllamaConfig.DEFAULT_BASE_URL) put("base_url", c.baseUrl)
            c.keepAlive?.let { put("keep_alive", if (it.isNegative) "forever" else "${it.toMillis()}ms") }
            c.think?.let { put("think", it) }
            if (c.options.isNotEmpty()) put("options", JsonObject(c.options))
            EndpointSettings.describe(this, c.apiKey, "OLLAMA_API_KEY", c.headers, c.modelInfo, c.httpOptions)
        }
    }
}

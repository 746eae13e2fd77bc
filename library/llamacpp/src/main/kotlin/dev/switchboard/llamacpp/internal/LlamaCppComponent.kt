@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.llamacpp.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.SwitchboardException
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.config.EndpointSettings
import dev.switchboard.llamacpp.LlamaCppChatCompletionClient
import dev.switchboard.llamacpp.LlamaCppConfig
import dev.switchboard.spi.SwitchboardSpi

/**
 * `llamacpp`: a GGUF model run in this process: `model_path` (relative to the document; else `SWITCHBOARD_GGUF_MODEL`),
 * `context_size`, `parallel`, `threads`, `gpu_layers`, `prompt_cache`, `chat_template`, `model_name`, `model_info`.
 * Loading the document loads the model.
 */
internal class LlamaCppComponent : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "llamacpp"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val b = LlamaCppConfig.fromEnvironment(context::environment)
        config.stringOrNull("model_path")?.let { b.modelPath(context.resolve(it)) }
        fun positive(key: String) = config.intOrNull(key)?.also { if (it <= 0) config.fail(key, "expected a positive number") }
        positive("context_size")?.let { b.contextSize(it) }
        positive("parallel")?.let { b.parallel(it) }
        positive("threads")?.let { b.threads(it) }
        config.intOrNull("gpu_layers")?.let { if (it < 0) config.fail("gpu_layers", "expected 0 or more"); b.gpuLayers(it) }
        config.booleanOrNull("prompt_cache")?.let { b.promptCache(it) }
        config.stringOrNull("chat_template")?.let { b.chatTemplate(it) }
        config.stringOrNull("model_name")?.let { b.modelName(it) }
        EndpointSettings.modelInfo(config, "model_info")?.let { b.modelInfo(it) }
        val built = try {
            b.build()
        } catch (e: IllegalStateException) {
            config.fail("model_path", "missing (expected the GGUF model file, or set SWITCHBOARD_GGUF_MODEL)")
        }
        return try {
            LlamaCppChatCompletionClient.open(built)
        } catch (e: SwitchboardException) {
            // No file there, or not a GGUF model llama.cpp can load: the message names the path and why.
            config.fail("model_path", e.message ?: "cannot load the model")
        }
    }
}

package dev.switchboard.java.internal

import dev.switchboard.java.Clients
import dev.switchboard.java.SwitchboardClient
import dev.switchboard.ollama.OllamaChatCompletionClient
import dev.switchboard.ollama.OllamaConfig
import dev.switchboard.ollama.OllamaModel
import java.util.concurrent.CompletableFuture

/**
 * Ollama's calls that are not model calls, as futures for [Clients]: discovering a model before its client is handed
 * out, and listing the server's models. Each runs detached ([CoroutineBridge.detached]): on the callback executor,
 * cancelled with its future.
 */
internal object OllamaCalls {
    /** [OllamaChatCompletionClient.discover] wrapped as a [SwitchboardClient]; a client discovered after a cancellation is closed. */
    @JvmStatic
    fun discover(model: String, config: OllamaConfig): CompletableFuture<SwitchboardClient> =
        CoroutineBridge.detached({ it.close() }) { Clients.wrap(OllamaChatCompletionClient.discover(model, config)) }

    /** [OllamaChatCompletionClient.listModels] of the server [config] names. */
    @JvmStatic
    fun listModels(config: OllamaConfig): CompletableFuture<List<OllamaModel>> =
        CoroutineBridge.detached({}) { OllamaChatCompletionClient.listModels(config) }
}

package dev.switchboard.ollama

import dev.switchboard.ModelInfo
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import java.util.function.Supplier

/**
 * What an Ollama client's model can do: the [declared] info when there is one, otherwise what the server said once
 * [resolve] asked it, and until then the [placeholder] (every capability, no context window). The client's capability
 * checks read it through [get] at each call.
 */
internal class DiscoveredModelInfo(declared: ModelInfo?, private val placeholder: ModelInfo) : Supplier<ModelInfo> {
    @Volatile private var known: ModelInfo? = declared
    private val discovery = Mutex()

    /** Whether the info is declared or discovered: no call needs to ask the server any more. */
    val isKnown: Boolean get() = known != null

    override fun get(): ModelInfo = known ?: placeholder

    /**
     * The known info, or the one [discover] returns, asked once even when calls arrive together; a failed discovery
     * leaves it unknown, so the next call asks again.
     */
    suspend fun resolve(discover: suspend () -> ModelInfo): ModelInfo {
        known?.let { return it }
        return discovery.withLock { known ?: discover().also { known = it } }
    }
}

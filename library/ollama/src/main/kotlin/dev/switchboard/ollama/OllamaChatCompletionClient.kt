package dev.switchboard.ollama

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.ModelInfo
import dev.switchboard.ChatCompletionClient
import dev.switchboard.TokenCounter
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.Secrets
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow

/**
 * A client of one model on an Ollama server, through Ollama's native API (`/api/chat`, streamed as NDJSON).
 *
 * ```kotlin
 * val client = OllamaChatCompletionClient.fromEnvironment("llama3.2")   // OLLAMA_HOST, or localhost:11434
 * val answer = client.create(createRequest { user("Hello") })
 * ```
 *
 * Create one with [create] or [fromEnvironment] (no network call), or with [discover] (which first asks the server
 * what the model can do); close it when done to release its HTTP client. From Java, the facade's `Clients.ollama`,
 * `Clients.ollamaDiscovered` and `Clients.ollamaModels` make and list them with `CompletableFuture`s.
 *
 * **What the model can do.** When [OllamaConfig.modelInfo] is declared it is used as it is and the server is
 * never asked. Otherwise the client asks `/api/show` once, on its first call (or in [discover]): `vision` and
 * `tools` in the model's capabilities become [ModelInfo.vision] and [ModelInfo.functionCalling], JSON output
 * and schemas are always possible (Ollama constrains the output with a grammar), the family comes from the
 * model's architecture, and the context window is [OllamaConfig.numCtx] (or the Modelfile's `num_ctx`) capped at
 * the length the model was trained for. Requests are then checked against it before they are sent. Until that
 * first call, [modelInfo] is a placeholder that allows everything and has no context window; a failed
 * discovery (such as a [dev.switchboard.NotFoundException] for a model that was never pulled) fails that call
 * and is tried again on the next.
 *
 * **How the neutral model maps onto Ollama.** Sampling options go into `options` (temperature, top_p, seed,
 * stop, the output limit as `num_predict`, presence and frequency penalties) over [OllamaConfig.options];
 * a request's `extraBody("options", {...})` is merged into them, and other `extraBody` fields (such as
 * `keep_alive` or `think`) replace the body's. Images must be bytes (Ollama takes base64 only): an image given
 * by URL is refused with a [dev.switchboard.BadRequestException]; a message's text parts are joined with line
 * breaks and its images sent beside them. `reasoningEffort` becomes `think` (`low`, `medium`, `high`, `max`,
 * or `none` for false), otherwise [OllamaConfig.think] is sent; the model's `thinking` comes back as the
 * result's `thought` (and [ChatStreamEvent.ThoughtDelta]s) and is sent back with the assistant's turn. A JSON
 * object format is `format: "json"`, a schema is the `format` itself. Ollama's tool calls may carry no id: the
 * client then gives each a stable one (its position and a checksum of its name and arguments), and each tool
 * result goes back as a `tool` message with `tool_name` (from the result, or from the call it answers) and
 * `tool_call_id`. `done_reason` `stop` is [dev.switchboard.FinishReason.STOP], or
 * [dev.switchboard.FinishReason.TOOL_CALLS] when the model called tools; `length` is
 * [dev.switchboard.FinishReason.LENGTH]. Usage is `prompt_eval_count` and `eval_count`.
 *
 * Refused before sending, as Ollama cannot do them: more than one choice (`n`), `logitBias`, a required or
 * named tool choice ([dev.switchboard.ToolChoice.None] sends no tools), `parallelToolCalls(false)`, strict
 * tools. Not sent, as Ollama has no field for them and they do not change the answer: image detail, the names
 * of messages, the end-user id, a schema's name, and the error flag of a tool result.
 */
public class OllamaChatCompletionClient private constructor(
    /** The configuration this client was made with. */
    public val config: OllamaConfig,
    private val ollama: OllamaChatCodec,
    private val transport: HttpTransport,
    private val info: DiscoveredModelInfo,
    /** The generic client of [ollama] over [transport]: every call goes to it once the model info is known. */
    private val delegate: ChatCompletionClient,
) : ChatCompletionClient by delegate {

    /**
     * Sends [request] and returns the complete answer; see [dev.switchboard.ChatCompletionClient.create]. The
     * first call of a client without a declared [ModelInfo] asks `/api/show` first.
     */
    override suspend fun create(request: CreateRequest): CreateResult {
        ensureModelInfo()
        return delegate.create(request)
    }

    /**
     * A cold flow that sends [request] when collected; see [dev.switchboard.ChatCompletionClient.createStream]. The
     * first call of a client without a declared [ModelInfo] asks `/api/show` first.
     */
    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> {
        val upstream = delegate.createStream(request)
        if (info.isKnown) return upstream
        return flow {
            ensureModelInfo()
            emitAll(upstream)
        }
    }

    /**
     * The models the server holds (`/api/tags`), in the server's order.
     *
     * Cancelling the calling coroutine cancels the HTTP exchange.
     *
     * @throws dev.switchboard.SwitchboardException for every failure, typed by cause.
     */
    public suspend fun listModels(): List<OllamaModel> = ModelDiscovery.list(transport, ollama)

    override fun toString(): String = "OllamaChatCompletionClient($model, ${Secrets.safeUrl(config.baseUrl)})"

    /** The model info, asking `/api/show` once if it is neither declared nor known yet. */
    internal suspend fun ensureModelInfo(): ModelInfo =
        info.resolve { ModelDiscovery.modelInfo(transport, ollama, model, config.numCtx) }

    /** Factories, discovery and model listing. */
    public companion object {
        /**
         * A client of [model] (such as `llama3.2` or `qwen3:8b`) on the server [config] names. No network call is
         * made: what the model can do is [OllamaConfig.modelInfo] when declared, or asked of `/api/show` on the
         * first call.
         *
         * @throws IllegalArgumentException when [model] is blank.
         */
        @JvmStatic
        public fun create(model: String, config: OllamaConfig): OllamaChatCompletionClient {
            require(model.isNotBlank()) { "The model name must not be blank" }
            val name = model.trim()
            val codec = OllamaChatCodec.from(config, name)
            val transport = HttpTransport(OllamaChatCodec.PROVIDER, config.httpOptions)
            val info = DiscoveredModelInfo(config.modelInfo, ModelInfo.ALL_CAPABILITIES.newBuilder().family(ModelDiscovery.familyOf(name)).build())
            val client = CodecClients.create(name, info, codec, transport, TokenCounter.ESTIMATE)
            return OllamaChatCompletionClient(config, codec, transport, info, client)
        }

        /**
         * A client of [model] on the server `OLLAMA_HOST` names (default `http://localhost:11434`), with the key in
         * `OLLAMA_API_KEY` if set; see [OllamaConfig.fromEnvironment]. No network call is made.
         *
         * @throws IllegalArgumentException when [model] is blank or `OLLAMA_HOST` is not a host, host:port or URL.
         */
        @JvmStatic
        public fun fromEnvironment(model: String): OllamaChatCompletionClient = create(model, OllamaConfig.fromEnvironment().build())

        /**
         * A client of [model] whose capabilities are known before it returns: [OllamaConfig.modelInfo] when declared
         * (no network call), otherwise what `/api/show` says. Fails early, at startup rather than on the first
         * request, when the server is unreachable or does not have the model.
         *
         * Cancelling the calling coroutine cancels the HTTP exchange.
         *
         * @throws dev.switchboard.NotFoundException when the server does not have the model (the message says how to
         *   pull it); another [dev.switchboard.SwitchboardException] for other failures; a
         *   [dev.switchboard.BadRequestException] for a model that cannot chat (an embedding model).
         * @throws IllegalArgumentException when [model] is blank.
         */
        public suspend fun discover(model: String, config: OllamaConfig): OllamaChatCompletionClient {
            val client = create(model, config)
            try {
                client.ensureModelInfo()
            } catch (e: Throwable) {
                client.close()
                throw e
            }
            return client
        }

        /**
         * The models the server [config] names holds (`/api/tags`), over a connection opened and closed for this call.
         *
         * @throws dev.switchboard.SwitchboardException for every failure, typed by cause.
         */
        public suspend fun listModels(config: OllamaConfig): List<OllamaModel> =
            HttpTransport(OllamaChatCodec.PROVIDER, config.httpOptions).use { ModelDiscovery.list(it, OllamaChatCodec.from(config, null)) }
    }
}

package dev.switchboard.llamacpp

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.Choice
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.LlmMessage
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.Tool
import dev.switchboard.ToolChoice
import dev.switchboard.checkCapabilities
import dev.switchboard.llamacpp.internal.LlamaCppNames
import dev.switchboard.llamacpp.internal.LocalModel
import dev.switchboard.llamacpp.internal.Outcome
import dev.switchboard.llamacpp.internal.PreparedRequest
import dev.switchboard.llamacpp.internal.Generation
import dev.switchboard.llamacpp.internal.ToolConstraint
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.withContext
import java.nio.file.Path
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicReference
import java.util.concurrent.locks.LockSupport
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.cancellation.CancellationException

/**
 * A [ChatCompletionClient] over a GGUF model run in this process by llama.cpp (through java-llama.cpp): no server, no
 * network. The conversation is rendered with the model's own chat template (from its metadata); [CreateRequest]'s
 * temperature, top-p, top-k, seed, penalties, logit bias, output limit and stop sequences are applied; a grammar
 * ([dev.switchboard.GuidedDecoding]: GBNF, a JSON schema or choices) or a JSON [dev.switchboard.ResponseFormat] holds
 * the answer to its shape token by token, so even a weak model produces only valid output.
 *
 * Tools are offered through constrained JSON (the model's own tool-call format is not read): the tools are described
 * in the system prompt and the answer is held to `{"tool_calls": [...]}` (or `{"content": ...}` when the model may
 * choose); while streaming, such an answer arrives whole at its end.
 *
 * Threads: generation runs on this client's own threads, never on a caller's; a call waits for its result suspended,
 * and continues on the caller's dispatcher (on `Dispatchers.Default` for a caller without one, such as
 * `Dispatchers.Unconfined`); a stream's events arrive likewise, and never on a generation thread (under `Unconfined`
 * an event already waiting may also be taken on the collecting thread itself).
 * Concurrent calls share the model safely: [LlamaCppConfig.parallel] of them generate at once in llama.cpp's slots, the
 * others wait in llama.cpp's queue. Cancelling a call (or a stream's collector) stops its generation within a token.
 *
 * Usage counts the prompt's tokens (as llama.cpp evaluates them) and the tokens generated. An answer cut at its limit
 * counts exactly; in others, a token that ends inside a UTF-8 character (which llama.cpp sends together with the next)
 * counts with it as one.
 *
 * [close] stops running generations (each within a token) and shuts llama.cpp down; calls after it fail with
 * [IllegalStateException]. java-llama.cpp 4.1.0 stops llama.cpp's task loop on close but does not free the model's
 * native memory, which stays allocated until the JVM exits: open a model once and share the client.
 */
public class LlamaCppChatCompletionClient private constructor(private val local: LocalModel) : ChatCompletionClient {
    private val usage = AtomicReference(RequestUsage.ZERO)
    private val ids = AtomicLong()

    override val model: String = local.config.modelName ?: local.header.name?.takeIf { it.isNotBlank() }
        ?: local.config.modelPath.fileName.toString().removeSuffix(".gguf")

    /**
     * What the model can do: by default no images; tools, JSON and JSON schemas through constrained decoding; the
     * family from the file's architecture; the context window of one slot (`contextSize / parallel`). A
     * [LlamaCppConfig.modelInfo] replaces it.
     */
    override val modelInfo: ModelInfo = local.config.modelInfo ?: ModelInfo.builder()
        .vision(false).functionCalling(true).jsonOutput(true).structuredOutput(true)
        .family(local.header.architecture?.let { ModelFamily.of(it) } ?: ModelFamily.UNKNOWN)
        .contextWindow(local.slotContext)
        .build()

    /** Always `llamacpp`. */
    override val provider: String get() = LlamaCppNames.PROVIDER

    /** The model file, as a `file:` URL: the model's identity where wrappers need one (a cache key). */
    override val endpoint: String = local.config.modelPath.toAbsolutePath().toUri().toString()

    /** The slots llama.cpp generates in at once ([LlamaCppConfig.parallel]); further calls queue. */
    public val slots: Int get() = local.slots

    override val totalUsage: RequestUsage get() = usage.get()

    override val actualUsage: RequestUsage get() = usage.get()

    /**
     * Generates the answer to [request] on this client's threads.
     *
     * Cancelling the calling coroutine stops the generation within a token.
     *
     * @throws dev.switchboard.CapabilityMissingException when the request needs images, or a regular expression.
     * @throws dev.switchboard.BadRequestException for an option llama.cpp does not take, or a grammar or schema it
     *   rejects (the message says which).
     * @throws dev.switchboard.ContextLengthExceededException when the prompt does not fit in a slot's context.
     * @throws IllegalStateException when the client is closed.
     */
    override suspend fun create(request: CreateRequest): CreateResult {
        checkCapabilities(LlamaCppNames.PROVIDER, model, modelInfo, request)
        val stop = AtomicBoolean(false)
        val done = CompletableDeferred<CreateResult>()
        submit(stop, { done.completeExceptionally(if (it is CancellationException && local.closing) IllegalStateException("This llama.cpp client was closed while generating the answer", it) else it) }) {
            done.complete(generate(request, stop) {})
        }
        try {
            return if (needsDefault()) withContext(Dispatchers.Default) { done.await() } else done.await()
        } catch (e: CancellationException) {
            stop.set(true)
            throw e
        }
    }

    /**
     * A cold flow that generates the answer to [request] when collected, one [ChatStreamEvent.TextDelta] per token
     * (text that may begin a stop sequence is held until it is clear), then [ChatStreamEvent.Completed]. An answer held
     * to the tool protocol arrives whole before [ChatStreamEvent.Completed].
     *
     * Cancelling the collector stops the generation within a token. Errors are those of [create], thrown from the flow.
     */
    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
        // A collector without a dispatcher of its own would otherwise run on the generation thread.
        if (needsDefault()) emitAll(stream(request).flowOn(Dispatchers.Default).buffer(Channel.RENDEZVOUS)) else emitAll(stream(request))
    }

    private fun stream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
        checkCapabilities(LlamaCppNames.PROVIDER, model, modelInfo, request)
        val channel = Channel<ChatStreamEvent>(Channel.BUFFERED)
        val stop = AtomicBoolean(false)
        submit(stop, { channel.close(if (it is CancellationException && local.closing) closedWhileStreaming(it) else it) }) {
            val result = generate(request, stop) { piece ->
                if (!offer(channel, ChatStreamEvent.TextDelta(piece), stop)) stop.set(true)
            }
            val events = if (usesToolProtocol(request)) result.toStreamEvents() else listOf(ChatStreamEvent.Completed(result))
            for (event in events) if (!offer(channel, event, stop)) break
            channel.close()
        }
        try {
            for (event in channel) emit(event)
        } finally {
            stop.set(true)
            channel.cancel()
        }
    }

    /** The prompt tokens [messages] (and [tools], as the tool protocol describes them) take, by the model's tokenizer. */
    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int {
        val instructions = if (tools.isEmpty()) null else ToolConstraint(tools, null, null).instructions
        return local.use(AtomicBoolean()) { PreparedRequest.countPrompt(local, PreparedRequest.render(local, messages, instructions)) }
    }

    /**
     * Stops running generations (each within a token), then shuts llama.cpp down; waits for them to stop, so it may
     * take a token's time. A `create` it interrupts fails with [IllegalStateException], a stream with
     * [StreamInterruptedException]. Idempotent.
     */
    override fun close() {
        local.close()
    }

    override fun toString(): String = "llamacpp($model, ${local.config.modelPath.fileName}, slots=${local.slots})"

    private fun submit(stop: AtomicBoolean, fail: (Throwable) -> Unit, block: () -> Unit) {
        check(!local.isClosed()) { "This llama.cpp client is closed" }
        try {
            local.executor.execute {
                try {
                    local.use(stop, block)
                } catch (t: Throwable) {
                    fail(t)
                }
            }
        } catch (e: RejectedExecutionException) {
            throw IllegalStateException("This llama.cpp client is closed", e)
        }
    }

    private fun generate(request: CreateRequest, stop: AtomicBoolean, sink: (String) -> Unit): CreateResult {
        val prepared = PreparedRequest.of(request, local, model)
        val tools = prepared.constraints.tools
        val outcome = Generation(local.model, prepared.params, prepared.stops, prepared.limit, stop, if (tools == null) sink else { _ -> }).run()
        val result = CreateResult(listOf(choice(outcome, tools)), RequestUsage(prepared.promptTokens, outcome.completionTokens),
            id = "llamacpp-" + ids.incrementAndGet(), model = model)
        usage.accumulateAndGet(result.usage) { a, b -> a + b }
        return result
    }

    private fun choice(outcome: Outcome, tools: ToolConstraint?): Choice {
        val b = Choice.builder().finishReason(outcome.finish).rawFinishReason(outcome.rawFinish).content(outcome.text)
        val parsed = tools?.parse(outcome.text) ?: return b.build()
        return if (parsed.calls.isNotEmpty()) {
            b.content(null).toolCalls(parsed.calls).finishReason(FinishReason.TOOL_CALLS).rawFinishReason(LlamaCppNames.RAW_TOOL_CALLS).build()
        } else {
            b.content(parsed.content).build()
        }
    }

    private fun usesToolProtocol(request: CreateRequest): Boolean = request.tools.isNotEmpty() && request.toolChoice != ToolChoice.None

    /**
     * Hands [event] to the collector, waiting while its buffer is full, but never past [stop]: a collector that stops
     * collecting (or that closes this client from inside its collector) must not hold a generation, and so [close], up.
     */
    private fun offer(channel: Channel<ChatStreamEvent>, event: ChatStreamEvent, stop: AtomicBoolean): Boolean {
        while (true) {
            val sent = channel.trySend(event)
            if (sent.isSuccess) return true
            if (sent.isClosed || stop.get()) return false
            LockSupport.parkNanos(FULL_BUFFER_PAUSE_NANOS)
        }
    }

    private fun closedWhileStreaming(cause: Throwable) = StreamInterruptedException(
        "The client was closed while this answer was being generated: it is incomplete", LlamaCppNames.PROVIDER, 0, cause = cause,
    )

    private suspend fun needsDefault(): Boolean {
        val interceptor = currentCoroutineContext()[ContinuationInterceptor] ?: return true
        return interceptor == Dispatchers.Unconfined
    }

    /** Factories. */
    public companion object {
        private const val FULL_BUFFER_PAUSE_NANOS = 100_000L

        /**
         * Loads the model of [config] into llama.cpp (this takes as long as reading the file) and returns its client.
         *
         * @throws dev.switchboard.NotFoundException when there is no readable file at the path (the message names it).
         * @throws dev.switchboard.BadRequestException when the file is not a GGUF model llama.cpp can load: not GGUF,
         *   truncated, or of an architecture the bundled llama.cpp does not know (the message names the path and why).
         */
        @JvmStatic
        public fun open(config: LlamaCppConfig): LlamaCppChatCompletionClient = LlamaCppChatCompletionClient(LocalModel.load(config))

        /** Loads the GGUF model at [modelPath] with the default configuration; throws as [open] with a config does. */
        @JvmStatic
        public fun open(modelPath: Path): LlamaCppChatCompletionClient = open(LlamaCppConfig.builder(modelPath).build())
    }
}

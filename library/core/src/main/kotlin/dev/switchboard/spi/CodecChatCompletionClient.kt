package dev.switchboard.spi

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.LlmMessage
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.Tool
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicReference

/**
 * The [ChatCompletionClient] every provider is: a [ChatCodec] over an [HttpTransport]. It checks
 * capabilities, encodes, sends, decodes and keeps the usage totals.
 */
public open class CodecChatCompletionClient(
    override val model: String,
    override val modelInfo: ModelInfo,
    /** The provider's wire format. */
    protected val codec: ChatCodec,
    /** The HTTP machinery. */
    protected val transport: HttpTransport,
    private val tokenCounter: TokenCounter = TokenCounter.ESTIMATE,
) : ChatCompletionClient {
    private val usage = AtomicReference(RequestUsage.ZERO)
    private val closed = AtomicBoolean(false)
    private val errors = ErrorDecoder(codec::decodeError)

    override val totalUsage: RequestUsage get() = usage.get()
    override val actualUsage: RequestUsage get() = usage.get()

    override suspend fun create(request: CreateRequest): CreateResult {
        val spec = prepare(request, stream = false)
        val response = transport.execute(spec, errors)
        val result = codec.decodeResponse(response.bytes, response.headers[codec.requestIdHeader])
        record(result.usage)
        return result
    }

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
        val spec = prepare(request, stream = true)
        var decoder: StreamDecoder? = null
        var terminated = false
        val batch = ArrayList<ChatStreamEvent>(4)
        transport.stream(spec, codec.streamFraming, errors) { headers ->
            decoder = codec.newStreamDecoder(headers[codec.requestIdHeader])
        }.collect { frame ->
            if (terminated) return@collect
            val d = decoder!!
            terminated = d.decode(frame, batch)
            for (i in batch.indices) emit(batch[i])
            batch.clear()
        }
        val d = decoder ?: codec.newStreamDecoder(null)
        val result = d.finish(terminated)
        record(result.usage)
        emit(ChatStreamEvent.Completed(result))
    }

    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = tokenCounter.count(messages, tools)

    override fun close() {
        if (closed.compareAndSet(false, true)) transport.close()
    }

    override fun toString(): String = "${codec.provider}($model)"

    private fun prepare(request: CreateRequest, stream: Boolean): HttpRequestSpec {
        check(!closed.get()) { "This ${codec.provider} client is closed" }
        checkCapabilities(codec.provider, model, modelInfo, request)
        return codec.encode(model, request, stream)
    }

    private fun record(delta: RequestUsage) {
        usage.accumulateAndGet(delta) { a, b -> a + b }
    }
}

package dev.switchboard.internal.codec

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CapabilityMissingException
import dev.switchboard.CreateResult
import dev.switchboard.GuidedDecoding
import dev.switchboard.LlmMessage
import dev.switchboard.ModelInfo
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.ResponseHeaders
import dev.switchboard.SwitchboardException
import dev.switchboard.TokenCounter
import dev.switchboard.Tool
import dev.switchboard.checkCapabilities
import dev.switchboard.internal.http.Failures
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.ErrorDecoder
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.PreparedCall
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.flow
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicReference
import java.util.function.Supplier
import kotlin.coroutines.cancellation.CancellationException

/**
 * The [ChatCompletionClient] every provider is made of: a [ChatCodec] over an [HttpTransport] (see
 * [dev.switchboard.spi.CodecClients]).
 *
 * It checks capabilities against [info] (read at each call), has the codec prepare the call, sends it, decodes and
 * keeps the usage totals. Safe to share between coroutines and threads. [close] closes the [transport].
 */
internal class CodecClient(
    override val model: String,
    private val info: Supplier<ModelInfo>,
    private val codec: ChatCodec,
    private val transport: HttpTransport,
    private val tokenCounter: TokenCounter,
) : ChatCompletionClient {
    private val usage = AtomicReference(RequestUsage.ZERO)
    private val closed = AtomicBoolean(false)
    private val errors = ErrorDecoder(codec::decodeError)

    override val modelInfo: ModelInfo get() = info.get()
    override val totalUsage: RequestUsage get() = usage.get()
    override val actualUsage: RequestUsage get() = usage.get()
    override val provider: String get() = codec.provider
    override val endpoint: String? get() = codec.endpoint

    override suspend fun create(request: CreateRequest): CreateResult {
        val call = prepare(request, stream = false)
        val response = transport.execute(call.spec, errors)
        val requestId = call.requestId(response.headers)
        val result = try {
            call.decodeResponse(response.bytes, requestId)
        } catch (e: RuntimeException) {
            throw codecFailure(e, "its response", requestId)
        }
        record(result.usage)
        return result
    }

    /**
     * A cold flow that sends [request] when collected; see [ChatCompletionClient.createStream].
     *
     * [ChatStreamEvent.Completed] is emitted as soon as the decoder sees the stream's terminator; the flow then reads
     * the rest of the body (normally nothing) so that the connection can be reused, and completes when it ends. A
     * connection that breaks or goes quiet after the terminator does not fail the flow: the answer was complete.
     */
    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
        val call = prepare(request, stream = true)
        val relay = EventRelay(this, call)
        try {
            transport.streamInto(relay, call.spec, call.framing, errors, relay::open)
        } catch (e: SwitchboardException) {
            // Once Completed was delivered, nothing is emitted any more: a failure can only come from reading
            // past the terminator (a reset or a silent connection), and the answer is complete.
            if (!relay.delivered) throw e
        }
        if (!relay.terminated) emit(ChatStreamEvent.Completed(finish(relay.decoder ?: call.newStreamDecoder(null), false, relay.requestId)))
    }

    /**
     * Turns one stream's frames into events for [downstream]. A frame that makes exactly one event (nearly every
     * frame) is passed on with a tail call, so that [emit] has no state machine and a frame costs no continuation.
     */
    private inner class EventRelay(private val downstream: FlowCollector<ChatStreamEvent>, private val call: PreparedCall) :
        FlowCollector<StreamFrame> {
        var decoder: StreamDecoder? = null
        var requestId: String? = null
        var terminated = false
        var delivered = false
        private val batch = ArrayList<ChatStreamEvent>(4)

        /** The response headers arrived: the stream's decoder is made with its request id. */
        fun open(headers: ResponseHeaders) {
            requestId = call.requestId(headers)
            decoder = call.newStreamDecoder(requestId)
        }

        override suspend fun emit(value: StreamFrame) {
            if (terminated) return
            val d = decoder!!
            val ended = try {
                d.decode(value, batch)
            } catch (e: RuntimeException) {
                throw codecFailure(e, "a stream event", requestId)
            }
            terminated = ended
            if (!ended && batch.size == 1) {
                val event = batch[0]
                batch.clear()
                return downstream.emit(event)
            }
            return emitBatch(d, ended)
        }

        private suspend fun emitBatch(d: StreamDecoder, ended: Boolean) {
            for (i in batch.indices) downstream.emit(batch[i])
            batch.clear()
            if (ended) {
                downstream.emit(ChatStreamEvent.Completed(finish(d, true, requestId)))
                delivered = true
            }
        }
    }

    private fun finish(decoder: StreamDecoder, terminated: Boolean, requestId: String?): CreateResult {
        val result = try {
            decoder.finish(terminated)
        } catch (e: RuntimeException) {
            throw codecFailure(e, "the end of its stream", requestId)
        }
        record(result.usage)
        return result
    }

    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = tokenCounter.count(messages, tools)

    override fun close() {
        if (closed.compareAndSet(false, true)) transport.close()
    }

    override fun toString(): String = "${codec.provider}($model)"

    private fun prepare(request: CreateRequest, stream: Boolean): PreparedCall {
        check(!closed.get()) { "This ${codec.provider} client is closed" }
        checkCapabilities(codec.provider, model, info.get(), request)
        request.guidedDecoding?.let { checkGuidedDecoding(it.kind) }
        return codec.prepare(model, request, stream)
    }

    private fun checkGuidedDecoding(kind: GuidedDecoding.Kind) {
        val taken = codec.guidedDecoding
        if (kind in taken) return
        val takes = if (taken.isEmpty()) "takes no guided decoding" else "takes guided decoding by ${taken.joinToString(" or ") { it.label }} only"
        throw CapabilityMissingException(
            "The ${codec.provider} client cannot send guided decoding by ${kind.label}: its server $takes, and nothing " +
                "was sent. Remove it, use responseFormat(...) for a JSON schema where the provider takes one, or call a " +
                "server that takes it (for an OpenAI-compatible server, choose its dialect with " +
                "OpenAiConfig.Builder.guidedDecoding(...): vLLM, TGI or llama.cpp)",
            codec.provider, "guided_decoding_${kind.name.lowercase()}",
        )
    }

    /**
     * [e] itself when it is already typed (or a cancellation); otherwise the [ProtocolException] for a codec that
     * failed on what the provider sent, as a codec bug or an unforeseen answer would.
     */
    private fun codecFailure(e: RuntimeException, what: String, requestId: String?): RuntimeException {
        if (e is SwitchboardException || e is CancellationException) return e
        val reason = HttpErrors.redact(Failures.describe(e))
        return ProtocolException(
            "The ${codec.provider} codec could not read $what ($reason)", codec.provider, 200, requestId, null, Failures.redacted(e),
        )
    }

    private fun record(delta: RequestUsage) {
        usage.accumulateAndGet(delta) { a, b -> a + b }
    }
}

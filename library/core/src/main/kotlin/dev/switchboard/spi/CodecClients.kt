package dev.switchboard.spi

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ModelInfo
import dev.switchboard.TokenCounter
import dev.switchboard.internal.codec.CodecClient
import java.util.function.Supplier

/**
 * Makes the [ChatCompletionClient] of a [ChatCodec] over an [HttpTransport]: the one client every provider is. It
 * checks the request against the model's capabilities before any network call, has the codec [prepare][ChatCodec.prepare]
 * the call, sends it through the transport, decodes the answer or the stream (the last event the complete result),
 * types a codec's failures as [dev.switchboard.ProtocolException]s and keeps the usage totals. Closing the client
 * closes the transport, so a transport belongs to one client.
 *
 * A provider module returns it as it is, or from a final class of its own that delegates to it.
 */
@SwitchboardSpi
public object CodecClients {
    /**
     * The client of [model], whose capabilities are [modelInfo], speaking [codec] over [transport] and counting
     * tokens with [tokenCounter].
     */
    @JvmStatic
    @JvmOverloads
    public fun create(
        model: String,
        modelInfo: ModelInfo,
        codec: ChatCodec,
        transport: HttpTransport,
        tokenCounter: TokenCounter = TokenCounter.ESTIMATE,
    ): ChatCompletionClient = CodecClient(model, { modelInfo }, codec, transport, tokenCounter)

    /**
     * The client of [model] whose capabilities may become known later (a server that says what its model can do):
     * [modelInfo] is asked at each call, before the request is checked, and by [ChatCompletionClient.modelInfo]. It
     * must be cheap and must not block.
     */
    @JvmStatic
    public fun create(
        model: String,
        modelInfo: Supplier<ModelInfo>,
        codec: ChatCodec,
        transport: HttpTransport,
        tokenCounter: TokenCounter,
    ): ChatCompletionClient = CodecClient(model, modelInfo, codec, transport, tokenCounter)
}

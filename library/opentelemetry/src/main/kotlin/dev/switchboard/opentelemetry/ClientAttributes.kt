package dev.switchboard.opentelemetry

import dev.switchboard.ChatCompletionClient
import io.opentelemetry.api.common.Attributes

/**
 * What every call of one client shares, worked out once when the client is wrapped: the span name `chat {model}` and
 * the attributes known before any request — `gen_ai.operation.name`, `gen_ai.provider.name`, `gen_ai.request.model`,
 * `server.address` and `server.port` — which are the ones the conventions want at span creation (for samplers) and
 * the ones every metric carries.
 */
internal class ClientAttributes(client: ChatCompletionClient) {
    /** `chat {model}`. */
    val spanName: String = "${GenAiKeys.OPERATION_CHAT} ${client.model}"

    /** The attributes of the span's start and of every metric. */
    val common: Attributes = Attributes.builder().apply {
        put(GenAiKeys.OPERATION_NAME, GenAiKeys.OPERATION_CHAT)
        put(GenAiKeys.PROVIDER_NAME, GenAiProviders.of(client.provider))
        put(GenAiKeys.REQUEST_MODEL, client.model)
        ServerAddress.of(client.endpoint)?.let { server ->
            put(GenAiKeys.SERVER_ADDRESS, server.address)
            server.port?.let { put(GenAiKeys.SERVER_PORT, it) }
        }
    }.build()
}

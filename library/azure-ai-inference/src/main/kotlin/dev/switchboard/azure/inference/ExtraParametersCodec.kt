package dev.switchboard.azure.inference

import dev.switchboard.CreateRequest
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.PreparedCall
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject

/**
 * The Chat Completions codec with Azure AI Model Inference's `extra-parameters` header: [fixed] on every
 * request when set; otherwise `pass-through` on a request whose body has a top-level field the API does
 * not define, and nothing on the others. A request that sets the header itself keeps its own.
 */
internal class ExtraParametersCodec(
    private val inner: ChatCodec,
    private val fixed: AzureAiInferenceConfig.ExtraParameters?,
) : ChatCodec by inner {
    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall {
        val call = inner.prepare(model, request, stream)
        val spec = call.spec
        if (spec.headers.keys.any { it.equals(HEADER, ignoreCase = true) }) return call
        val value = fixed?.wireValue ?: if (hasExtraFields(spec.body)) AzureAiInferenceConfig.ExtraParameters.PASS_THROUGH.wireValue else return call
        val headers = LinkedHashMap(spec.headers).apply { put(HEADER, value) }
        return WithHeader(call, HttpRequestSpec(spec.url, spec.body, headers, spec.method, spec.contentType))
    }

    /** [call] sent as [spec] (the same request with the header added); it decodes as [call] does. */
    private class WithHeader(private val call: PreparedCall, override val spec: HttpRequestSpec) : PreparedCall by call

    override fun toString(): String = "ExtraParametersCodec($inner)"

    companion object {
        const val HEADER = "extra-parameters"

        /** The top-level request fields of the Azure AI Model Inference chat completions API (2024-05-01-preview). */
        val API_FIELDS: Set<String> = setOf(
            "messages", "model", "frequency_penalty", "presence_penalty", "temperature", "top_p", "max_tokens",
            "response_format", "stop", "stream", "tools", "tool_choice", "seed", "modalities",
        )

        fun extraFields(body: ByteArray?): List<String> {
            if (body == null || body.isEmpty()) return emptyList()
            val json = Json.parseToJsonElement(body.decodeToString())
            return (json as? JsonObject)?.jsonObject?.keys?.filter { it !in API_FIELDS } ?: emptyList()
        }

        fun hasExtraFields(body: ByteArray?): Boolean = extraFields(body).isNotEmpty()
    }
}

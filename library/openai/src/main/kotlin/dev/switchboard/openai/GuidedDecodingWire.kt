package dev.switchboard.openai

import dev.switchboard.BadRequestException
import dev.switchboard.CreateRequest
import dev.switchboard.GuidedDecoding
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Writes a request's [GuidedDecoding] as the fields of a Chat Completions body in a server's [GuidedDecodingDialect].
 * The fields are merged into the body after the modelled ones (and before [CreateRequest.extraBody], which overrides
 * them): vLLM's `structured_outputs` or `guided_*`, TGI's `response_format`, llama.cpp's `json_schema` or `grammar`.
 */
internal object GuidedDecodingWire {
    /**
     * Refuses [request] when [dialect] cannot carry its guided decoding: a kind the server does not take (the client
     * refuses it before the codec with a [dev.switchboard.CapabilityMissingException]; this guards a codec used on
     * its own), or TGI's response format beside tools, which TGI rejects.
     *
     * @throws BadRequestException naming the provider and what to change.
     */
    fun check(dialect: GuidedDecodingDialect, request: CreateRequest, provider: String) {
        val guided = request.guidedDecoding ?: return
        if (guided.kind !in dialect.kinds) {
            throw BadRequestException(
                "$provider takes no guided decoding by ${guided.kind.label} (its dialect is $dialect): remove it, or " +
                    "choose the server's dialect with OpenAiConfig.Builder.guidedDecoding(...)",
                provider, 0,
            )
        }
        if (dialect == GuidedDecodingDialect.TGI && request.tools.isNotEmpty()) {
            throw BadRequestException(
                "text-generation-inference takes guided decoding (response_format) or tools in one request, not both: " +
                    "remove one of them",
                provider, 0,
            )
        }
    }

    /** The body fields for [guided] in [dialect], which [check] has accepted. */
    fun fields(dialect: GuidedDecodingDialect, guided: GuidedDecoding): Map<String, JsonElement> = when (dialect) {
        GuidedDecodingDialect.NONE -> error("No guided decoding dialect: GuidedDecodingWire.check refuses the request")
        GuidedDecodingDialect.VLLM -> mapOf("structured_outputs" to JsonObject(mapOf(vllmKey(guided) to value(guided))))
        GuidedDecodingDialect.VLLM_GUIDED -> mapOf("guided_${vllmKey(guided)}" to value(guided))
        GuidedDecodingDialect.TGI -> {
            val type = when (guided) {
                is GuidedDecoding.JsonSchema -> "json"
                is GuidedDecoding.Regex -> "regex"
                else -> error("TGI takes no ${guided.kind}")
            }
            mapOf("response_format" to JsonObject(mapOf("type" to JsonPrimitive(type), "value" to value(guided))))
        }
        GuidedDecodingDialect.LLAMA_CPP -> when (guided) {
            is GuidedDecoding.JsonSchema -> mapOf("json_schema" to guided.schema)
            is GuidedDecoding.Grammar -> mapOf("grammar" to JsonPrimitive(guided.grammar))
            else -> error("llama.cpp takes no ${guided.kind}")
        }
    }

    private fun vllmKey(guided: GuidedDecoding): String = when (guided) {
        is GuidedDecoding.JsonSchema -> "json"
        is GuidedDecoding.Regex -> "regex"
        is GuidedDecoding.Grammar -> "grammar"
        is GuidedDecoding.Choice -> "choice"
    }

    private fun value(guided: GuidedDecoding): JsonElement = when (guided) {
        is GuidedDecoding.JsonSchema -> guided.schema
        is GuidedDecoding.Regex -> JsonPrimitive(guided.pattern)
        is GuidedDecoding.Grammar -> JsonPrimitive(guided.grammar)
        is GuidedDecoding.Choice -> JsonArray(guided.choices.map(::JsonPrimitive))
    }
}

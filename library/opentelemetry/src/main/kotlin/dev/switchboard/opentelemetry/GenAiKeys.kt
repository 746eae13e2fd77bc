package dev.switchboard.opentelemetry

import io.opentelemetry.api.common.AttributeKey
import io.opentelemetry.api.common.AttributeKey.booleanKey
import io.opentelemetry.api.common.AttributeKey.doubleKey
import io.opentelemetry.api.common.AttributeKey.longKey
import io.opentelemetry.api.common.AttributeKey.stringArrayKey
import io.opentelemetry.api.common.AttributeKey.stringKey

/**
 * The attribute keys and values this module records, after the OpenTelemetry GenAI semantic conventions. They are
 * copied here rather than taken from `opentelemetry-semconv-incubating`, an alpha artifact whose names may change
 * between its releases; `SemconvKeysTest` checks every one that artifact has against it.
 */
internal object GenAiKeys {
    val OPERATION_NAME: AttributeKey<String> = stringKey("gen_ai.operation.name")
    val PROVIDER_NAME: AttributeKey<String> = stringKey("gen_ai.provider.name")
    val OUTPUT_TYPE: AttributeKey<String> = stringKey("gen_ai.output.type")

    val REQUEST_MODEL: AttributeKey<String> = stringKey("gen_ai.request.model")
    val REQUEST_TEMPERATURE: AttributeKey<Double> = doubleKey("gen_ai.request.temperature")
    val REQUEST_TOP_P: AttributeKey<Double> = doubleKey("gen_ai.request.top_p")
    /** A double in the conventions, though the request takes a whole number. */
    val REQUEST_TOP_K: AttributeKey<Double> = doubleKey("gen_ai.request.top_k")
    val REQUEST_MAX_TOKENS: AttributeKey<Long> = longKey("gen_ai.request.max_tokens")
    val REQUEST_STOP_SEQUENCES: AttributeKey<List<String>> = stringArrayKey("gen_ai.request.stop_sequences")
    val REQUEST_SEED: AttributeKey<Long> = longKey("gen_ai.request.seed")
    val REQUEST_FREQUENCY_PENALTY: AttributeKey<Double> = doubleKey("gen_ai.request.frequency_penalty")
    val REQUEST_PRESENCE_PENALTY: AttributeKey<Double> = doubleKey("gen_ai.request.presence_penalty")
    val REQUEST_CHOICE_COUNT: AttributeKey<Long> = longKey("gen_ai.request.choice.count")
    val REQUEST_STREAM: AttributeKey<Boolean> = booleanKey("gen_ai.request.stream")

    val RESPONSE_ID: AttributeKey<String> = stringKey("gen_ai.response.id")
    val RESPONSE_MODEL: AttributeKey<String> = stringKey("gen_ai.response.model")
    val RESPONSE_FINISH_REASONS: AttributeKey<List<String>> = stringArrayKey("gen_ai.response.finish_reasons")
    val RESPONSE_TIME_TO_FIRST_CHUNK: AttributeKey<Double> = doubleKey("gen_ai.response.time_to_first_chunk")

    val USAGE_INPUT_TOKENS: AttributeKey<Long> = longKey("gen_ai.usage.input_tokens")
    val USAGE_OUTPUT_TOKENS: AttributeKey<Long> = longKey("gen_ai.usage.output_tokens")
    val USAGE_CACHE_READ_INPUT_TOKENS: AttributeKey<Long> = longKey("gen_ai.usage.cache_read.input_tokens")
    val USAGE_CACHE_CREATION_INPUT_TOKENS: AttributeKey<Long> = longKey("gen_ai.usage.cache_creation.input_tokens")
    val USAGE_REASONING_OUTPUT_TOKENS: AttributeKey<Long> = longKey("gen_ai.usage.reasoning.output_tokens")

    val TOKEN_TYPE: AttributeKey<String> = stringKey("gen_ai.token.type")

    /**
     * Opt-in content, as JSON text after the conventions' input and output messages schemas. The Java artifact has
     * no keys for them (their type is `any`): the names come from the conventions' span document.
     */
    val INPUT_MESSAGES: AttributeKey<String> = stringKey("gen_ai.input.messages")
    val OUTPUT_MESSAGES: AttributeKey<String> = stringKey("gen_ai.output.messages")

    /** Stable conventions. */
    val ERROR_TYPE: AttributeKey<String> = stringKey("error.type")
    val SERVER_ADDRESS: AttributeKey<String> = stringKey("server.address")
    val SERVER_PORT: AttributeKey<Long> = longKey("server.port")
    val EXCEPTION_TYPE: AttributeKey<String> = stringKey("exception.type")
    val EXCEPTION_MESSAGE: AttributeKey<String> = stringKey("exception.message")
    val EXCEPTION_STACKTRACE: AttributeKey<String> = stringKey("exception.stacktrace")
    const val EXCEPTION_EVENT: String = "exception"

    /** This library's own: the caller was cancelled, or stopped collecting the stream before its end. */
    val CANCELLED: AttributeKey<Boolean> = booleanKey("switchboard.cancelled")
    /** This library's own: the answer came from a cache (`CreateResult.cached`), not from the provider. */
    val CACHED: AttributeKey<Boolean> = booleanKey("switchboard.cached")

    const val OPERATION_CHAT: String = "chat"
    const val TOKEN_INPUT: String = "input"
    const val TOKEN_OUTPUT: String = "output"
    const val OUTPUT_JSON: String = "json"
    const val OUTPUT_TEXT: String = "text"
}

package dev.switchboard.opentelemetry

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiProviderNameIncubatingValues
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiTokenTypeIncubatingValues
import io.opentelemetry.semconv.incubating.GenAiIncubatingMetrics

/**
 * The keys, values and metric names copied into [GenAiKeys], [GenAiProviders] and [GenAiMetrics] are the ones of
 * `opentelemetry-semconv-incubating` (an alpha artifact, used by the tests only): an update of it that renames one
 * fails here.
 */
class SemconvKeysTest : FunSpec({
    test("every attribute key is the semconv artifact's, of the same type") {
        listOf(
            GenAiKeys.OPERATION_NAME to GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME,
            GenAiKeys.PROVIDER_NAME to GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME,
            GenAiKeys.OUTPUT_TYPE to GenAiIncubatingAttributes.GEN_AI_OUTPUT_TYPE,
            GenAiKeys.REQUEST_MODEL to GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL,
            GenAiKeys.REQUEST_TEMPERATURE to GenAiIncubatingAttributes.GEN_AI_REQUEST_TEMPERATURE,
            GenAiKeys.REQUEST_TOP_P to GenAiIncubatingAttributes.GEN_AI_REQUEST_TOP_P,
            GenAiKeys.REQUEST_TOP_K to GenAiIncubatingAttributes.GEN_AI_REQUEST_TOP_K,
            GenAiKeys.REQUEST_MAX_TOKENS to GenAiIncubatingAttributes.GEN_AI_REQUEST_MAX_TOKENS,
            GenAiKeys.REQUEST_STOP_SEQUENCES to GenAiIncubatingAttributes.GEN_AI_REQUEST_STOP_SEQUENCES,
            GenAiKeys.REQUEST_SEED to GenAiIncubatingAttributes.GEN_AI_REQUEST_SEED,
            GenAiKeys.REQUEST_FREQUENCY_PENALTY to GenAiIncubatingAttributes.GEN_AI_REQUEST_FREQUENCY_PENALTY,
            GenAiKeys.REQUEST_PRESENCE_PENALTY to GenAiIncubatingAttributes.GEN_AI_REQUEST_PRESENCE_PENALTY,
            GenAiKeys.REQUEST_CHOICE_COUNT to GenAiIncubatingAttributes.GEN_AI_REQUEST_CHOICE_COUNT,
            GenAiKeys.REQUEST_STREAM to GenAiIncubatingAttributes.GEN_AI_REQUEST_STREAM,
            GenAiKeys.RESPONSE_ID to GenAiIncubatingAttributes.GEN_AI_RESPONSE_ID,
            GenAiKeys.RESPONSE_MODEL to GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL,
            GenAiKeys.RESPONSE_FINISH_REASONS to GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS,
            GenAiKeys.RESPONSE_TIME_TO_FIRST_CHUNK to GenAiIncubatingAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
            GenAiKeys.USAGE_INPUT_TOKENS to GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS,
            GenAiKeys.USAGE_OUTPUT_TOKENS to GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS,
            GenAiKeys.USAGE_CACHE_READ_INPUT_TOKENS to GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
            GenAiKeys.USAGE_CACHE_CREATION_INPUT_TOKENS to GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
            GenAiKeys.USAGE_REASONING_OUTPUT_TOKENS to GenAiIncubatingAttributes.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
            GenAiKeys.TOKEN_TYPE to GenAiIncubatingAttributes.GEN_AI_TOKEN_TYPE,
        ).forEach { (ours, theirs) -> ours shouldBe theirs }
    }

    test("the values are the artifact's") {
        GenAiKeys.OPERATION_CHAT shouldBe GenAiOperationNameIncubatingValues.CHAT
        GenAiKeys.TOKEN_INPUT shouldBe GenAiTokenTypeIncubatingValues.INPUT
        GenAiKeys.TOKEN_OUTPUT shouldBe GenAiTokenTypeIncubatingValues.OUTPUT
        listOf("openai", "azure-openai", "azure-ai-inference", "anthropic", "gemini", "groq", "deepseek", "mistral")
            .map(GenAiProviders::of) shouldBe listOf(
                GenAiProviderNameIncubatingValues.OPENAI, GenAiProviderNameIncubatingValues.AZURE_AI_OPENAI,
                GenAiProviderNameIncubatingValues.AZURE_AI_INFERENCE, GenAiProviderNameIncubatingValues.ANTHROPIC,
                GenAiProviderNameIncubatingValues.GCP_GEMINI, GenAiProviderNameIncubatingValues.GROQ,
                GenAiProviderNameIncubatingValues.DEEPSEEK, GenAiProviderNameIncubatingValues.MISTRAL_AI,
            )
    }

    test("the metric names and units are the artifact's") {
        GenAiMetrics.OPERATION_DURATION shouldBe GenAiIncubatingMetrics.GEN_AI_CLIENT_OPERATION_DURATION_NAME
        GenAiMetrics.TOKEN_USAGE shouldBe GenAiIncubatingMetrics.GEN_AI_CLIENT_TOKEN_USAGE_NAME
        GenAiMetrics.TIME_TO_FIRST_CHUNK shouldBe GenAiIncubatingMetrics.GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK_NAME
        TestTelemetry().use { otel ->
            val metrics = GenAiMetrics(otel.openTelemetry.getMeter("test"))
            metrics.operationDuration.record(1.0)
            metrics.tokenUsage.record(1)
            metrics.timeToFirstChunk.record(1.0)
            val collected = otel.collect()
            collected.getValue(GenAiMetrics.OPERATION_DURATION).unit shouldBe GenAiIncubatingMetrics.GEN_AI_CLIENT_OPERATION_DURATION_UNIT
            collected.getValue(GenAiMetrics.TOKEN_USAGE).unit shouldBe GenAiIncubatingMetrics.GEN_AI_CLIENT_TOKEN_USAGE_UNIT
            collected.getValue(GenAiMetrics.TIME_TO_FIRST_CHUNK).unit shouldBe
                GenAiIncubatingMetrics.GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK_UNIT
        }
    }
})

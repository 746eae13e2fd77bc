package dev.switchboard.opentelemetry

import io.opentelemetry.api.metrics.DoubleHistogram
import io.opentelemetry.api.metrics.LongHistogram
import io.opentelemetry.api.metrics.Meter

/**
 * The GenAI client metrics of the conventions, with the explicit bucket boundaries they advise: the operation's
 * duration, the tokens used, and the time to the first chunk of a stream.
 */
internal class GenAiMetrics(meter: Meter) {
    /** `gen_ai.client.operation.duration`, in seconds; `error.type` when the call failed. */
    val operationDuration: DoubleHistogram = meter.histogramBuilder(OPERATION_DURATION)
        .setUnit("s")
        .setDescription("GenAI operation duration.")
        .setExplicitBucketBoundariesAdvice(DURATION_BOUNDARIES)
        .build()

    /** `gen_ai.client.token.usage`, per `gen_ai.token.type` (`input`, `output`). */
    val tokenUsage: LongHistogram = meter.histogramBuilder(TOKEN_USAGE)
        .ofLongs()
        .setUnit("{token}")
        .setDescription("Number of input and output tokens used.")
        .setExplicitBucketBoundariesAdvice(TOKEN_BOUNDARIES)
        .build()

    /** `gen_ai.client.operation.time_to_first_chunk`, in seconds; streams only. */
    val timeToFirstChunk: DoubleHistogram = meter.histogramBuilder(TIME_TO_FIRST_CHUNK)
        .setUnit("s")
        .setDescription(
            "Time to receive the first chunk, measured from when the client issues the generation request to when " +
                "the first chunk is received in the response stream.",
        )
        .setExplicitBucketBoundariesAdvice(DURATION_BOUNDARIES)
        .build()

    companion object {
        const val OPERATION_DURATION: String = "gen_ai.client.operation.duration"
        const val TOKEN_USAGE: String = "gen_ai.client.token.usage"
        const val TIME_TO_FIRST_CHUNK: String = "gen_ai.client.operation.time_to_first_chunk"

        /** The conventions' boundaries for `gen_ai.client.operation.duration` and `…time_to_first_chunk`, in seconds. */
        val DURATION_BOUNDARIES: List<Double> =
            listOf(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92)

        /** The conventions' boundaries for `gen_ai.client.token.usage`: powers of 4 from 1 to 4^13. */
        val TOKEN_BOUNDARIES: List<Long> = listOf(
            1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
        )
    }
}

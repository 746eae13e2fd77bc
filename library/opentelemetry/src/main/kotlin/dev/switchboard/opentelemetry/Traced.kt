@file:JvmName("Traced")

package dev.switchboard.opentelemetry

import dev.switchboard.ChatCompletionClient
import io.opentelemetry.api.OpenTelemetry

/**
 * This client with OpenTelemetry traces and metrics after the GenAI semantic conventions, recorded to
 * [openTelemetry] without message content; see [GenAiTelemetry.wrap] for threads, cancellation and failures. Build
 * one [GenAiTelemetry] and use the other overload to wrap several clients, or to capture content.
 */
public fun ChatCompletionClient.traced(openTelemetry: OpenTelemetry): ChatCompletionClient =
    GenAiTelemetry.create(openTelemetry).wrap(this)

/** This client with [telemetry]'s traces and metrics: `telemetry.wrap(this)`; see [GenAiTelemetry.wrap]. */
public fun ChatCompletionClient.traced(telemetry: GenAiTelemetry): ChatCompletionClient = telemetry.wrap(this)

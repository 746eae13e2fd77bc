@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.opentelemetry.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.opentelemetry.GenAiTelemetry
import dev.switchboard.spi.SwitchboardSpi
import io.opentelemetry.api.GlobalOpenTelemetry
import io.opentelemetry.api.OpenTelemetry

/**
 * `telemetry`: GenAI spans and metrics around `client`, recorded to the `OpenTelemetry` bound to the loader under the
 * name given as `open_telemetry` (else the global one), with `capture_content`.
 */
internal class TelemetryComponent : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "telemetry"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val otel = context.boundOrNull(config, "open_telemetry", OpenTelemetry::class.java) ?: GlobalOpenTelemetry.get()
        val b = GenAiTelemetry.builder(otel)
        config.booleanOrNull("capture_content")?.let { b.captureContent(it) }
        return b.build().wrap(context.component(config, "client", ComponentKind.CLIENT))
    }
}

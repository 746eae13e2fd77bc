package dev.switchboard.opentelemetry

import io.opentelemetry.api.OpenTelemetry
import io.opentelemetry.api.common.AttributeKey
import io.opentelemetry.sdk.OpenTelemetrySdk
import io.opentelemetry.sdk.metrics.SdkMeterProvider
import io.opentelemetry.sdk.metrics.data.HistogramPointData
import io.opentelemetry.sdk.metrics.data.MetricData
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter
import io.opentelemetry.sdk.trace.SdkTracerProvider
import io.opentelemetry.sdk.trace.data.SpanData
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor

/** An OpenTelemetry SDK that keeps what it records in memory: the spans ended and the metrics, for assertions. */
internal class TestTelemetry : AutoCloseable {
    val spans: InMemorySpanExporter = InMemorySpanExporter.create()
    val metrics: InMemoryMetricReader = InMemoryMetricReader.create()

    val sdk: OpenTelemetrySdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .build()

    val openTelemetry: OpenTelemetry get() = sdk

    /** The spans ended so far, in the order they ended. */
    fun finished(): List<SpanData> = spans.finishedSpanItems

    /** The only span named [name]. */
    fun span(name: String): SpanData = finished().filter { it.name == name }.let {
        check(it.size == 1) { "expected one span named '$name', got ${finished().map { s -> s.name }}" }
        it[0]
    }

    /** The metrics collected now, by name. */
    fun collect(): Map<String, MetricData> = metrics.collectAllMetrics().associateBy { it.name }

    override fun close() {
        sdk.close()
    }
}

/** The histogram points of this metric. */
internal val MetricData.points: List<HistogramPointData> get() = histogramData.points.toList()

/** The value of [key] on this span. */
internal operator fun <T : Any> SpanData.get(key: AttributeKey<T>): T? = attributes.get(key)

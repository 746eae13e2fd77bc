package dev.switchboard.bench.rows

import ch.qos.logback.classic.Level
import ch.qos.logback.classic.LoggerContext
import ch.qos.logback.classic.encoder.PatternLayoutEncoder
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.core.OutputStreamAppender
import dev.switchboard.ChatCompletionClient
import dev.switchboard.cache.CacheStore
import dev.switchboard.cache.MemoryCacheStore
import dev.switchboard.cache.cached
import dev.switchboard.events.CallEventLogger
import dev.switchboard.events.logged
import dev.switchboard.opentelemetry.traced
import io.opentelemetry.api.OpenTelemetry
import io.opentelemetry.sdk.OpenTelemetrySdk
import io.opentelemetry.sdk.common.CompletableResultCode
import io.opentelemetry.sdk.metrics.InstrumentType
import io.opentelemetry.sdk.metrics.SdkMeterProvider
import io.opentelemetry.sdk.metrics.data.AggregationTemporality
import io.opentelemetry.sdk.metrics.export.CollectionRegistration
import io.opentelemetry.sdk.metrics.export.MetricReader
import io.opentelemetry.sdk.trace.SdkTracerProvider
import io.opentelemetry.sdk.trace.data.SpanData
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor
import io.opentelemetry.sdk.trace.export.SpanExporter
import dev.switchboard.ratelimit.RateLimiter
import dev.switchboard.ratelimit.RateLimits
import dev.switchboard.router.router
import org.slf4j.LoggerFactory
import java.io.OutputStream
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage

/**
 * The wrappers the benchmark rows measure, by name: `events-off` (call events with their logger at WARN: one level
 * check per call), `events-on` (the logger at INFO, each event formatted with its key-value pairs by a Logback
 * pattern encoder into a stream that discards the bytes: the cost up to the appender's I/O), `cache-hit` (a memory
 * cache; after the first call every call is answered from it), `traced` (OpenTelemetry GenAI spans and metrics
 * through the SDK: spans batched to an exporter that drops them, metrics aggregated by a reader that is never read),
 * `router` (a router over two deployments, each a client from [newClient] of the same config, chosen by simple
 * shuffle: the router's own cost per call, every call answered), `cache-miss` (a cache whose store never holds an
 * answer: every call computes its key, misses, calls the client and encodes and offers the answer to the store),
 * `rate-limit` (requests and tokens per minute far above what the run spends: every call counts its tokens, reserves
 * and settles, and is never held).
 */
internal object Wrappers {
    fun wrap(name: String, newClient: () -> ChatCompletionClient): ChatCompletionClient = when (name) {
        "" -> newClient()
        "events-off" -> { eventsLogger(Level.WARN); newClient().logged() }
        "events-on" -> { eventsLogger(Level.INFO); newClient().logged() }
        "cache-hit" -> newClient().cached(MemoryCacheStore.create())
        "traced" -> newClient().traced(tracing())
        "router" -> router { group("gpt-4o-mini") { deployment("a", newClient()); deployment("b", newClient()) } }
        "cache-miss" -> newClient().cached(ForgetfulStore)
        "rate-limit" -> RateLimiter.of(RateLimits.builder().requestsPerMinute(1_000_000_000).tokensPerMinute(10_000_000_000).build()).wrap(newClient())
        else -> throw IllegalArgumentException("unknown wrapper '$name'")
    }

    /** A store that takes every answer and keeps none: each lookup misses. */
    private object ForgetfulStore : CacheStore {
        private val none: CompletionStage<ByteArray?> = CompletableFuture.completedFuture(null)
        private val done: CompletionStage<Void?> = CompletableFuture.completedFuture(null)
        override fun get(key: String): CompletionStage<ByteArray?> = none
        override fun put(key: String, value: ByteArray, ttl: Duration?): CompletionStage<Void?> = done
        override fun remove(key: String): CompletionStage<Void?> = done
    }

    private fun tracing(): OpenTelemetry {
        val drop = object : SpanExporter {
            override fun export(spans: Collection<SpanData>): CompletableResultCode = CompletableResultCode.ofSuccess()
            override fun flush(): CompletableResultCode = CompletableResultCode.ofSuccess()
            override fun shutdown(): CompletableResultCode = CompletableResultCode.ofSuccess()
        }
        val reader = object : MetricReader {
            private var producer: CollectionRegistration? = null
            override fun register(registration: CollectionRegistration) { producer = registration }
            override fun getAggregationTemporality(type: InstrumentType): AggregationTemporality = AggregationTemporality.CUMULATIVE
            override fun forceFlush(): CompletableResultCode = CompletableResultCode.ofSuccess()
            override fun shutdown(): CompletableResultCode = CompletableResultCode.ofSuccess()
        }
        return OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(drop).build()).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build()
    }

    private fun eventsLogger(level: Level) {
        val context = LoggerFactory.getILoggerFactory() as LoggerContext
        val logger = context.getLogger(CallEventLogger.LOGGER_NAME)
        logger.level = level
        logger.isAdditive = false
        val encoder = PatternLayoutEncoder().apply {
            this.context = context
            pattern = "%d{ISO8601} %level %logger %msg %kvp%n"
            start()
        }
        val appender = OutputStreamAppender<ILoggingEvent>().apply {
            this.context = context
            this.encoder = encoder
            setOutputStream(OutputStream.nullOutputStream())
            start()
        }
        logger.addAppender(appender)
    }
}

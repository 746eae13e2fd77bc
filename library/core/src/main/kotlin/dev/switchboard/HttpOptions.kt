package dev.switchboard

import dev.switchboard.spi.EngineProvider
import io.ktor.client.HttpClient
import java.time.Duration

/**
 * How a client talks HTTP: timeouts, retries and which Ktor engine or client to use.
 *
 * Durations must be positive; one longer than about 292 years (`Duration.ofNanos(Long.MAX_VALUE)`),
 * such as `Duration.ofSeconds(Long.MAX_VALUE)` given to mean "no limit", counts as 292 years.
 *
 * By default the engine comes from whichever `switchboard-engine-*` module is on the classpath (the
 * highest [EngineProvider.priority] wins when there are several). Pass [Builder.engine] to choose one,
 * or [Builder.httpClient] to use a Ktor [HttpClient] you configured yourself (the client then does not
 * close it).
 */
public class HttpOptions private constructor(b: Builder) {
    /** Time allowed to open a connection. */
    public val connectTimeout: Duration = b.connectTimeout
    /** Time allowed for each attempt of a non-streaming call, and of a stream until a successful response begins. */
    public val requestTimeout: Duration = b.requestTimeout
    /** Longest silence allowed between two chunks of a stream. */
    public val streamIdleTimeout: Duration = b.streamIdleTimeout
    /** Retries after the first attempt for retryable failures (connection errors, 408, 409, 429, 5xx). */
    public val maxRetries: Int = b.maxRetries
    /** Delay before the first retry; doubled for each next one, with jitter. */
    public val initialBackoff: Duration = b.initialBackoff
    /** Longest delay between retries, and the most a `Retry-After` is honoured for. */
    public val maxBackoff: Duration = b.maxBackoff
    /** The engine to use, or null to discover one. */
    public val engine: EngineProvider? = b.engine
    /** A Ktor client to use as it is, or null. */
    public val httpClient: HttpClient? = b.httpClient

    /** A builder holding these options. */
    public fun newBuilder(): Builder = Builder().also {
        it.connectTimeout = connectTimeout; it.requestTimeout = requestTimeout; it.streamIdleTimeout = streamIdleTimeout
        it.maxRetries = maxRetries; it.initialBackoff = initialBackoff; it.maxBackoff = maxBackoff
        it.engine = engine; it.httpClient = httpClient
    }

    override fun toString(): String =
        "HttpOptions(connectTimeout=$connectTimeout, requestTimeout=$requestTimeout, streamIdleTimeout=$streamIdleTimeout, " +
            "maxRetries=$maxRetries, engine=${engine?.name ?: "discovered"}, httpClient=${if (httpClient != null) "given" else "owned"})"

    /** Builds [HttpOptions]. */
    public class Builder internal constructor() {
        internal var connectTimeout: Duration = Duration.ofSeconds(10)
        internal var requestTimeout: Duration = Duration.ofSeconds(600)
        internal var streamIdleTimeout: Duration = Duration.ofSeconds(120)
        internal var maxRetries: Int = 2
        internal var initialBackoff: Duration = Duration.ofMillis(500)
        internal var maxBackoff: Duration = Duration.ofSeconds(60)
        internal var engine: EngineProvider? = null
        internal var httpClient: HttpClient? = null

        /** Sets the connect timeout (default 10 s). */
        public fun connectTimeout(value: Duration): Builder = apply { connectTimeout = positive("connectTimeout", value) }
        /** Sets the time allowed for each attempt of a call, or of a stream until it begins (default 600 s). */
        public fun requestTimeout(value: Duration): Builder = apply { requestTimeout = positive("requestTimeout", value) }
        /** Sets the idle timeout between stream chunks (default 120 s). */
        public fun streamIdleTimeout(value: Duration): Builder = apply { streamIdleTimeout = positive("streamIdleTimeout", value) }
        /** Sets how many times a retryable failure is retried (default 2; 0 disables retries). */
        public fun maxRetries(value: Int): Builder = apply {
            require(value in 0..100) { "maxRetries must be between 0 and 100 (got $value)" }
            maxRetries = value
        }
        /** Sets the first retry delay (default 500 ms). */
        public fun initialBackoff(value: Duration): Builder = apply { initialBackoff = positive("initialBackoff", value) }
        /** Sets the longest retry delay (default 60 s). */
        public fun maxBackoff(value: Duration): Builder = apply { maxBackoff = positive("maxBackoff", value) }
        /** Uses the given engine instead of discovering one. */
        public fun engine(value: EngineProvider?): Builder = apply { engine = value }
        /** Uses the given Ktor client as it is; it is not closed by the Switchboard client. */
        public fun httpClient(value: HttpClient?): Builder = apply { httpClient = value }
        /** The options. */
        public fun build(): HttpOptions = HttpOptions(this)

        private fun positive(name: String, value: Duration): Duration {
            require(!value.isNegative && !value.isZero) { "$name must be positive (got $value)" }
            return if (value > LONGEST) LONGEST else value
        }
    }

    /** Factories and constants of [HttpOptions]. */
    public companion object {
        /** The longest duration kept, about 292 years; longer ones (such as a "no limit" of `Long.MAX_VALUE` seconds) count as this. */
        private val LONGEST: Duration = Duration.ofNanos(Long.MAX_VALUE)

        /** The defaults. */
        @JvmField public val DEFAULT: HttpOptions = Builder().build()

        /** A builder with the defaults. */
        @JvmStatic public fun builder(): Builder = Builder()
    }
}

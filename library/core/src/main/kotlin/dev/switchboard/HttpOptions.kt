package dev.switchboard

import dev.switchboard.internal.http.EngineDiscovery
import dev.switchboard.spi.EngineProvider
import dev.switchboard.spi.HttpExchanger
import dev.switchboard.spi.SwitchboardSpi
import io.ktor.client.HttpClient
import java.time.Duration
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration
import kotlin.time.Duration as KotlinDuration

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
    public val connectTimeout: Duration = b.connectTimeoutValue
    /** Time allowed for each attempt of a non-streaming call, and of a stream until a successful response begins. */
    public val requestTimeout: Duration = b.requestTimeoutValue
    /** Longest silence allowed between two chunks of a stream. */
    public val streamIdleTimeout: Duration = b.streamIdleTimeoutValue
    /** Retries after the first attempt for retryable failures (connection errors, 408, 409, 429, 5xx). */
    public val maxRetries: Int = b.maxRetries
    /** Delay before the first retry; doubled for each next one, with jitter. */
    public val initialBackoff: Duration = b.initialBackoffValue
    /** Longest delay between retries, and the most a `Retry-After` is honoured for. */
    public val maxBackoff: Duration = b.maxBackoffValue
    /** The engine to use, or null to discover one. */
    public val engine: EngineProvider? = b.engine
    /** A Ktor client to use as it is, or null. */
    public val httpClient: HttpClient? = b.httpClient
    /** An exchanger shared with other clients (see [newExchanger]), or null for one of the client's own. */
    public val exchanger: HttpExchanger? = b.exchanger
    /** Hears each attempt of every call (start, response headers, first frame, end, retries), or null. */
    public val eventListener: HttpEventListener? = b.eventListener

    /** A builder holding these options. */
    public fun newBuilder(): Builder = Builder().connectTimeout(connectTimeout).requestTimeout(requestTimeout)
        .streamIdleTimeout(streamIdleTimeout).maxRetries(maxRetries).initialBackoff(initialBackoff).maxBackoff(maxBackoff)
        .engine(engine).httpClient(httpClient).exchanger(exchanger).eventListener(eventListener)

    /**
     * A new exchanger from these options' engine ([engine], or the one discovered on the classpath) and connect
     * timeout, for many clients to share: give it to each with [Builder.exchanger]; they then share its connections
     * and threads. The clients never close it: close it after the last of them.
     *
     * @throws IllegalStateException when no engine is named and no `switchboard-engine-*` module is on the classpath.
     */
    @OptIn(SwitchboardSpi::class)
    public fun newExchanger(): HttpExchanger = (engine ?: EngineDiscovery.default()).create(this)

    override fun toString(): String =
        "HttpOptions(connectTimeout=$connectTimeout, requestTimeout=$requestTimeout, streamIdleTimeout=$streamIdleTimeout, " +
            "maxRetries=$maxRetries, engine=${engine?.name ?: "discovered"}, " +
            "httpClient=${if (httpClient != null) "given" else "owned"}, exchanger=${exchanger?.name ?: "own"})"

    /**
     * Builds [HttpOptions]. From Java, call the setters ([requestTimeout], [maxRetries]…), which return the
     * builder. From Kotlin, `HttpOptions { maxRetries = 0; requestTimeout = 30.seconds }` sets the same
     * values as properties, whose durations are [kotlin.time.Duration]s; each setter overload taking a
     * [kotlin.time.Duration] does the same as the one taking a [java.time.Duration]. Kotlin-only members
     * are hidden from Java.
     */
    @SwitchboardDsl
    public class Builder internal constructor() {
        private var connect: Duration = Duration.ofSeconds(10)
        private var request: Duration = Duration.ofSeconds(600)
        private var streamIdle: Duration = Duration.ofSeconds(120)
        private var initial: Duration = Duration.ofMillis(500)
        private var max: Duration = Duration.ofSeconds(60)

        /** The connect timeout (default 10 s); positive, [KotlinDuration.INFINITE] for no limit. */
        public var connectTimeout: KotlinDuration
            @JvmSynthetic get() = connect.toKotlinDuration()
            @JvmSynthetic set(value) { connectTimeout(value.toJavaDuration()) }

        /** The time allowed for each attempt of a call, or of a stream until it begins (default 600 s); positive. */
        public var requestTimeout: KotlinDuration
            @JvmSynthetic get() = request.toKotlinDuration()
            @JvmSynthetic set(value) { requestTimeout(value.toJavaDuration()) }

        /** The idle timeout between stream chunks (default 120 s); positive. */
        public var streamIdleTimeout: KotlinDuration
            @JvmSynthetic get() = streamIdle.toKotlinDuration()
            @JvmSynthetic set(value) { streamIdleTimeout(value.toJavaDuration()) }

        /** How many times a retryable failure is retried (default 2; 0 disables retries; at most 100). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var maxRetries: Int = 2
            set(value) {
                require(value in 0..100) { "maxRetries must be between 0 and 100 (got $value)" }
                field = value
            }

        /** The first retry delay (default 500 ms); positive. */
        public var initialBackoff: KotlinDuration
            @JvmSynthetic get() = initial.toKotlinDuration()
            @JvmSynthetic set(value) { initialBackoff(value.toJavaDuration()) }

        /** The longest retry delay (default 60 s); positive. */
        public var maxBackoff: KotlinDuration
            @JvmSynthetic get() = max.toKotlinDuration()
            @JvmSynthetic set(value) { maxBackoff(value.toJavaDuration()) }

        /** The engine to use, or null (default) to discover one. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var engine: EngineProvider? = null

        /** A Ktor client to use as it is (it is not closed by the Switchboard client), or null (default). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var httpClient: HttpClient? = null

        /** An exchanger shared with other clients ([HttpOptions.newExchanger]), or null (default) for one of the client's own. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var exchanger: HttpExchanger? = null

        /** Hears each attempt of every call (see [HttpEventListener]), or null (default) for none. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var eventListener: HttpEventListener? = null

        /** Sets the connect timeout (default 10 s). */
        public fun connectTimeout(value: Duration): Builder = apply { connect = positive("connectTimeout", value) }
        /** Sets the connect timeout (default 10 s). */
        @JvmSynthetic
        public fun connectTimeout(value: KotlinDuration): Builder = connectTimeout(value.toJavaDuration())
        /** Sets the time allowed for each attempt of a call, or of a stream until it begins (default 600 s). */
        public fun requestTimeout(value: Duration): Builder = apply { request = positive("requestTimeout", value) }
        /** Sets the time allowed for each attempt of a call, or of a stream until it begins (default 600 s). */
        @JvmSynthetic
        public fun requestTimeout(value: KotlinDuration): Builder = requestTimeout(value.toJavaDuration())
        /** Sets the idle timeout between stream chunks (default 120 s). */
        public fun streamIdleTimeout(value: Duration): Builder = apply { streamIdle = positive("streamIdleTimeout", value) }
        /** Sets the idle timeout between stream chunks (default 120 s). */
        @JvmSynthetic
        public fun streamIdleTimeout(value: KotlinDuration): Builder = streamIdleTimeout(value.toJavaDuration())
        /** Sets how many times a retryable failure is retried (default 2; 0 disables retries). */
        public fun maxRetries(value: Int): Builder = apply { maxRetries = value }
        /** Sets the first retry delay (default 500 ms). */
        public fun initialBackoff(value: Duration): Builder = apply { initial = positive("initialBackoff", value) }
        /** Sets the first retry delay (default 500 ms). */
        @JvmSynthetic
        public fun initialBackoff(value: KotlinDuration): Builder = initialBackoff(value.toJavaDuration())
        /** Sets the longest retry delay (default 60 s). */
        public fun maxBackoff(value: Duration): Builder = apply { max = positive("maxBackoff", value) }
        /** Sets the longest retry delay (default 60 s). */
        @JvmSynthetic
        public fun maxBackoff(value: KotlinDuration): Builder = maxBackoff(value.toJavaDuration())
        /** Uses the given engine instead of discovering one. */
        public fun engine(value: EngineProvider?): Builder = apply { engine = value }
        /** Uses the given Ktor client as it is; it is not closed by the Switchboard client. */
        public fun httpClient(value: HttpClient?): Builder = apply { httpClient = value }
        /** Calls [value] for each attempt of every call (see [HttpEventListener]); null (default) for none. */
        public fun eventListener(value: HttpEventListener?): Builder = apply { eventListener = value }
        /**
         * Sends through [value], an exchanger shared with other clients ([HttpOptions.newExchanger]), instead of one of
         * the client's own; the client does not close it. It takes precedence over [engine] and [httpClient].
         */
        public fun exchanger(value: HttpExchanger?): Builder = apply { exchanger = value }
        /** The options. */
        public fun build(): HttpOptions = HttpOptions(this)

        internal val connectTimeoutValue: Duration get() = connect
        internal val requestTimeoutValue: Duration get() = request
        internal val streamIdleTimeoutValue: Duration get() = streamIdle
        internal val initialBackoffValue: Duration get() = initial
        internal val maxBackoffValue: Duration get() = max

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

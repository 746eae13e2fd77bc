package dev.switchboard.ollama

import dev.switchboard.EndpointConfigBuilder
import dev.switchboard.EndpointOptions
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.SwitchboardDsl
import dev.switchboard.spi.EnvironmentValues
import dev.switchboard.spi.Urls
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.intOrNull
import java.time.Duration
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * How to reach an Ollama server and what to send with every request: the base URL, an optional API key
 * (for ollama.com or a proxy in front of a server), default headers, how long the model stays loaded
 * ([keepAlive]), whether thinking models think ([think]), model [options] such as `num_ctx` and `top_k`,
 * HTTP options, and optionally the model's capabilities ([modelInfo]), which skip discovery through
 * `/api/show`. Immutable; build one with [builder] or [fromEnvironment], and derive variants with [newBuilder].
 *
 * [toString] never shows the API key, header values, or the user info of the base URL.
 */
public class OllamaConfig private constructor(b: Builder, internal val endpointOptions: EndpointOptions) {
    /**
     * The server's base URL, such as `http://localhost:11434`, without a trailing slash; requests go to
     * `<baseUrl>/api/chat`, `/api/show` and `/api/tags`.
     */
    public val baseUrl: String get() = endpointOptions.url

    /** The key sent as `Authorization: Bearer …` (ollama.com, or a proxy), or null for a local server. */
    public val apiKey: String? get() = endpointOptions.apiKey

    /** Headers sent with every request (a request's own headers override them). */
    public val headers: Map<String, String> get() = endpointOptions.headers

    /** The model's capabilities; null to discover them from `/api/show` (see [OllamaChatCompletionClient]). */
    public val modelInfo: ModelInfo? get() = endpointOptions.modelInfo

    /** Timeouts, retries and the HTTP engine or client. */
    public val httpOptions: HttpOptions get() = endpointOptions.httpOptions

    /**
     * How long the server keeps the model loaded after each request (`keep_alive`): zero unloads it at once,
     * a negative duration keeps it loaded until the server stops; null leaves it to the server (5 minutes
     * by default).
     */
    public val keepAlive: Duration? = b.keepAliveValue

    /**
     * Whether thinking models reason before answering (`think`); their reasoning arrives as the result's
     * `thought`. Null leaves it to the model. A request's `reasoningEffort` overrides it.
     */
    public val think: Boolean? = b.think

    /**
     * Model options sent in `options` with every request, such as `num_ctx`, `top_k`, `min_p` or
     * `repeat_penalty` (see Ollama's Modelfile parameters). A request's own sampling values (temperature,
     * top_p, seed, stop, the output limit, penalties) override these.
     */
    public val options: Map<String, JsonElement> = LinkedHashMap(b.options)

    /** The context window to run the model with (`options.num_ctx`), or null to leave it to the server. */
    public val numCtx: Int? get() = (options[NUM_CTX] as? JsonPrimitive)?.intOrNull

    /** A builder holding this configuration. */
    public fun newBuilder(): Builder = Builder(this)

    override fun toString(): String =
        "OllamaConfig($endpointOptions, keepAlive=$keepAlive, think=$think, options=${options.keys})"

    /**
     * Builds an [OllamaConfig]. Every setter returns the builder; the key (sent as `Authorization: Bearer …`),
     * headers, model info (which skips `/api/show` discovery) and HTTP options are set as for every provider
     * ([EndpointConfigBuilder]). From Kotlin, `OllamaConfig { baseUrl = "gpu-box";
     * keepAlive = 10.minutes; numCtx(8192) }` sets the same values as properties, checked as the setters check
     * them; the properties and the Kotlin-only overloads are hidden from Java.
     */
    @SwitchboardDsl
    public class Builder internal constructor() : EndpointConfigBuilder<Builder>() {
        /** The server, set in any form `OLLAMA_HOST` takes (see the [baseUrl] setter function); read back as a URL. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var baseUrl: String = DEFAULT_BASE_URL
            set(value) { field = OllamaHost.baseUrl(value) }
        internal var keepAliveValue: Duration? = null
        /**
         * How long the server keeps the model loaded after each request: zero unloads it at once, a negative
         * duration or [kotlin.time.Duration.INFINITE] keeps it loaded until the server stops; null leaves it to
         * the server.
         */
        public var keepAlive: kotlin.time.Duration?
            @JvmSynthetic get() = keepAliveValue?.let { if (it.isNegative) kotlin.time.Duration.INFINITE else it.toKotlinDuration() }
            @JvmSynthetic set(value) { keepAlive(value) }
        /** Whether thinking models reason before answering; null leaves it to the model. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var think: Boolean? = null
        internal val options = LinkedHashMap<String, JsonElement>()

        internal constructor(c: OllamaConfig) : this() {
            copyEndpointOptions(c.endpointOptions); baseUrl = c.baseUrl; keepAliveValue = c.keepAlive; think = c.think
            options += c.options
        }

        /**
         * Sets the server, in any form `OLLAMA_HOST` takes: `host`, `host:port`, `:port`, or a URL such as
         * `http://gpu-box:11434` or `https://proxy.example.com/ollama` (default `http://localhost:11434`).
         * Without a scheme the port defaults to 11434; `0.0.0.0` means this machine.
         *
         * @throws IllegalArgumentException when [value] is not a host, host:port or http(s) URL.
         */
        public fun baseUrl(value: String): Builder = apply { baseUrl = value }

        /**
         * Sets how long the server keeps the model loaded after each request: zero unloads it at once, a
         * negative duration keeps it loaded; null leaves it to the server.
         */
        public fun keepAlive(value: Duration?): Builder = apply { keepAliveValue = value }

        /**
         * Sets how long the server keeps the model loaded after each request: zero unloads it at once, a
         * negative duration or [kotlin.time.Duration.INFINITE] keeps it loaded; null leaves it to the server.
         */
        @JvmSynthetic
        public fun keepAlive(value: kotlin.time.Duration?): Builder = when {
            value == null -> apply { keepAliveValue = null }
            value.isNegative() || value.isInfinite() -> keepAliveForever()
            else -> keepAlive(value.toJavaDuration())
        }

        /** Keeps the model loaded until the server stops (`keep_alive: -1`). */
        public fun keepAliveForever(): Builder = apply { keepAliveValue = Duration.ofSeconds(-1) }

        /** Sets whether thinking models reason before answering; null leaves it to the model. */
        public fun think(value: Boolean?): Builder = apply { think = value }

        /** Sets the context window to run the model with (`num_ctx`). */
        public fun numCtx(tokens: Int): Builder = apply {
            require(tokens > 0) { "numCtx must be positive (got $tokens)" }
            options[NUM_CTX] = JsonPrimitive(tokens)
        }

        /** Sets top-k sampling (`top_k`): the model picks among the [k] most likely tokens. */
        public fun topK(k: Int): Builder = apply {
            require(k > 0) { "topK must be positive (got $k)" }
            options["top_k"] = JsonPrimitive(k)
        }

        /** Sets the model option [name] (sent in `options` as it is), such as `min_p` or `repeat_penalty`. */
        public fun option(name: String, value: JsonElement): Builder = apply {
            require(name.isNotBlank()) { "An option name must not be blank" }
            options[name] = value
        }

        /** Sets the numeric model option [name], such as `min_p` or `num_gpu`. */
        public fun option(name: String, value: Number): Builder = option(name, JsonPrimitive(value))

        /** Sets the text model option [name]. */
        public fun option(name: String, value: String): Builder = option(name, JsonPrimitive(value))

        /** Sets the boolean model option [name], such as `use_mmap`. */
        public fun option(name: String, value: Boolean): Builder = option(name, JsonPrimitive(value))

        /** The configuration. */
        public fun build(): OllamaConfig = OllamaConfig(this, endpointOptions(Urls.httpUrl(baseUrl, "The Ollama base URL")))
    }

    /** Factories and defaults. */
    public companion object {
        /** Where a local Ollama server listens by default. */
        public const val DEFAULT_BASE_URL: String = "http://localhost:11434"

        private const val NUM_CTX = "num_ctx"

        /** A builder for a local server at [DEFAULT_BASE_URL], without a key. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /**
         * A builder preset from the environment: the server from `OLLAMA_HOST` (read as the Ollama CLI reads it;
         * see [Builder.baseUrl]) and the key from `OLLAMA_API_KEY`, each where set and not blank.
         *
         * @throws IllegalArgumentException when `OLLAMA_HOST` is set but is not a host, host:port or URL.
         */
        @JvmStatic
        public fun fromEnvironment(): Builder = fromEnvironment(System::getenv)

        internal fun fromEnvironment(env: (String) -> String?): Builder {
            val b = Builder()
            EnvironmentValues.first(env, "OLLAMA_HOST")?.trim('"', '\'')?.takeIf { it.isNotBlank() }?.let { host ->
                try {
                    b.baseUrl(host)
                } catch (e: IllegalArgumentException) {
                    throw IllegalArgumentException("OLLAMA_HOST: ${e.message}")
                }
            }
            b.apiKey(env("OLLAMA_API_KEY"))
            return b
        }
    }
}

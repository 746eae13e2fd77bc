package dev.switchboard.anthropic

import dev.switchboard.EndpointConfigBuilder
import dev.switchboard.EndpointOptions
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.SwitchboardDsl
import dev.switchboard.spi.EnvironmentValues
import dev.switchboard.spi.Urls

/**
 * How to reach Anthropic's Messages API: the API key, base URL, API version, beta features, default
 * headers, HTTP options, and optionally what the model can do ([modelInfo]) when [AnthropicModels] does
 * not know it. Immutable; build one with [builder] or [fromEnvironment], and derive variants with [newBuilder].
 *
 * [toString] never shows the API key, header values, or the password and query values of the base URL.
 */
public class AnthropicConfig private constructor(b: Builder, internal val endpointOptions: EndpointOptions) {
    /** The API key sent as `x-api-key`, or null for a gateway that needs none (or takes its credentials in [headers]). */
    public val apiKey: String? get() = endpointOptions.apiKey
    /** The API's root URL, without a trailing slash; requests go to `<baseUrl>/v1/messages`. */
    public val baseUrl: String get() = endpointOptions.url
    /** The API version sent as `anthropic-version` (default `2023-06-01`). */
    public val version: String = b.version
    /** Beta features sent, comma-separated, as `anthropic-beta` (with those a request adds in its own header). */
    public val betas: List<String> = b.betas.toList()
    /** Headers sent with every request (a request's own headers override them). */
    public val headers: Map<String, String> get() = endpointOptions.headers
    /** The model's capabilities, overriding [AnthropicModels]; null to look the model up. */
    public val modelInfo: ModelInfo? get() = endpointOptions.modelInfo
    /** Timeouts, retries and the HTTP engine or client. */
    public val httpOptions: HttpOptions get() = endpointOptions.httpOptions
    /** The `max_tokens` sent when a request sets none; null takes [AnthropicModels.defaultMaxTokens]. */
    public val defaultMaxTokens: Int? = b.defaultMaxTokens
    /**
     * Whether a JSON-schema response format goes as the API's native `output_config.format` (true) or as a
     * forced tool call (false); null chooses by model ([AnthropicModels.hasNativeStructuredOutput]).
     */
    public val nativeStructuredOutput: Boolean? = b.nativeStructuredOutput

    /** Whether [baseUrl] is Anthropic's own API, which needs a key. */
    internal val isAnthropicItself: Boolean get() = Urls.host(baseUrl) == "api.anthropic.com"

    init {
        require(version.isNotBlank()) { "The anthropic-version must not be blank" }
    }

    /** A builder holding this configuration. */
    public fun newBuilder(): Builder = Builder(this)

    override fun toString(): String =
        "AnthropicConfig($endpointOptions, version=$version, betas=$betas, defaultMaxTokens=$defaultMaxTokens, " +
            "nativeStructuredOutput=$nativeStructuredOutput)"

    /**
     * Builds an [AnthropicConfig]. Every setter returns the builder; the API key (sent as `x-api-key`), headers,
     * model info and HTTP options are set as for every provider ([EndpointConfigBuilder]). From Kotlin,
     * `AnthropicConfig { apiKey = "…"; beta("…"); httpOptions { maxRetries = 0 } }` sets the same values as
     * properties, checked as the setters check them; the properties and the block overloads are hidden from Java.
     */
    @SwitchboardDsl
    public class Builder internal constructor() : EndpointConfigBuilder<Builder>() {
        /** The API's root URL (default `https://api.anthropic.com`); requests go to `<baseUrl>/v1/messages`. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var baseUrl: String = DEFAULT_BASE_URL
            set(value) { field = value.trim() }
        /** The `anthropic-version` header (default `2023-06-01`). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var version: String = DEFAULT_VERSION
            set(value) { field = value.trim() }
        internal val betas = LinkedHashSet<String>()
        /** The `max_tokens` sent when a request sets none (positive); null (default) takes the model table's. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var defaultMaxTokens: Int? = null
            set(value) {
                require(value == null || value > 0) { "defaultMaxTokens must be positive (got $value)" }
                field = value
            }
        /** Native structured output (true) or a forced tool call (false); null (default) chooses by model. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var nativeStructuredOutput: Boolean? = null

        internal constructor(c: AnthropicConfig) : this() {
            copyEndpointOptions(c.endpointOptions); baseUrl = c.baseUrl; version = c.version; betas += c.betas
            defaultMaxTokens = c.defaultMaxTokens; nativeStructuredOutput = c.nativeStructuredOutput
        }

        /** Sets the API's root URL (default `https://api.anthropic.com`); requests go to `<baseUrl>/v1/messages`. */
        public fun baseUrl(value: String): Builder = apply { baseUrl = value }

        /** Sets the `anthropic-version` header (default `2023-06-01`). */
        public fun version(value: String): Builder = apply { version = value }

        /** Adds a beta feature sent in `anthropic-beta`, such as `context-1m-2025-08-07`. */
        public fun beta(name: String): Builder = apply {
            require(name.isNotBlank() && ',' !in name) { "A beta name must be one non-blank name without commas (got '$name')" }
            betas += name.trim()
        }

        /** Adds beta features sent in `anthropic-beta`. */
        public fun betas(names: List<String>): Builder = apply { names.forEach(::beta) }

        /** Sets the `max_tokens` sent when a request sets none (positive); null (default) takes the model table's. */
        public fun defaultMaxTokens(value: Int?): Builder = apply { defaultMaxTokens = value }

        /** Chooses native structured output (true) or a forced tool call (false); null (default) chooses by model. */
        public fun nativeStructuredOutput(value: Boolean?): Builder = apply { nativeStructuredOutput = value }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException when the base URL is not an http(s) URL or the version is blank.
         */
        public fun build(): AnthropicConfig = AnthropicConfig(this, endpointOptions(Urls.httpUrl(baseUrl, "The base URL")))
    }

    /** Factories and defaults. */
    public companion object {
        /** Anthropic's own API. */
        public const val DEFAULT_BASE_URL: String = "https://api.anthropic.com"

        /** The API version sent unless told otherwise. */
        public const val DEFAULT_VERSION: String = "2023-06-01"

        /** A builder for Anthropic's own API, without a key. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** A builder preset from the environment: `ANTHROPIC_API_KEY` and `ANTHROPIC_BASE_URL` (each where set and not blank). */
        @JvmStatic
        public fun fromEnvironment(): Builder = fromEnvironment(System::getenv)

        internal fun fromEnvironment(env: (String) -> String?): Builder {
            val b = Builder()
            b.apiKey(env("ANTHROPIC_API_KEY"))
            EnvironmentValues.first(env, "ANTHROPIC_BASE_URL")?.let { b.baseUrl(it) }
            return b
        }
    }
}

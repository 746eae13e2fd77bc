package dev.switchboard.cohere

import dev.switchboard.EndpointConfigBuilder
import dev.switchboard.EndpointOptions
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.SwitchboardDsl
import dev.switchboard.spi.EnvironmentValues
import dev.switchboard.spi.Urls

/**
 * How to reach Cohere's v2 Chat API: the API key, base URL, default headers, HTTP options, Cohere's own request
 * options ([citationMode], [safetyMode]) and optionally what the model can do ([modelInfo]) when [CohereModels] does
 * not know it. Immutable; build one with [builder] or [fromEnvironment], and derive variants with [newBuilder].
 *
 * [toString] never shows the API key, header values, or the password and query values of the base URL.
 */
public class CohereConfig private constructor(b: Builder, internal val endpointOptions: EndpointOptions) {
    /** The API key sent as `Authorization: Bearer …`, or null for a deployment that needs none. */
    public val apiKey: String? get() = endpointOptions.apiKey
    /** The API's root URL, without a trailing slash; requests go to `<baseUrl>/v2/chat`. */
    public val baseUrl: String get() = endpointOptions.url
    /** Headers sent with every request (a request's own headers override them). */
    public val headers: Map<String, String> get() = endpointOptions.headers
    /** The model's capabilities, overriding [CohereModels]; null to look the model up. */
    public val modelInfo: ModelInfo? get() = endpointOptions.modelInfo
    /** Timeouts, retries and the HTTP engine or client. */
    public val httpOptions: HttpOptions get() = endpointOptions.httpOptions
    /** How the model cites documents and tool results (`citation_options.mode`: `FAST`, `ACCURATE`, `OFF`), or null for Cohere's default. */
    public val citationMode: String? = b.citationMode
    /** The `safety_mode` of every request (`CONTEXTUAL`, `STRICT`, `OFF`), or null for Cohere's default. */
    public val safetyMode: String? = b.safetyMode

    /** Whether [baseUrl] is Cohere's own API, which needs a key. */
    internal val isCohereItself: Boolean get() = Urls.host(baseUrl).let { it == "api.cohere.com" || it == "api.cohere.ai" }

    /** A builder holding this configuration. */
    public fun newBuilder(): Builder = Builder(this)

    override fun toString(): String = "CohereConfig($endpointOptions, citationMode=$citationMode, safetyMode=$safetyMode)"

    /**
     * Builds a [CohereConfig]. Every setter returns the builder; the API key, headers, model info and HTTP options are
     * set as for every provider ([EndpointConfigBuilder]). From Kotlin, `CohereConfig { apiKey = "…"; citationMode = "FAST" }`
     * sets the same values as properties; the properties and the block overloads are hidden from Java.
     */
    @SwitchboardDsl
    public class Builder internal constructor() : EndpointConfigBuilder<Builder>() {
        /** The API's root URL (default `https://api.cohere.com`); requests go to `<baseUrl>/v2/chat`. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var baseUrl: String = DEFAULT_BASE_URL
            set(value) { field = value.trim() }

        /** The citation mode (`FAST`, `ACCURATE`, `OFF`; upper-cased), or null (default) for Cohere's. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var citationMode: String? = null
            set(value) { field = mode(value, "citationMode", "FAST, ACCURATE or OFF") }

        /** The safety mode (`CONTEXTUAL`, `STRICT`, `OFF`; upper-cased), or null (default) for Cohere's. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var safetyMode: String? = null
            set(value) { field = mode(value, "safetyMode", "CONTEXTUAL, STRICT or OFF") }

        internal constructor(c: CohereConfig) : this() {
            copyEndpointOptions(c.endpointOptions); baseUrl = c.baseUrl; citationMode = c.citationMode; safetyMode = c.safetyMode
        }

        /** Sets the API's root URL (default `https://api.cohere.com`). */
        public fun baseUrl(value: String): Builder = apply { baseUrl = value }

        /** Sets how the model cites documents and tool results (`FAST`, `ACCURATE`, `OFF`), or null for Cohere's default. */
        public fun citationMode(value: String?): Builder = apply { citationMode = value }

        /** Sets the safety mode (`CONTEXTUAL`, `STRICT`, `OFF`), or null for Cohere's default. */
        public fun safetyMode(value: String?): Builder = apply { safetyMode = value }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException when the base URL is not an http(s) URL.
         */
        public fun build(): CohereConfig = CohereConfig(this, endpointOptions(Urls.httpUrl(baseUrl, "The base URL")))

        private fun mode(value: String?, what: String, known: String): String? {
            val v = value?.trim()?.uppercase() ?: return null
            require(v.isNotEmpty() && v.all { it.isLetter() || it == '_' }) { "$what must be a mode such as $known, or null for Cohere's default (got '$value')" }
            return v
        }
    }

    /** Factories and defaults. */
    public companion object {
        /** Cohere's own API. */
        public const val DEFAULT_BASE_URL: String = "https://api.cohere.com"

        /** A builder for Cohere's own API, without a key. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /**
         * A builder preset from the environment, as Cohere's SDKs read it: the key from `CO_API_KEY` (or
         * `COHERE_API_KEY`), the base URL from `CO_API_URL` (each where set and not blank).
         */
        @JvmStatic
        public fun fromEnvironment(): Builder = fromEnvironment(System::getenv)

        internal fun fromEnvironment(env: (String) -> String?): Builder {
            val b = Builder()
            b.apiKey(EnvironmentValues.first(env, "CO_API_KEY", "COHERE_API_KEY"))
            EnvironmentValues.first(env, "CO_API_URL")?.let { b.baseUrl(it) }
            return b
        }
    }
}

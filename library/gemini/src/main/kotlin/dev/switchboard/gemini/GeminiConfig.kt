package dev.switchboard.gemini

import dev.switchboard.EndpointConfigBuilder
import dev.switchboard.EndpointOptions
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.SwitchboardDsl
import dev.switchboard.auth.AccessTokenProvider
import dev.switchboard.spi.EnvironmentValues
import dev.switchboard.spi.Secrets
import dev.switchboard.spi.Urls

/**
 * How to reach Gemini: the Gemini API (`generativelanguage.googleapis.com`, an API key sent as `x-goog-api-key`)
 * or Vertex AI (`aiplatform.googleapis.com`, a project and location, OAuth2 bearer tokens from a [tokenProvider]),
 * with default headers, HTTP options, whether thought summaries are asked for, and optionally what the model can
 * do ([modelInfo]) when [GeminiModels] does not know it. Immutable; build one with [builder], [vertex] or
 * [fromEnvironment], and derive variants with [newBuilder].
 *
 * [toString] never shows the API key, the token provider's tokens, header values, or the query values of the base URL.
 */
public class GeminiConfig private constructor(b: Builder, internal val endpointOptions: EndpointOptions) {
    /** The API key sent as `x-goog-api-key`, or null (Vertex AI with a [tokenProvider], or a gateway that needs none). */
    public val apiKey: String? get() = endpointOptions.apiKey
    /** The API's root URL, without a trailing slash: the Gemini API's, or Vertex AI's regional or global host. */
    public val baseUrl: String get() = endpointOptions.url
    /** The API version in the path: `v1beta` for the Gemini API, `v1` for Vertex AI, unless set. */
    public val apiVersion: String = b.apiVersion ?: if (b.vertexProject != null) VERTEX_API_VERSION else DEFAULT_API_VERSION
    /** The Google Cloud project of Vertex AI, or null for the Gemini API. */
    public val vertexProject: String? = b.vertexProject
    /** The Vertex AI location (`global`, `us-central1`, `europe-west4`…), or null for the Gemini API. */
    public val vertexLocation: String? = b.vertexProject?.let { b.vertexLocation }
    /** Where Vertex AI's OAuth2 bearer tokens come from (such as `GoogleAuthTokens.applicationDefault()`), or null. */
    public val tokenProvider: AccessTokenProvider? = b.tokenProvider
    /** Whether a request that thinks asks for thought summaries (`includeThoughts`); true by default. */
    @get:JvmName("isIncludeThoughts")
    public val includeThoughts: Boolean = b.includeThoughts
    /** Headers sent with every request (a request's own headers override them). */
    public val headers: Map<String, String> get() = endpointOptions.headers
    /** The model's capabilities, overriding [GeminiModels]; null to look the model up. */
    public val modelInfo: ModelInfo? get() = endpointOptions.modelInfo
    /** Timeouts, retries and the HTTP engine or client. */
    public val httpOptions: HttpOptions get() = endpointOptions.httpOptions

    // What the builder was given, so that newBuilder() with another Vertex AI location moves to that location's host.
    private val givenBaseUrl: String? = b.baseUrl
    private val givenApiVersion: String? = b.apiVersion

    /** Whether this configuration reaches Vertex AI rather than the Gemini API. */
    @get:JvmName("isVertex")
    public val vertex: Boolean get() = vertexProject != null

    /** Whether [baseUrl] is Google's own, which needs credentials. */
    internal val isGoogleItself: Boolean get() = Urls.host(baseUrl)?.endsWith("googleapis.com") == true

    init {
        require(apiKey == null || tokenProvider == null) {
            "Give Gemini either an API key or a token provider, not both: the API key goes as x-goog-api-key, the tokens as Authorization"
        }
    }

    /** A builder holding this configuration. */
    public fun newBuilder(): Builder = Builder(this)

    override fun toString(): String {
        val where = if (vertex) "vertex=$vertexProject/$vertexLocation, " else ""
        return "GeminiConfig(${where}apiVersion=$apiVersion, $endpointOptions, tokenProvider=" +
            "${tokenProvider?.javaClass?.name ?: "none"}, includeThoughts=$includeThoughts)"
    }

    /**
     * Builds a [GeminiConfig]. Every setter returns the builder; the API key (sent as `x-goog-api-key`), headers,
     * model info and HTTP options are set as for every provider ([EndpointConfigBuilder]). From Kotlin,
     * `GeminiConfig { apiKey = "…"; httpOptions { maxRetries = 0 } }` sets the same values as properties; the
     * properties and the block overloads are hidden from Java.
     */
    @SwitchboardDsl
    public class Builder internal constructor() : EndpointConfigBuilder<Builder>() {
        /** The API's root URL; null (default) takes the Gemini API's, or Vertex AI's host for the location. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var baseUrl: String? = null
            set(value) { field = value?.trim()?.ifEmpty { null } }
        /** The API version in the path; null (default) takes `v1beta` for the Gemini API and `v1` for Vertex AI. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var apiVersion: String? = null
            set(value) { field = value?.trim()?.ifEmpty { null } }
        internal var vertexProject: String? = null
        internal var vertexLocation: String = DEFAULT_VERTEX_LOCATION
        /** Where Vertex AI's bearer tokens come from. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var tokenProvider: AccessTokenProvider? = null
        /** Whether a request that thinks asks for thought summaries (default true). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var includeThoughts: Boolean = true

        internal constructor(c: GeminiConfig) : this() {
            copyEndpointOptions(c.endpointOptions); baseUrl = c.givenBaseUrl; apiVersion = c.givenApiVersion
            vertexProject = c.vertexProject; vertexLocation = c.vertexLocation ?: DEFAULT_VERTEX_LOCATION
            tokenProvider = c.tokenProvider; includeThoughts = c.includeThoughts
        }

        /** Sets the API's root URL; null takes the default of the Gemini API or of the Vertex AI location. */
        public fun baseUrl(value: String?): Builder = apply { baseUrl = value }

        /** Sets the API version in the path (`v1beta`, `v1`, `v1beta1`); null takes the default. */
        public fun apiVersion(value: String?): Builder = apply { apiVersion = value }

        /**
         * Sends requests to Vertex AI's publisher models of [project] in [location] (`global` for the global endpoint
         * `aiplatform.googleapis.com`, or a region such as `us-central1` for `us-central1-aiplatform.googleapis.com`).
         *
         * @throws IllegalArgumentException when [project] or [location] is blank or not a plain name.
         */
        public fun vertex(project: String, location: String): Builder = apply {
            require(NAME.matches(project.trim())) { "A Google Cloud project id is letters, digits, '-', '_', '.' and ':' (got '${project.take(40)}')" }
            require(NAME.matches(location.trim())) { "A Vertex AI location is a name such as global or us-central1 (got '${location.take(40)}')" }
            vertexProject = project.trim()
            vertexLocation = location.trim().lowercase()
        }

        /** Sets where Vertex AI's OAuth2 bearer tokens come from; null removes it. */
        public fun tokenProvider(value: AccessTokenProvider?): Builder = apply { tokenProvider = value }

        /** Sets whether a request that thinks asks for thought summaries (default true). */
        public fun includeThoughts(value: Boolean): Builder = apply { includeThoughts = value }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException when the base URL is not an http(s) URL, or both an API key and a token
         *   provider are set.
         */
        public fun build(): GeminiConfig {
            val url = baseUrl ?: vertexProject?.let { vertexHost(vertexLocation) } ?: DEFAULT_BASE_URL
            return GeminiConfig(this, endpointOptions(Urls.httpUrl(url, "The base URL")))
        }
    }

    /** Factories and defaults. */
    public companion object {
        /** The Gemini API. */
        public const val DEFAULT_BASE_URL: String = "https://generativelanguage.googleapis.com"

        /** The Gemini API's version used unless told otherwise. */
        public const val DEFAULT_API_VERSION: String = "v1beta"

        /** Vertex AI's version used unless told otherwise. */
        public const val VERTEX_API_VERSION: String = "v1"

        /** The Vertex AI location used when none is given: the global endpoint. */
        public const val DEFAULT_VERTEX_LOCATION: String = "global"

        private val NAME = Regex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")

        /** Vertex AI's host for [location]: `aiplatform.googleapis.com` for `global`, else the regional host. */
        internal fun vertexHost(location: String): String =
            if (location == "global") "https://aiplatform.googleapis.com" else "https://$location-aiplatform.googleapis.com"

        /** A builder for the Gemini API, without a key. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /**
         * A builder for Vertex AI's publisher models of [project] in [location] (`global` or a region); give it a
         * [Builder.tokenProvider].
         *
         * @throws IllegalArgumentException when [project] or [location] is blank or not a plain name.
         */
        @JvmStatic
        public fun vertex(project: String, location: String): Builder = Builder().vertex(project, location)

        /**
         * A builder preset from the environment: `GEMINI_API_KEY` (or else `GOOGLE_API_KEY`) and `GEMINI_BASE_URL`;
         * with `GOOGLE_GENAI_USE_VERTEXAI=true`, Vertex AI in `GOOGLE_CLOUD_PROJECT` and `GOOGLE_CLOUD_LOCATION`
         * (default `global`) instead, without the key: give it a token provider.
         *
         * @throws IllegalArgumentException when Vertex AI is asked for without `GOOGLE_CLOUD_PROJECT`.
         */
        @JvmStatic
        public fun fromEnvironment(): Builder = fromEnvironment(System::getenv)

        internal fun fromEnvironment(env: (String) -> String?): Builder {
            val b = Builder()
            if (EnvironmentValues.first(env, "GOOGLE_GENAI_USE_VERTEXAI")?.lowercase() in setOf("true", "1")) {
                val project = requireNotNull(EnvironmentValues.first(env, "GOOGLE_CLOUD_PROJECT")) {
                    "GOOGLE_GENAI_USE_VERTEXAI is set but GOOGLE_CLOUD_PROJECT is not: set the Google Cloud project for Vertex AI"
                }
                b.vertex(project, EnvironmentValues.first(env, "GOOGLE_CLOUD_LOCATION") ?: DEFAULT_VERTEX_LOCATION)
            } else {
                b.apiKey(EnvironmentValues.first(env, "GEMINI_API_KEY", "GOOGLE_API_KEY"))
            }
            EnvironmentValues.first(env, "GEMINI_BASE_URL")?.let { b.baseUrl(it) }
            return b
        }

        /** The secrets of [config], for scrubbing error text. */
        internal fun secrets(config: GeminiConfig): Secrets = Secrets.of(config.apiKey, config.headers, config.baseUrl)
    }
}

package dev.switchboard.mistral

import dev.switchboard.EndpointConfigBuilder
import dev.switchboard.EndpointOptions
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.SwitchboardDsl
import dev.switchboard.spi.EnvironmentValues
import dev.switchboard.spi.Urls

/**
 * How to reach Mistral's chat completions API: the API key, base URL, default headers, HTTP options, Mistral's own
 * request options ([safePrompt], [promptMode]) and optionally what the model can do ([modelInfo]) when
 * [MistralModels] does not know it. Immutable; build one with [builder] or [fromEnvironment], and derive variants
 * with [newBuilder].
 *
 * [toString] never shows the API key, header values, or the password and query values of the base URL.
 */
public class MistralConfig private constructor(b: Builder, internal val endpointOptions: EndpointOptions) {
    /** The API key sent as `Authorization: Bearer …`, or null for a server that needs none. */
    public val apiKey: String? get() = endpointOptions.apiKey
    /** The API's root URL, without a trailing slash; requests go to `<baseUrl>/v1/chat/completions`. */
    public val baseUrl: String get() = endpointOptions.url
    /** Headers sent with every request (a request's own headers override them). */
    public val headers: Map<String, String> get() = endpointOptions.headers
    /** The model's capabilities, overriding [MistralModels]; null to look the model up. */
    public val modelInfo: ModelInfo? get() = endpointOptions.modelInfo
    /** Timeouts, retries and the HTTP engine or client. */
    public val httpOptions: HttpOptions get() = endpointOptions.httpOptions
    /** Whether every request asks Mistral to put its safety prompt before the conversation (`safe_prompt`); false by default. */
    @get:JvmName("isSafePrompt")
    public val safePrompt: Boolean = b.safePrompt
    /** The `prompt_mode` sent with every request (`reasoning` for Mistral's reasoning system prompt), or null for none. */
    public val promptMode: String? = b.promptMode

    /** Whether [baseUrl] is Mistral's own API, which needs a key. */
    internal val isMistralItself: Boolean get() = Urls.host(baseUrl) == "api.mistral.ai"

    /** A builder holding this configuration. */
    public fun newBuilder(): Builder = Builder(this)

    override fun toString(): String = "MistralConfig($endpointOptions, safePrompt=$safePrompt, promptMode=$promptMode)"

    /**
     * Builds a [MistralConfig]. Every setter returns the builder; the API key, headers, model info and HTTP options are
     * set as for every provider ([EndpointConfigBuilder]). From Kotlin, `MistralConfig { apiKey = "…"; safePrompt = true }`
     * sets the same values as properties; the properties and the block overloads are hidden from Java.
     */
    @SwitchboardDsl
    public class Builder internal constructor() : EndpointConfigBuilder<Builder>() {
        /** The API's root URL (default `https://api.mistral.ai`); requests go to `<baseUrl>/v1/chat/completions`. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var baseUrl: String = DEFAULT_BASE_URL
            set(value) { field = value.trim() }

        /** Whether every request sends `safe_prompt: true` (default false). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var safePrompt: Boolean = false

        /** The `prompt_mode` sent with every request, such as `reasoning`; null (default) sends none. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var promptMode: String? = null
            set(value) {
                val v = value?.trim()
                require(v == null || v.isNotEmpty()) { "promptMode must not be blank: give a mode such as 'reasoning', or null for none" }
                field = v
            }

        internal constructor(c: MistralConfig) : this() {
            copyEndpointOptions(c.endpointOptions); baseUrl = c.baseUrl; safePrompt = c.safePrompt; promptMode = c.promptMode
        }

        /** Sets the API's root URL (default `https://api.mistral.ai`). */
        public fun baseUrl(value: String): Builder = apply { baseUrl = value }

        /** Sets whether every request asks for Mistral's safety prompt (`safe_prompt`). */
        public fun safePrompt(value: Boolean): Builder = apply { safePrompt = value }

        /** Sets the `prompt_mode` of every request (`reasoning`), or null for none. */
        public fun promptMode(value: String?): Builder = apply { promptMode = value }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException when the base URL is not an http(s) URL.
         */
        public fun build(): MistralConfig = MistralConfig(this, endpointOptions(Urls.httpUrl(baseUrl, "The base URL")))
    }

    /** Factories and defaults. */
    public companion object {
        /** Mistral's own API. */
        public const val DEFAULT_BASE_URL: String = "https://api.mistral.ai"

        /** A builder for Mistral's own API, without a key. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** A builder preset from the environment: `MISTRAL_API_KEY` and `MISTRAL_BASE_URL` (each where set and not blank). */
        @JvmStatic
        public fun fromEnvironment(): Builder = fromEnvironment(System::getenv)

        internal fun fromEnvironment(env: (String) -> String?): Builder {
            val b = Builder()
            b.apiKey(env("MISTRAL_API_KEY"))
            EnvironmentValues.first(env, "MISTRAL_BASE_URL")?.let { b.baseUrl(it) }
            return b
        }
    }
}

package dev.switchboard.openai

import dev.switchboard.EndpointConfigBuilder
import dev.switchboard.EndpointOptions
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.SwitchboardDsl
import dev.switchboard.spi.EnvironmentValues
import dev.switchboard.spi.Urls

/**
 * How to reach an OpenAI endpoint, and which of its APIs to call ([api]): the API key, base URL, organization and project,
 * default headers, HTTP options, and optionally the capabilities of the model ([modelInfo]) when
 * [OpenAiModels] does not know it. Immutable; build one with [builder], [fromEnvironment] or
 * [OpenAiCompatible.config], and derive variants with [newBuilder].
 *
 * [toString] never shows the API key, header values, or the password and query values of the base URL.
 */
public class OpenAiConfig private constructor(
    b: Builder,
    internal val endpointOptions: EndpointOptions,
    internal val chatOptions: ChatCompletionsOptions,
) {
    /** The API key sent as `Authorization: Bearer …`, or null for servers that need none. */
    public val apiKey: String? get() = endpointOptions.apiKey
    /**
     * The API's base URL, without a trailing slash; requests go to `<baseUrl>/chat/completions` (or `<baseUrl>/responses`), with the base
     * URL's query, if it has one (such as Azure's `?api-version=`), kept at the end.
     */
    public val baseUrl: String get() = endpointOptions.url
    /** The organization sent as `OpenAI-Organization`, or null. */
    public val organization: String? = b.organization
    /** The project sent as `OpenAI-Project`, or null. */
    public val project: String? = b.project
    /** Headers sent with every request (a request's own headers override them). */
    public val headers: Map<String, String> get() = endpointOptions.headers
    /** The model's capabilities, overriding [OpenAiModels]; null to look the model up. */
    public val modelInfo: ModelInfo? get() = endpointOptions.modelInfo
    /** Timeouts, retries and the HTTP engine or client. */
    public val httpOptions: HttpOptions get() = endpointOptions.httpOptions
    /**
     * Whether the output limit is sent as `max_completion_tokens` (true) or `max_tokens` (false); null
     * chooses by endpoint and model: `max_completion_tokens` on OpenAI's own endpoint (where `max_tokens` is
     * deprecated) and for OpenAI's reasoning families (o1, o3, o4, gpt-5), which reject `max_tokens`, and
     * `max_tokens` for other models on other servers.
     */
    public val useMaxCompletionTokens: Boolean? get() = chatOptions.useMaxCompletionTokens
    /**
     * Whether [dev.switchboard.SystemMessage]s are sent with the role `developer` (true) or `system`
     * (false); null chooses by model: `developer` for OpenAI's reasoning families (o1, o3, o4, gpt-5), for
     * which OpenAI's API reference says developer messages replace system messages, and `system` for the
     * others.
     */
    public val useDeveloperRole: Boolean? get() = chatOptions.useDeveloperRole
    /**
     * Whether a streamed request asks for the token usage with `stream_options: {"include_usage": true}`
     * (default true). Turn it off for a server that rejects the field: the [OpenAiCompatible.MISTRAL]
     * preset does (Mistral sends the usage anyway); without usage in the stream, the result's usage is zero.
     */
    @get:JvmName("isStreamUsage")
    public val streamUsage: Boolean get() = chatOptions.streamUsage
    /** The provider's name in errors and logs, such as `openai` or `groq`. */
    public val providerName: String get() = chatOptions.providerName
    /** The API called: the builder's choice, else the process default ([OpenAiApi.defaultApi]) when this config was built. */
    public val api: OpenAiApi get() = chatOptions.api
    /** The Responses API's `store` sent with every request, or null for none (OpenAI then stores responses). */
    public val store: Boolean? get() = chatOptions.store
    /** The Responses API's `reasoning.summary` (`auto`, `concise`, `detailed`), or null to ask for none. */
    public val reasoningSummary: String? get() = chatOptions.reasoningSummary
    /**
     * How the server takes [dev.switchboard.GuidedDecoding] ([GuidedDecodingDialect.NONE], the default, for none: a
     * request with guided decoding then fails before it is sent).
     */
    public val guidedDecoding: GuidedDecodingDialect = b.guidedDecoding

    /** The environment variable that should hold the key when it is required, for the error message. */
    internal val requiredKeyVariable: String? = b.requiredKeyVariable
    /** Whether unknown models get a permissive [ModelInfo] instead of an error (OpenAI-compatible presets). */
    internal val permissiveModels: Boolean = b.permissiveModels

    /** Whether [baseUrl] is OpenAI's own API (`api.openai.com`), whose models [OpenAiModels] lists. */
    internal val isOpenAiItself: Boolean get() = Urls.host(baseUrl) == "api.openai.com"

    /** A builder holding this configuration. */
    public fun newBuilder(): Builder = Builder(this)

    override fun toString(): String =
        "OpenAiConfig(provider=$providerName, $endpointOptions, organization=$organization, project=$project, $chatOptions" +
            (if (guidedDecoding != GuidedDecodingDialect.NONE) ", guidedDecoding=$guidedDecoding)" else ")")

    /**
     * Builds an [OpenAiConfig]. Every setter returns the builder; the API key (sent as `Authorization: Bearer …`),
     * headers, model info and HTTP options are set as for every provider ([EndpointConfigBuilder]), the wire options
     * as for every Chat Completions config ([ChatCompletionsConfigBuilder]). From Kotlin,
     * `OpenAiConfig { apiKey = "…"; httpOptions { maxRetries = 0 } }` sets the same values as properties, checked
     * as the setters check them; the properties and the block overloads are hidden from Java.
     */
    @SwitchboardDsl
    public class Builder internal constructor() : ChatCompletionsConfigBuilder<Builder>("openai") {
        /** The base URL (default `https://api.openai.com/v1`). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var baseUrl: String = DEFAULT_BASE_URL
            set(value) { field = value.trim() }
        /** The organization sent as `OpenAI-Organization`; null or blank for none. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var organization: String? = null
            set(value) { field = value?.trim()?.ifEmpty { null } }
        /** The project sent as `OpenAI-Project`; null or blank for none. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var project: String? = null
            set(value) { field = value?.trim()?.ifEmpty { null } }
        /** How the server takes guided decoding (default [GuidedDecodingDialect.NONE]: it takes none). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var guidedDecoding: GuidedDecodingDialect = GuidedDecodingDialect.NONE
        internal var requiredKeyVariable: String? = null
        internal var permissiveModels: Boolean = false

        internal constructor(c: OpenAiConfig) : this() {
            copyEndpointOptions(c.endpointOptions); copyChatCompletionsOptions(c.chatOptions)
            baseUrl = c.baseUrl; organization = c.organization; project = c.project
            requiredKeyVariable = c.requiredKeyVariable; permissiveModels = c.permissiveModels
            guidedDecoding = c.guidedDecoding
        }

        /** Sets the base URL (default `https://api.openai.com/v1`). */
        public fun baseUrl(value: String): Builder = apply { baseUrl = value }

        /** Sets the organization sent as `OpenAI-Organization`. */
        public fun organization(value: String?): Builder = apply { organization = value }

        /** Sets the project sent as `OpenAI-Project`. */
        public fun project(value: String?): Builder = apply { project = value }

        /** Sets how the server takes guided decoding: vLLM's, TGI's or llama.cpp's fields, or none (the default). */
        public fun guidedDecoding(value: GuidedDecodingDialect): Builder = apply { guidedDecoding = value }

        internal fun requireKey(variable: String?): Builder = apply { requiredKeyVariable = variable }

        internal fun permissiveModels(value: Boolean): Builder = apply { permissiveModels = value }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException when the base URL is not an http(s) URL or the provider name is blank.
         */
        public fun build(): OpenAiConfig =
            OpenAiConfig(this, endpointOptions(Urls.httpUrl(baseUrl, "The base URL")), chatCompletionsOptions())
    }

    /** Factories and defaults. */
    public companion object {
        /** OpenAI's own endpoint. */
        public const val DEFAULT_BASE_URL: String = "https://api.openai.com/v1"

        /** A builder for OpenAI's own endpoint, without a key. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /**
         * A builder preset from the environment: `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_ORG_ID` and
         * `OPENAI_PROJECT_ID` (each where set and not blank).
         */
        @JvmStatic
        public fun fromEnvironment(): Builder = fromEnvironment(System::getenv)

        internal fun fromEnvironment(env: (String) -> String?): Builder {
            val b = Builder()
            b.apiKey(env("OPENAI_API_KEY"))
            EnvironmentValues.first(env, "OPENAI_BASE_URL")?.let { b.baseUrl(it) }
            b.organization(env("OPENAI_ORG_ID"))
            b.project(env("OPENAI_PROJECT_ID"))
            return b
        }
    }
}

package dev.switchboard.openai

import dev.switchboard.EndpointConfigBuilder
import dev.switchboard.EndpointOptions
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.SwitchboardDsl
import dev.switchboard.auth.AccessTokenProvider
import dev.switchboard.spi.EnvironmentValues
import dev.switchboard.spi.Urls

/**
 * How to reach Azure OpenAI: the resource [endpoint], which of its two Chat Completions APIs to call, and
 * how to authenticate. Immutable; build one with [builder] or [fromEnvironment], derive variants with
 * [newBuilder], and pass it to [AzureOpenAiChatCompletionClient.create] with a deployment name.
 *
 * The two APIs:
 * - **Deployments** (the default): `POST {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=…`,
 *   with [apiVersion] ([DEFAULT_API_VERSION] unless set, or `OPENAI_API_VERSION` from the environment).
 * - **v1** ([Builder.v1Api]): `POST {endpoint}/openai/v1/chat/completions` with the deployment name as the
 *   body's `model`; no api-version is sent unless one is set (such as `preview`).
 * - **Responses** (`api(OpenAiApi.RESPONSES)`, which selects the v1 API): `POST {endpoint}/openai/v1/responses`, the
 *   deployment name as the body's `model`.
 *
 * Authentication is an API key, sent as the `api-key` header, or Microsoft Entra ID tokens from an
 * [AccessTokenProvider] for the scope [TOKEN_SCOPE], sent as `Authorization: Bearer …`, cached and
 * refreshed before they expire (`switchboard-azure-identity` adapts Azure Identity's
 * `DefaultAzureCredential` and any other `TokenCredential`).
 *
 * [toString] never shows the API key, header values, or a token provider's tokens.
 */
public class AzureOpenAiConfig private constructor(
    b: Builder,
    internal val endpointOptions: EndpointOptions,
    internal val chatOptions: ChatCompletionsOptions,
    v1: Boolean,
) {
    /** The resource endpoint, such as `https://my-resource.openai.azure.com`, without a trailing slash or `/openai`. */
    public val endpoint: String get() = endpointOptions.url
    /** Whether requests go to the v1 API (`/openai/v1/chat/completions`) instead of the deployments API. */
    @get:JvmName("isV1Api")
    public val v1Api: Boolean = v1
    /** The `api-version` query parameter sent, or null for none (the v1 API's default). */
    public val apiVersion: String? = b.apiVersion ?: if (v1) null else DEFAULT_API_VERSION
    /** The API key sent as `api-key`, or null when a [tokenProvider] authenticates. */
    public val apiKey: String? get() = endpointOptions.apiKey
    /** Where Microsoft Entra ID tokens come from, or null when an [apiKey] authenticates. */
    public val tokenProvider: AccessTokenProvider? = b.tokenProvider
    /** Headers sent with every request (a request's own headers override them). */
    public val headers: Map<String, String> get() = endpointOptions.headers
    /** The model's capabilities; null to look the deployment name up in [OpenAiModels], else assume every capability. */
    public val modelInfo: ModelInfo? get() = endpointOptions.modelInfo
    /** Timeouts, retries and the HTTP engine or client. */
    public val httpOptions: HttpOptions get() = endpointOptions.httpOptions
    /** `max_completion_tokens` (true) or `max_tokens` (false); null chooses `max_completion_tokens` for OpenAI's reasoning families only. */
    public val useMaxCompletionTokens: Boolean? get() = chatOptions.useMaxCompletionTokens
    /** System messages with the role `developer` (true) or `system` (false, the default when null). */
    public val useDeveloperRole: Boolean? get() = chatOptions.useDeveloperRole
    /** Whether streams ask for the token usage with `stream_options` (default true). */
    @get:JvmName("isStreamUsage")
    public val streamUsage: Boolean get() = chatOptions.streamUsage
    /** The provider's name in errors and logs (default `azure-openai`). */
    public val providerName: String get() = chatOptions.providerName
    /** The API called: the builder's choice, else the process default ([OpenAiApi.defaultApi]) when this config was built. */
    public val api: OpenAiApi get() = chatOptions.api
    /** The Responses API's `store` sent with every request, or null for none (OpenAI then stores responses). */
    public val store: Boolean? get() = chatOptions.store
    /** The Responses API's `reasoning.summary` (`auto`, `concise`, `detailed`), or null to ask for none. */
    public val reasoningSummary: String? get() = chatOptions.reasoningSummary

    init {
        require(apiKey == null || tokenProvider == null) {
            "Both an API key and a token provider are set for Azure OpenAI: use one (call apiKey(null) to drop the key, " +
                "which fromEnvironment() reads from AZURE_OPENAI_API_KEY)"
        }
    }

    /** A builder holding this configuration. */
    public fun newBuilder(): Builder = Builder(this)

    /** The Chat Completions URL for [deployment]. */
    internal fun chatCompletionsUrl(deployment: String): String = Urls.join(
        endpoint,
        if (v1Api) "/openai/v1/chat/completions" else "/openai/deployments/${Urls.pathSegment(deployment)}/chat/completions",
        apiVersion?.let { mapOf("api-version" to it) } ?: emptyMap(),
    )

    /** The Responses API URL (the v1 API's; the deployment goes as the body's `model`). */
    internal fun responsesUrl(): String =
        Urls.join(endpoint, "/openai/v1/responses", apiVersion?.let { mapOf("api-version" to it) } ?: emptyMap())

    override fun toString(): String =
        "AzureOpenAiConfig(provider=$providerName, $endpointOptions, api=${if (v1Api) "v1" else "deployments"}, " +
            "apiVersion=$apiVersion, tokenProvider=${tokenProvider?.javaClass?.name ?: "none"}, $chatOptions)"

    /**
     * Builds an [AzureOpenAiConfig]. Every setter returns the builder; the API key (sent as `api-key`), headers,
     * model info (of the model behind the deployment) and HTTP options are set as for every provider
     * ([EndpointConfigBuilder]), the wire options as for every Chat Completions config ([ChatCompletionsConfigBuilder];
     * a null [useDeveloperRole] means `system`). From Kotlin, `AzureOpenAiConfig { endpoint = "https://…"; apiKey = "…" }` sets the
     * same values as properties, checked as the setters check them; the properties and the block overloads are
     * hidden from Java.
     */
    @SwitchboardDsl
    public class Builder internal constructor() : ChatCompletionsConfigBuilder<Builder>("azure-openai") {
        /** The resource endpoint; a trailing `/openai` is dropped, and a trailing `/openai/v1` also selects the [v1Api]. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var endpoint: String? = null
        /** Whether requests go to the v1 API (`/openai/v1/chat/completions`, deployment as `model`). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var v1Api: Boolean = false
        /** The `api-version`; null or blank for the default ([DEFAULT_API_VERSION] for the deployments API, none for v1). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var apiVersion: String? = null
            set(value) { field = value?.trim()?.ifEmpty { null } }
        /** Where Microsoft Entra ID tokens for [TOKEN_SCOPE] come from; null for none. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var tokenProvider: AccessTokenProvider? = null

        internal constructor(c: AzureOpenAiConfig) : this() {
            copyEndpointOptions(c.endpointOptions); copyChatCompletionsOptions(c.chatOptions)
            endpoint = c.endpoint; v1Api = c.v1Api; tokenProvider = c.tokenProvider
            // The deployments API's default stays a default, so that switching the copy to the v1 API drops it.
            apiVersion = c.apiVersion.takeUnless { !c.v1Api && it == DEFAULT_API_VERSION }
        }

        /**
         * Sets the resource endpoint, such as `https://my-resource.openai.azure.com`; a trailing `/openai` is
         * dropped, and a trailing `/openai/v1` also selects the [v1Api].
         */
        public fun endpoint(value: String): Builder = apply { endpoint = value }

        /** Calls the v1 API (`/openai/v1/chat/completions`, deployment as `model`) instead of the deployments API. */
        public fun v1Api(value: Boolean): Builder = apply { v1Api = value }

        /**
         * Sets the `api-version` (default [DEFAULT_API_VERSION] for the deployments API, none for the v1 API);
         * null or blank restores the default.
         */
        public fun apiVersion(value: String?): Builder = apply { apiVersion = value }

        /**
         * Authenticates with Microsoft Entra ID tokens for the scope [TOKEN_SCOPE] from [value] (null removes it),
         * such as `AzureIdentityTokens.defaultCredential()` from `switchboard-azure-identity`.
         */
        public fun tokenProvider(value: AccessTokenProvider?): Builder = apply { tokenProvider = value }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException when the endpoint is missing or not an http(s) URL without a query, when
         *   both an API key and a token provider are set, or when the provider name is blank.
         */
        public fun build(): AzureOpenAiConfig {
            val raw = endpoint?.trim()
            require(!raw.isNullOrEmpty()) {
                "No Azure OpenAI endpoint: set the AZURE_OPENAI_ENDPOINT environment variable or call " +
                    "AzureOpenAiConfig.builder().endpoint(\"https://<resource>.openai.azure.com\")"
            }
            var url = Urls.httpUrl(raw, "The Azure OpenAI endpoint", queryAdvice = "give the API version with apiVersion(...)")
            var v1 = v1Api
            // What users paste from the portal or from OpenAI-SDK samples: the resource root, …/openai or …/openai/v1.
            when {
                url.endsWith("/openai/v1", ignoreCase = true) -> {
                    url = url.dropLast("/openai/v1".length)
                    v1 = true
                }
                url.endsWith("/openai", ignoreCase = true) -> url = url.dropLast("/openai".length)
            }
            val options = chatCompletionsOptions()
            // The Responses API is served by the v1 API only.
            return AzureOpenAiConfig(this, endpointOptions(url), options, v1 || options.api == OpenAiApi.RESPONSES)
        }
    }

    /** Factories and constants. */
    public companion object {
        /** The `api-version` of the deployments API used unless another is set: the latest generally available one. */
        public const val DEFAULT_API_VERSION: String = "2024-10-21"

        /** The Microsoft Entra ID scope of Azure OpenAI (and other Azure AI services) tokens. */
        public const val TOKEN_SCOPE: String = "https://cognitiveservices.azure.com/.default"

        /** An empty builder: set the endpoint and an API key or token provider. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /**
         * A builder preset from the environment variables the Azure SDKs read: `AZURE_OPENAI_ENDPOINT`,
         * `AZURE_OPENAI_API_KEY` and `OPENAI_API_VERSION` (each where set and not blank).
         */
        @JvmStatic
        public fun fromEnvironment(): Builder = fromEnvironment(System::getenv)

        internal fun fromEnvironment(env: (String) -> String?): Builder {
            val b = Builder()
            EnvironmentValues.first(env, "AZURE_OPENAI_ENDPOINT")?.let { b.endpoint(it) }
            b.apiKey(env("AZURE_OPENAI_API_KEY"))
            b.apiVersion(env("OPENAI_API_VERSION"))
            return b
        }
    }
}

package dev.switchboard.azure.inference

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
 * How to reach an Azure AI Model Inference endpoint: Azure AI Foundry (`https://<resource>.services.ai.azure.com/models`),
 * a serverless or managed-compute endpoint (`https://<name>.<region>.models.ai.azure.com`), or GitHub Models
 * (`https://models.github.ai/inference`, see [githubModels]). Requests go to
 * `POST {endpoint}/chat/completions?api-version={apiVersion}`.
 *
 * Credentials, exactly one of:
 * - [Builder.apiKey]: sent as `api-key` and as `Authorization: Bearer`, as Azure's own SDK does, so the same key
 *   works with Foundry resources and with serverless endpoints;
 * - [Builder.bearerToken]: a fixed token sent as `Authorization: Bearer` only (a GitHub token);
 * - [Builder.tokenProvider]: Microsoft Entra ID tokens for the scope [TOKEN_SCOPE], cached and refreshed
 *   (`AzureIdentityTokens.defaultCredential()` from `switchboard-azure-identity`).
 *
 * The model's capabilities must be declared with [Builder.modelInfo]: the endpoint serves models of every
 * family and this library cannot tell what a deployment can do.
 *
 * The API accepts only the fields it defines; a request that carries others (`n`, `logprobs`,
 * `parallel_tool_calls`, `user`, `reasoning_effort`, extra body fields…) is sent with the header
 * `extra-parameters: pass-through`, so that the endpoint hands them to the model, unless
 * [Builder.extraParameters] chose another behaviour for every request.
 *
 * Immutable; [toString] never shows the key, token or header values.
 */
public class AzureAiInferenceConfig private constructor(b: Builder, internal val endpointOptions: EndpointOptions) {
    /** The endpoint, without a trailing slash. */
    public val endpoint: String get() = endpointOptions.url
    /** The `api-version` query parameter, or null to send none. */
    public val apiVersion: String? = b.apiVersion
    /** The API key, sent as `api-key` and `Authorization: Bearer`, or null. */
    public val apiKey: String? get() = endpointOptions.apiKey
    /** A fixed token sent as `Authorization: Bearer`, or null. */
    public val bearerToken: String? = b.bearerToken
    /** Where Microsoft Entra ID tokens come from, or null. */
    public val tokenProvider: AccessTokenProvider? = b.tokenProvider
    /** The capabilities of the model, which the client requires. */
    public val modelInfo: ModelInfo? get() = endpointOptions.modelInfo
    /** Headers sent with every request (a request's own headers override them). */
    public val headers: Map<String, String> get() = endpointOptions.headers
    /** The `extra-parameters` header sent with every request, or null to send `pass-through` only when needed. */
    public val extraParameters: ExtraParameters? = b.extraParameters
    /** Whether streams ask for the token usage with `stream_options` (a pass-through field; default false). */
    @get:JvmName("isStreamUsage")
    public val streamUsage: Boolean = b.streamUsage
    /** Timeouts, retries and the HTTP engine or client. */
    public val httpOptions: HttpOptions get() = endpointOptions.httpOptions
    /** The provider's name in errors and logs (default `azure-ai-inference`). */
    public val providerName: String = b.providerName

    init {
        require(!endpoint.endsWith("/chat/completions")) {
            "The Azure AI Inference endpoint is the address before /chat/completions (got ${Secrets.quoteUrlLike(endpoint)})"
        }
        require(providerName.isNotBlank()) { "The provider name must not be blank" }
        val credentials = listOfNotNull(apiKey?.let { "apiKey" }, bearerToken?.let { "bearerToken" }, tokenProvider?.let { "tokenProvider" })
        require(credentials.size <= 1) {
            "Several credentials are set for Azure AI Inference (${credentials.joinToString()}): use one, and set the others to null"
        }
    }

    /** The Chat Completions URL. */
    internal val chatCompletionsUrl: String
        get() = Urls.join(endpoint, "/chat/completions", apiVersion?.let { mapOf("api-version" to it) } ?: emptyMap())

    /** Whether any credentials are set. */
    internal val hasCredentials: Boolean get() = apiKey != null || bearerToken != null || tokenProvider != null

    /** A builder holding this configuration. */
    public fun newBuilder(): Builder = Builder(this)

    override fun toString(): String =
        "AzureAiInferenceConfig(provider=$providerName, $endpointOptions, apiVersion=$apiVersion, credentials=${credentialKind()}, " +
            "extraParameters=${extraParameters?.wireValue ?: "auto"}, streamUsage=$streamUsage)"

    private fun credentialKind(): String = when {
        apiKey != null -> "apiKey ****"
        bearerToken != null -> "bearerToken ****"
        tokenProvider != null -> "tokenProvider ${tokenProvider.javaClass.name}"
        else -> "none"
    }

    /** What the endpoint does with request fields the API does not define (the `extra-parameters` header). */
    public enum class ExtraParameters(
        /** The header value. */
        public val wireValue: String,
    ) {
        /** Hand them to the model, which may reject them. */
        PASS_THROUGH("pass-through"),
        /** Drop them silently, so that one request shape serves models that lack them. */
        DROP("drop"),
        /** Reject the request when it has any. */
        ERROR("error"),
    }

    /**
     * Builds an [AzureAiInferenceConfig]. Every setter returns the builder; the API key (sent as `api-key` and
     * `Authorization: Bearer`), headers, model info (required: what the model can do) and HTTP options are set as
     * for every provider ([EndpointConfigBuilder]). From Kotlin,
     * `AzureAiInferenceConfig { endpoint = "https://…/models"; apiKey = "…"; modelInfo { functionCalling = true } }`
     * sets the same values as properties, checked as the setters check them; the properties and the block
     * overloads are hidden from Java.
     */
    @SwitchboardDsl
    public class Builder internal constructor() : EndpointConfigBuilder<Builder>() {
        /** The endpoint: the address before `/chat/completions`. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var endpoint: String? = null
        /** The `api-version` (default [DEFAULT_API_VERSION]); null or blank sends none. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var apiVersion: String? = DEFAULT_API_VERSION
            set(value) { field = value?.trim()?.ifEmpty { null } }
        /** A fixed token sent as `Authorization: Bearer` only (a GitHub token); null or blank removes it. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var bearerToken: String? = null
            set(value) { field = value?.trim()?.ifEmpty { null } }
        /** Where Microsoft Entra ID tokens for [TOKEN_SCOPE] come from; null for none. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var tokenProvider: AccessTokenProvider? = null
        /** The `extra-parameters` header sent with every request; null (default) sends `pass-through` only when needed. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var extraParameters: ExtraParameters? = null
        /** Whether streams ask for the token usage with `stream_options` (default false: not part of the API). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var streamUsage: Boolean = false
        /** The provider's name used in errors and logs (default `azure-ai-inference`). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var providerName: String = "azure-ai-inference"
            set(value) { field = value.trim() }

        internal constructor(c: AzureAiInferenceConfig) : this() {
            copyEndpointOptions(c.endpointOptions); endpoint = c.endpoint; apiVersion = c.apiVersion; bearerToken = c.bearerToken
            tokenProvider = c.tokenProvider; extraParameters = c.extraParameters; streamUsage = c.streamUsage
            providerName = c.providerName
        }

        /** Sets the endpoint: the address before `/chat/completions`. */
        public fun endpoint(value: String): Builder = apply { endpoint = value }

        /** Sets the `api-version` (default [DEFAULT_API_VERSION]); null or blank sends none. */
        public fun apiVersion(value: String?): Builder = apply { apiVersion = value }

        /** Sets a fixed token sent as `Authorization: Bearer` only (a GitHub token); null or blank removes it. */
        public fun bearerToken(value: String?): Builder = apply { bearerToken = value }

        /** Authenticates with Microsoft Entra ID tokens for [TOKEN_SCOPE] from [value]; null removes it. */
        public fun tokenProvider(value: AccessTokenProvider?): Builder = apply { tokenProvider = value }

        /** Sends `extra-parameters` with [value] on every request; null (default) sends `pass-through` only when the request needs it. */
        public fun extraParameters(value: ExtraParameters?): Builder = apply { extraParameters = value }

        /** Chooses whether streams ask for the token usage with `stream_options` (default false: not part of the API). */
        public fun streamUsage(value: Boolean): Builder = apply { streamUsage = value }

        /** Sets the provider's name used in errors and logs. */
        public fun providerName(value: String): Builder = apply { providerName = value }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException when the endpoint is missing or not an http(s) URL without a query, or
         *   when more than one kind of credentials is set.
         */
        public fun build(): AzureAiInferenceConfig {
            val raw = endpoint?.trim()
            require(!raw.isNullOrEmpty()) {
                "No Azure AI Inference endpoint: set the AZURE_AI_CHAT_ENDPOINT environment variable or call " +
                    "AzureAiInferenceConfig.builder().endpoint(\"https://<resource>.services.ai.azure.com/models\")"
            }
            val url = Urls.httpUrl(raw, "The Azure AI Inference endpoint", queryAdvice = "give the API version with apiVersion(...)")
            return AzureAiInferenceConfig(this, endpointOptions(url))
        }
    }

    /** Factories and constants. */
    public companion object {
        /** The `api-version` sent unless another is set, the one Azure's SDKs use. */
        public const val DEFAULT_API_VERSION: String = "2024-05-01-preview"

        /** The Microsoft Entra ID scope of Azure AI Foundry and Azure AI services tokens. */
        public const val TOKEN_SCOPE: String = "https://cognitiveservices.azure.com/.default"

        /** GitHub Models' inference endpoint. */
        public const val GITHUB_MODELS_ENDPOINT: String = "https://models.github.ai/inference"

        /** An empty builder: set the endpoint, credentials and model info. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /**
         * A builder preset from the environment: the endpoint from `AZURE_AI_CHAT_ENDPOINT` (the name Azure's SDK
         * samples use) or else `AZURE_AI_INFERENCE_ENDPOINT`, the API key from `AZURE_AI_CHAT_KEY` or else
         * `AZURE_AI_INFERENCE_KEY`. Add the model info, and a token provider when no key is set.
         */
        @JvmStatic
        public fun fromEnvironment(): Builder = fromEnvironment(System::getenv)

        internal fun fromEnvironment(env: (String) -> String?): Builder {
            val b = Builder()
            EnvironmentValues.first(env, "AZURE_AI_CHAT_ENDPOINT", "AZURE_AI_INFERENCE_ENDPOINT")?.let { b.endpoint(it) }
            b.apiKey(EnvironmentValues.first(env, "AZURE_AI_CHAT_KEY", "AZURE_AI_INFERENCE_KEY"))
            return b
        }

        /**
         * A builder for GitHub Models: [GITHUB_MODELS_ENDPOINT], the token from `GITHUB_TOKEN` sent as
         * `Authorization: Bearer`, and the provider name `github-models`. Model names carry their publisher, such
         * as `openai/gpt-4.1-mini`. Add the model info.
         */
        @JvmStatic
        public fun githubModels(): Builder = githubModels(System::getenv)

        internal fun githubModels(env: (String) -> String?): Builder =
            Builder().endpoint(GITHUB_MODELS_ENDPOINT).bearerToken(env("GITHUB_TOKEN")).providerName("github-models")
    }
}

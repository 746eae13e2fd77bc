package dev.switchboard.openai

import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.SwitchboardDsl
import dev.switchboard.auth.AccessTokenProvider
import dev.switchboard.spi.Secrets
import java.net.URI
import java.net.URISyntaxException

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
 *
 * Authentication is an API key, sent as the `api-key` header, or Microsoft Entra ID tokens from an
 * [AccessTokenProvider] for the scope [TOKEN_SCOPE], sent as `Authorization: Bearer …`, cached and
 * refreshed before they expire (`switchboard-azure-identity` adapts Azure Identity's
 * `DefaultAzureCredential` and any other `TokenCredential`).
 *
 * [toString] never shows the API key, header values, or a token provider's tokens.
 */
public class AzureOpenAiConfig private constructor(b: Builder) {
    /** The resource endpoint, such as `https://my-resource.openai.azure.com`, without a trailing slash or `/openai`. */
    public val endpoint: String
    /** Whether requests go to the v1 API (`/openai/v1/chat/completions`) instead of the deployments API. */
    @get:JvmName("isV1Api")
    public val v1Api: Boolean
    /** The `api-version` query parameter sent, or null for none (the v1 API's default). */
    public val apiVersion: String?
    /** The API key sent as `api-key`, or null when a [tokenProvider] authenticates. */
    public val apiKey: String? = b.apiKey
    /** Where Microsoft Entra ID tokens come from, or null when an [apiKey] authenticates. */
    public val tokenProvider: AccessTokenProvider? = b.tokenProvider
    /** Headers sent with every request (a request's own headers override them). */
    public val headers: Map<String, String> = LinkedHashMap(b.headers)
    /** The model's capabilities; null to look the deployment name up in [OpenAiModels], else assume every capability. */
    public val modelInfo: ModelInfo? = b.modelInfo
    /** Timeouts, retries and the HTTP engine or client. */
    public val httpOptions: HttpOptions = b.httpOptions
    /** `max_completion_tokens` (true) or `max_tokens` (false); null chooses `max_completion_tokens` for OpenAI's reasoning families only. */
    public val useMaxCompletionTokens: Boolean? = b.useMaxCompletionTokens
    /** System messages with the role `developer` (true) or `system` (false, the default when null). */
    public val useDeveloperRole: Boolean? = b.useDeveloperRole
    /** Whether streams ask for the token usage with `stream_options` (default true). */
    public val streamUsage: Boolean = b.streamUsage
    /** The provider's name in errors and logs (default `azure-openai`). */
    public val providerName: String = b.providerName

    init {
        val raw = b.endpoint?.trim()?.trimEnd('/')
        require(!raw.isNullOrEmpty()) {
            "No Azure OpenAI endpoint: set the AZURE_OPENAI_ENDPOINT environment variable or call " +
                "AzureOpenAiConfig.builder().endpoint(\"https://<resource>.openai.azure.com\")"
        }
        val uri = try {
            URI(raw)
        } catch (e: URISyntaxException) {
            throw IllegalArgumentException("The Azure OpenAI endpoint is not a URL (got ${Secrets.quoteUrlLike(raw)})", e)
        }
        require(uri.scheme == "https" || uri.scheme == "http") {
            "The Azure OpenAI endpoint must start with https:// (got ${Secrets.quoteUrlLike(raw)})"
        }
        require(uri.rawQuery == null && uri.rawFragment == null) {
            "The Azure OpenAI endpoint must not have a query (got ${Secrets.quoteUrlLike(raw)}): give the API version " +
                "with apiVersion(...)"
        }
        var base: String = raw
        var v1 = b.v1Api
        // What users paste from the portal or from OpenAI-SDK samples: the resource root, …/openai or …/openai/v1.
        when {
            base.endsWith("/openai/v1", ignoreCase = true) -> {
                base = base.dropLast("/openai/v1".length)
                v1 = true
            }
            base.endsWith("/openai", ignoreCase = true) -> base = base.dropLast("/openai".length)
        }
        endpoint = base
        v1Api = v1
        apiVersion = b.apiVersion ?: if (v1) null else DEFAULT_API_VERSION
        require(providerName.isNotBlank()) { "The provider name must not be blank" }
        require(apiKey == null || tokenProvider == null) {
            "Both an API key and a token provider are set for Azure OpenAI: use one (call apiKey(null) to drop the key, " +
                "which fromEnvironment() reads from AZURE_OPENAI_API_KEY)"
        }
    }

    /** A builder holding this configuration. */
    public fun newBuilder(): Builder = Builder(this)

    /** The Chat Completions URL for [deployment]. */
    internal fun chatCompletionsUrl(deployment: String): String {
        val path = if (v1Api) "$endpoint/openai/v1/chat/completions" else "$endpoint/openai/deployments/${encodePathSegment(deployment)}/chat/completions"
        return if (apiVersion == null) path else "$path?api-version=${encodeQueryValue(apiVersion)}"
    }

    override fun toString(): String =
        "AzureOpenAiConfig(provider=$providerName, endpoint=${Secrets.safeUrl(endpoint)}, api=${if (v1Api) "v1" else "deployments"}, " +
            "apiVersion=$apiVersion, apiKey=${if (apiKey == null) "none" else "****"}, " +
            "tokenProvider=${tokenProvider?.javaClass?.name ?: "none"}, headers=${headers.keys}, modelInfo=$modelInfo, " +
            "useMaxCompletionTokens=$useMaxCompletionTokens, useDeveloperRole=$useDeveloperRole, streamUsage=$streamUsage, " +
            "httpOptions=$httpOptions)"

    /**
     * Builds an [AzureOpenAiConfig]. Every setter returns the builder. From Kotlin,
     * `AzureOpenAiConfig { endpoint = "https://…"; apiKey = "…" }` sets the same values as properties, checked
     * as the setters check them; the properties and the block overloads are hidden from Java.
     */
    @SwitchboardDsl
    public class Builder internal constructor() {
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
        /** The API key sent as `api-key`; null or blank removes it. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var apiKey: String? = null
            set(value) { field = value?.trim()?.ifEmpty { null } }
        /** Where Microsoft Entra ID tokens for [TOKEN_SCOPE] come from; null for none. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var tokenProvider: AccessTokenProvider? = null
        internal val headers = LinkedHashMap<String, String>()
        /** The capabilities of the model behind the deployment, or null. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var modelInfo: ModelInfo? = null
        /** Timeouts, retries and the HTTP engine or client. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var httpOptions: HttpOptions = HttpOptions.DEFAULT
        /** `max_completion_tokens` (true) or `max_tokens` (false); null (default) chooses by model family. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var useMaxCompletionTokens: Boolean? = null
        /** The role of system messages: `developer` (true) or `system` (false); null (default) means `system`. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var useDeveloperRole: Boolean? = null
        /** Whether streams ask for the token usage with `stream_options` (default true). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var streamUsage: Boolean = true
        /** The provider's name used in errors and logs (default `azure-openai`). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var providerName: String = "azure-openai"
            set(value) { field = value.trim() }

        internal constructor(c: AzureOpenAiConfig) : this() {
            endpoint = c.endpoint; v1Api = c.v1Api; apiKey = c.apiKey; tokenProvider = c.tokenProvider
            // The deployments API's default stays a default, so that switching the copy to the v1 API drops it.
            apiVersion = c.apiVersion.takeUnless { !c.v1Api && it == DEFAULT_API_VERSION }
            headers += c.headers; modelInfo = c.modelInfo; httpOptions = c.httpOptions; useMaxCompletionTokens = c.useMaxCompletionTokens
            useDeveloperRole = c.useDeveloperRole; streamUsage = c.streamUsage; providerName = c.providerName
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

        /** Sets the API key sent as `api-key`; null or blank removes it. */
        public fun apiKey(value: String?): Builder = apply { apiKey = value }

        /**
         * Authenticates with Microsoft Entra ID tokens for the scope [TOKEN_SCOPE] from [value] (null removes it),
         * such as `AzureIdentityTokens.defaultCredential()` from `switchboard-azure-identity`.
         */
        public fun tokenProvider(value: AccessTokenProvider?): Builder = apply { tokenProvider = value }

        /** Adds a header sent with every request. */
        public fun header(name: String, value: String): Builder = apply {
            require(name.isNotBlank()) { "A header name must not be blank" }
            headers[name] = value
        }

        /** Declares the capabilities of the model behind the deployment. */
        public fun modelInfo(value: ModelInfo?): Builder = apply { modelInfo = value }

        /** Declares the model's capabilities, starting from those declared so far (or none): `modelInfo { vision = true }`. */
        @JvmSynthetic
        public fun modelInfo(block: ModelInfo.Builder.() -> Unit): Builder =
            modelInfo((modelInfo?.newBuilder() ?: ModelInfo.builder()).apply(block).build())

        /** Sets timeouts, retries and the HTTP engine or client. */
        public fun httpOptions(value: HttpOptions): Builder = apply { httpOptions = value }

        /** Sets timeouts, retries and the HTTP engine or client, starting from the current ones: `httpOptions { maxRetries = 0 }`. */
        @JvmSynthetic
        public fun httpOptions(block: HttpOptions.Builder.() -> Unit): Builder = httpOptions(httpOptions.newBuilder().apply(block).build())

        /** Chooses `max_completion_tokens` (true) or `max_tokens` (false); null (default) chooses by model family. */
        public fun useMaxCompletionTokens(value: Boolean?): Builder = apply { useMaxCompletionTokens = value }

        /** Chooses the role of system messages: `developer` (true) or `system` (false); null (default) means `system`. */
        public fun useDeveloperRole(value: Boolean?): Builder = apply { useDeveloperRole = value }

        /** Chooses whether streams ask for the token usage with `stream_options` (default true). */
        public fun streamUsage(value: Boolean): Builder = apply { streamUsage = value }

        /** Sets the provider's name used in errors and logs (default `azure-openai`). */
        public fun providerName(value: String): Builder = apply { providerName = value }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException when the endpoint is missing or not an http(s) URL without a query, or
         *   when both an API key and a token provider are set.
         */
        public fun build(): AzureOpenAiConfig = AzureOpenAiConfig(this)
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
            env("AZURE_OPENAI_ENDPOINT")?.trim()?.takeIf { it.isNotEmpty() }?.let { b.endpoint(it) }
            b.apiKey(env("AZURE_OPENAI_API_KEY"))
            b.apiVersion(env("OPENAI_API_VERSION"))
            return b
        }

        private fun encodePathSegment(s: String): String = URI(null, null, "/$s", null).rawPath.substring(1).replace("/", "%2F")

        private fun encodeQueryValue(s: String): String = java.net.URLEncoder.encode(s, Charsets.UTF_8)
    }
}

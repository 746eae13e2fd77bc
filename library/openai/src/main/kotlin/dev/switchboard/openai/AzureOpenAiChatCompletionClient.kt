package dev.switchboard.openai

import dev.switchboard.ModelInfo
import dev.switchboard.auth.RequestAuthorizer
import dev.switchboard.ChatCompletionClient
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.Secrets

/**
 * A client of one Azure OpenAI deployment, over the Chat Completions or Responses wire format that
 * [OpenAiChatCompletionClient] speaks ([AzureOpenAiConfig.api]), with Azure's URLs and authentication (see
 * [AzureOpenAiConfig]). The Responses API goes to `{endpoint}/openai/v1/responses`.
 *
 * ```kotlin
 * val client = AzureOpenAiChatCompletionClient.fromEnvironment("gpt-4o-prod")   // AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY
 * val entra = AzureOpenAiChatCompletionClient.create(
 *     "gpt-4o-prod",
 *     AzureOpenAiConfig.builder().endpoint(endpoint).tokenProvider(AzureIdentityTokens.defaultCredential()).build(),
 * )
 * ```
 *
 * Azure's content filter is surfaced: a prompt it refuses is a [dev.switchboard.ContentFilterException]
 * naming the categories that blocked it; an answer it stopped ends with
 * [dev.switchboard.FinishReason.CONTENT_FILTER]; and what it found per category is on
 * [dev.switchboard.CreateResult.promptFilter] and [dev.switchboard.Choice.contentFilter], for streams too.
 *
 * Token counts ([countTokens], [remainingTokens]) of OpenAI model families need the artifact
 * `dev.switchboard:switchboard-openai-tokenizer`, as for [OpenAiChatCompletionClient]: without it they throw an
 * [IllegalStateException] saying to add it.
 *
 * Close the client when done to release its HTTP client.
 */
public class AzureOpenAiChatCompletionClient private constructor(
    /** The configuration this client was made with. */
    public val config: AzureOpenAiConfig,
    client: ChatCompletionClient,
) : ChatCompletionClient by client {
    private constructor(deployment: String, modelInfo: ModelInfo, config: AzureOpenAiConfig) : this(
        config,
        CodecClients.create(
            deployment,
            modelInfo,
            codec(config, deployment, modelInfo),
            HttpTransport(config.providerName, config.httpOptions, config.tokenProvider?.let { RequestAuthorizer.bearerToken(it, config.providerName) }),
            OpenAiTokenizers.deferredForFamily(modelInfo.family),
        ),
    )

    /** The deployment this client calls. */
    public val deployment: String get() = model

    override fun toString(): String =
        "AzureOpenAiChatCompletionClient(${config.providerName}, $model, ${Secrets.safeUrl(config.endpoint)}, " +
            "${if (config.v1Api) "v1" else "deployments"})"

    /** Factories. */
    public companion object {
        /**
         * A client of [deployment] configured by [config].
         *
         * The model's capabilities come from [AzureOpenAiConfig.modelInfo] when set, else from [OpenAiModels] when
         * the deployment is named after a model it knows (such as `gpt-4o`); otherwise every capability is
         * assumed ([ModelInfo.ALL_CAPABILITIES], family guessed from the name) — declare the real ones to have
         * requests checked before they are sent.
         *
         * @throws IllegalArgumentException when [deployment] is blank, or when [config] has neither an API key nor
         *   a token provider.
         */
        @JvmStatic
        public fun create(deployment: String, config: AzureOpenAiConfig): AzureOpenAiChatCompletionClient {
            require(deployment.isNotBlank()) { "The Azure OpenAI deployment name must not be blank" }
            require(config.apiKey != null || config.tokenProvider != null) {
                "Azure OpenAI needs credentials: set the AZURE_OPENAI_API_KEY environment variable, call apiKey(...), or " +
                    "authenticate with Microsoft Entra ID through tokenProvider(...) (AzureIdentityTokens.defaultCredential() " +
                    "in switchboard-azure-identity)"
            }
            return AzureOpenAiChatCompletionClient(deployment.trim(), modelInfo(deployment.trim(), config), config)
        }

        /**
         * A client of [deployment] configured from the environment (`AZURE_OPENAI_ENDPOINT`, `AZURE_OPENAI_API_KEY`,
         * `OPENAI_API_VERSION`); see [AzureOpenAiConfig.fromEnvironment].
         *
         * @throws IllegalArgumentException as [create] does, notably when `AZURE_OPENAI_ENDPOINT` or
         *   `AZURE_OPENAI_API_KEY` is not set.
         */
        @JvmStatic
        public fun fromEnvironment(deployment: String): AzureOpenAiChatCompletionClient =
            create(deployment, AzureOpenAiConfig.fromEnvironment().build())

        /**
         * A client of the deployment named by `AZURE_OPENAI_DEPLOYMENT`, configured from the environment as
         * [fromEnvironment] with a deployment is.
         *
         * @throws IllegalArgumentException when `AZURE_OPENAI_DEPLOYMENT` is not set, and as [create] does.
         */
        @JvmStatic
        public fun fromEnvironment(): AzureOpenAiChatCompletionClient = fromEnvironment(System::getenv)

        internal fun fromEnvironment(env: (String) -> String?): AzureOpenAiChatCompletionClient {
            val deployment = env("AZURE_OPENAI_DEPLOYMENT")?.trim()?.ifEmpty { null }
                ?: throw IllegalArgumentException(
                    "No Azure OpenAI deployment: set the AZURE_OPENAI_DEPLOYMENT environment variable or call fromEnvironment(deployment)",
                )
            return create(deployment, AzureOpenAiConfig.fromEnvironment(env).build())
        }

        internal fun modelInfo(deployment: String, config: AzureOpenAiConfig): ModelInfo =
            config.modelInfo
                ?: OpenAiModels.info(deployment)
                ?: ModelInfo.ALL_CAPABILITIES.newBuilder().family(OpenAiModels.familyOf(deployment)).build()

        internal fun codec(config: AzureOpenAiConfig, deployment: String, modelInfo: ModelInfo): dev.switchboard.spi.ChatCodec {
            val headers = LinkedHashMap<String, String>()
            config.apiKey?.let { headers["api-key"] = it }
            headers.putAll(config.headers)
            val secrets = Secrets.of(config.apiKey, config.headers, config.endpoint)
            if (config.api == OpenAiApi.RESPONSES) {
                val options = config.chatOptions.responsesOptions(modelInfo.family.isOpenAiReasoning)
                return OpenAiResponsesCodec(config.providerName, config.responsesUrl(), headers, options, secrets)
            }
            val options = config.chatOptions.wireOptions(maxCompletionTokens = modelInfo.family.isOpenAiReasoning, developerRole = false)
            val url = config.chatCompletionsUrl(deployment)
            return OpenAiChatCodec(config.providerName, url, headers, options, secrets)
        }
    }
}

package dev.switchboard.azure.inference

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ModelInfo
import dev.switchboard.auth.RequestAuthorizer
import dev.switchboard.openai.OpenAiCodecs
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.Secrets

/**
 * A client of one model behind the Azure AI Model Inference chat completions API: Azure AI Foundry,
 * serverless and managed-compute endpoints, and GitHub Models (see [AzureAiInferenceConfig]).
 *
 * ```kotlin
 * val info = ModelInfo.builder().vision(true).functionCalling(true).jsonOutput(true).structuredOutput(true)
 *     .family(ModelFamily.GPT_4O).build()
 * val foundry = AzureAiInferenceChatCompletionClient.create(
 *     "Mistral-Large-2411",
 *     AzureAiInferenceConfig.fromEnvironment().modelInfo(info).build(),   // AZURE_AI_CHAT_ENDPOINT, AZURE_AI_CHAT_KEY
 * )
 * val github = AzureAiInferenceChatCompletionClient.create(
 *     "openai/gpt-4.1-mini", AzureAiInferenceConfig.githubModels().modelInfo(info).build(),   // GITHUB_TOKEN
 * )
 * ```
 *
 * The wire is OpenAI's Chat Completions (streams end with `[DONE]`; tools, images as `image_url` parts,
 * `json_object` and `json_schema` response formats), with `max_tokens` for the output limit and the role
 * `system` for system messages. Azure's content filter is surfaced as it is by the Azure OpenAI client:
 * [dev.switchboard.ContentFilterException] for a refused prompt, [dev.switchboard.FinishReason.CONTENT_FILTER]
 * and the per-category results on the result.
 *
 * Close the client when done to release its HTTP client.
 */
public class AzureAiInferenceChatCompletionClient private constructor(
    /** The configuration this client was made with. */
    public val config: AzureAiInferenceConfig,
    client: ChatCompletionClient,
) : ChatCompletionClient by client {
    private constructor(model: String, modelInfo: ModelInfo, config: AzureAiInferenceConfig) : this(
        config,
        CodecClients.create(
            model,
            modelInfo,
            codec(config),
            HttpTransport(config.providerName, config.httpOptions, config.tokenProvider?.let { RequestAuthorizer.bearerToken(it, config.providerName) }),
        ),
    )

    override fun toString(): String = "AzureAiInferenceChatCompletionClient(${config.providerName}, $model, ${Secrets.safeUrl(config.endpoint)})"

    /** Factories. */
    public companion object {
        /**
         * A client of [model] (the deployment or model name the endpoint knows, such as `Mistral-Large-2411`
         * or, on GitHub Models, `openai/gpt-4.1-mini`) configured by [config].
         *
         * @throws IllegalArgumentException when [model] is blank, when [config] declares no [ModelInfo], or when it
         *   has no credentials.
         */
        @JvmStatic
        public fun create(model: String, config: AzureAiInferenceConfig): AzureAiInferenceChatCompletionClient {
            require(model.isNotBlank()) { "The model name must not be blank" }
            val info = config.modelInfo ?: throw IllegalArgumentException(
                "Declare what ${model.trim()} can do: Azure AI Inference serves models of every family, so the client needs " +
                    "config.modelInfo(...), for example AzureAiInferenceConfig.builder().modelInfo(ModelInfo.builder()" +
                    ".vision(true).functionCalling(true).jsonOutput(true).structuredOutput(true).family(ModelFamily.GPT_4O).build())",
            )
            require(config.hasCredentials) {
                "${config.providerName} needs credentials: set AZURE_AI_CHAT_KEY (or GITHUB_TOKEN for GitHub Models), or call " +
                    "apiKey(...), bearerToken(...) or tokenProvider(...) (AzureIdentityTokens.defaultCredential() in switchboard-azure-identity)"
            }
            return AzureAiInferenceChatCompletionClient(model.trim(), info, config)
        }

        /**
         * A client of [model] with [modelInfo], configured from the environment (`AZURE_AI_CHAT_ENDPOINT` and
         * `AZURE_AI_CHAT_KEY`, or `AZURE_AI_INFERENCE_ENDPOINT` and `AZURE_AI_INFERENCE_KEY`).
         *
         * @throws IllegalArgumentException as [create] does, notably when the endpoint or key variable is not set.
         */
        @JvmStatic
        public fun fromEnvironment(model: String, modelInfo: ModelInfo): AzureAiInferenceChatCompletionClient =
            create(model, AzureAiInferenceConfig.fromEnvironment().modelInfo(modelInfo).build())

        /**
         * A client of [model] on GitHub Models with [modelInfo], authenticated with `GITHUB_TOKEN`.
         *
         * @throws IllegalArgumentException as [create] does, notably when `GITHUB_TOKEN` is not set.
         */
        @JvmStatic
        public fun githubModels(model: String, modelInfo: ModelInfo): AzureAiInferenceChatCompletionClient =
            create(model, AzureAiInferenceConfig.githubModels().modelInfo(modelInfo).build())

        internal fun codec(config: AzureAiInferenceConfig): ChatCodec {
            val headers = LinkedHashMap<String, String>()
            config.apiKey?.let {
                headers["api-key"] = it
                headers["Authorization"] = "Bearer $it"
            }
            config.bearerToken?.let { headers["Authorization"] = "Bearer $it" }
            headers.putAll(config.headers)
            val secrets = Secrets.of(config.apiKey ?: config.bearerToken, config.headers, config.endpoint)
            val inner = OpenAiCodecs.chatCompletions(
                config.providerName, config.chatCompletionsUrl, headers, secrets,
                maxCompletionTokens = false, developerRole = false, streamUsage = config.streamUsage,
            )
            return ExtraParametersCodec(inner, config.extraParameters)
        }
    }
}

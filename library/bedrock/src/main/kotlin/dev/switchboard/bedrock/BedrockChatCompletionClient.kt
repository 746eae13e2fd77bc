package dev.switchboard.bedrock

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ModelInfo
import dev.switchboard.TokenCounter
import dev.switchboard.auth.RequestAuthorizer
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.Secrets
import java.time.Clock

/**
 * A client of one model served by Amazon Bedrock, through the Converse API (`Converse` and `ConverseStream`), which
 * speaks one format for every model family Bedrock serves (Claude, Nova, Llama, Mistral, Cohere, DeepSeek, …).
 *
 * ```kotlin
 * val client = BedrockChatCompletionClient.fromEnvironment("us.anthropic.claude-sonnet-4-5-20250929-v1:0")
 * val answer = client.create(createRequest { system("Be brief"); user("Hello") })
 * ```
 *
 * Credentials: with a Bedrock API key ([BedrockConfig.apiKey], `AWS_BEARER_TOKEN_BEDROCK`) every request carries it
 * as `Authorization: Bearer`; otherwise every attempt, retries included, is signed with SigV4 ([SigV4Signer], this
 * module's own), with the static keys of [BedrockConfig.Builder.credentials], the [BedrockConfig.credentialsProvider]
 * given, the AWS SDK's default chain when `software.amazon.awssdk:auth` is on the classpath, or else the system
 * properties, environment variables and profile files ([AwsCredentialChain]).
 *
 * How the neutral model maps onto Converse:
 * - [dev.switchboard.SystemMessage]s at the start are `system` blocks; user text and images (as bytes) are `text` and
 *   `image` blocks; tool results `toolResult` blocks (`status: error` for failed tools);
 *   consecutive messages of one role are merged into one turn; a [dev.switchboard.CacheMarker] is a `cachePoint`.
 * - An [dev.switchboard.AssistantMessage] sends back its signed and redacted [dev.switchboard.ThoughtBlock]s
 *   (`reasoningContent`) first, then its text and `toolUse` blocks.
 * - `maxTokens`, `temperature`, `topP` and `stop` are `inferenceConfig`; `topK` and `thinkingBudget` /
 *   `reasoningEffort` are Anthropic's `top_k` and `thinking` in `additionalModelRequestFields` (other models take their
 *   own fields through `extraBody`, whose `additionalModelRequestFields` joins these); the end user is
 *   `requestMetadata.user`; options Converse lacks (n > 1, seed, penalties, logit bias, log probabilities,
 *   `parallelToolCalls(false)`, tool choice none) are rejected before sending.
 * - A JSON-schema or JSON-object response format is a tool named `structured_output`, which the model is made to call;
 *   its input is the answer's content.
 *
 * Results: `text` blocks make the content, `reasoningContent` the thought and thought blocks; the stop reasons map to
 * STOP (`end_turn`, `stop_sequence`), LENGTH (`max_tokens`, `model_context_window_exceeded`), TOOL_CALLS
 * (`tool_use`) and CONTENT_FILTER (`guardrail_intervened`, `content_filtered`); the usage's prompt tokens include the
 * cache reads and writes, reported as cached and cache-write tokens.
 */
public class BedrockChatCompletionClient private constructor(
    /** The configuration this client was made with. */
    public val config: BedrockConfig,
    client: ChatCompletionClient,
) : ChatCompletionClient by client {
    override fun toString(): String = "BedrockChatCompletionClient($model, ${Secrets.safeUrl(config.baseUrl)})"

    /** Factories. */
    public companion object {
        /**
         * A client of [model] (a model id, an inference profile id such as `us.anthropic.claude-…`, or an ARN)
         * configured by [config]. Its capabilities come from [BedrockConfig.modelInfo], else [BedrockModels], else
         * every capability.
         *
         * @throws IllegalArgumentException when [model] is blank, or when requests must be signed (no API key) and
         *   the configuration has no region.
         */
        @JvmStatic
        public fun create(model: String, config: BedrockConfig): BedrockChatCompletionClient = create(model, config, Clock.systemUTC())

        /** As [create], signing with the time of [clock]. */
        internal fun create(model: String, config: BedrockConfig, clock: Clock): BedrockChatCompletionClient {
            require(model.isNotBlank()) { "The model id must not be blank" }
            val authorizer: RequestAuthorizer? = if (config.apiKey != null) null else {
                val region = requireNotNull(config.region) {
                    "SigV4 needs the AWS region of ${config.baseUrl}: set AWS_REGION or BedrockConfig.builder().region(...), " +
                        "or use a Bedrock API key (AWS_BEARER_TOKEN_BEDROCK)"
                }
                SigV4Authorizer(credentials(config), region, clock = clock)
            }
            val info = config.modelInfo ?: BedrockModels.info(model) ?: ModelInfo.ALL_CAPABILITIES
            val client = CodecClients.create(
                model.trim(), info, BedrockChatCodec.from(config, model.trim()),
                HttpTransport(BedrockChatCodec.PROVIDER, config.httpOptions, authorizer), TokenCounter.ESTIMATE,
            )
            return BedrockChatCompletionClient(config, client)
        }

        /**
         * A client of [model] configured from the environment (`AWS_BEARER_TOKEN_BEDROCK`, `AWS_REGION`, `AWS_PROFILE`,
         * `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`); see [BedrockConfig.fromEnvironment].
         *
         * @throws IllegalArgumentException as [create] does, notably when no region is set.
         */
        @JvmStatic
        public fun fromEnvironment(model: String): BedrockChatCompletionClient = create(model, BedrockConfig.fromEnvironment().build())

        /**
         * Where the credentials come from: the static keys given, the AWS SDK provider given, the SDK's default chain
         * when the SDK is on the classpath, or else [AwsCredentialChain] (properties, environment, profile files).
         */
        private fun credentials(config: BedrockConfig): () -> AwsKeys {
            config.staticKeys?.let { keys -> return { keys } }
            val provider = config.credentialsProvider
            if (provider != null) return SdkCredentials.from(provider)
            if (SdkCredentials.available) return SdkCredentials.defaultChain(config.profile)
            val chain = AwsCredentialChain(config.profile)
            return chain::resolve
        }
    }
}

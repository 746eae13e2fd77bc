package dev.switchboard.mistral

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.TokenCounter
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.Secrets

/**
 * A client of one Mistral model behind Mistral's chat completions API (`POST /v1/chat/completions`).
 *
 * ```kotlin
 * val client = MistralChatCompletionClient.fromEnvironment("mistral-small-latest")
 * val answer = client.create(createRequest { system("Be brief"); user("Hello"); seed(7) })
 * ```
 *
 * Create one with [create] or [fromEnvironment]; close it when done to release its HTTP client. For a server that
 * only imitates Mistral through the OpenAI format, the OpenAI module's `OpenAiCompatible.MISTRAL` preset remains.
 *
 * How the neutral model maps onto Mistral's API:
 * - Messages keep their roles; a user message of one text part is sent as a string, one with several parts or
 *   images as `text` and `image_url` chunks (inline images as data URLs, with the detail level when not AUTO).
 *   Speaker names are not sent (Mistral's messages have no place for them), nor whether a tool result is an error.
 * - An assistant message's reasoning ([dev.switchboard.AssistantMessage.thought]) goes back as a `thinking` chunk
 *   before its text; its tool calls with their arguments as JSON text.
 * - `seed` is `random_seed`; `reasoningEffort` is `reasoning_effort` (`high` or `none`); `toolChoice` Required is
 *   `any`; [MistralConfig.safePrompt] and [MistralConfig.promptMode] are `safe_prompt` and `prompt_mode`. Options the
 *   API lacks (log probabilities, logit bias, top-k, an end user, a thinking budget) and a temperature above 1.5 are
 *   rejected before sending. Streams carry their usage without asking (`stream_options` does not exist here).
 *
 * In results, text chunks make the content and `thinking` chunks the thought; tool-call arguments that arrive as
 * a JSON object become its JSON text; `stop` finishes with STOP, `length` and `model_length` with LENGTH, and
 * `tool_calls` with TOOL_CALLS; cached prompt tokens are reported where the usage has them.
 */
public class MistralChatCompletionClient private constructor(
    /** The configuration this client was made with. */
    public val config: MistralConfig,
    client: ChatCompletionClient,
) : ChatCompletionClient by client {
    private constructor(model: String, modelInfo: ModelInfo, config: MistralConfig) : this(
        config,
        CodecClients.create(
            model, modelInfo, MistralChatCodec.from(config), HttpTransport(MistralChatCodec.PROVIDER, config.httpOptions), TokenCounter.ESTIMATE,
        ),
    )

    override fun toString(): String = "MistralChatCompletionClient($model, ${Secrets.safeUrl(config.baseUrl)})"

    /** Factories. */
    public companion object {
        /**
         * A client of [model] configured by [config].
         *
         * The model's capabilities come from [MistralConfig.modelInfo] when set, else from [MistralModels]; a model the
         * table does not know gets every capability of family [ModelFamily.MISTRAL], with its context window unknown:
         * declare them with [MistralConfig.Builder.modelInfo] to have requests checked.
         *
         * @throws IllegalArgumentException when [model] is blank, or when the base URL is Mistral's own and no API key
         *   is configured (neither [MistralConfig.apiKey] nor an `Authorization` header).
         */
        @JvmStatic
        public fun create(model: String, config: MistralConfig): MistralChatCompletionClient {
            require(model.isNotBlank()) { "The model name must not be blank" }
            val credentials = config.apiKey != null || config.headers.keys.any { it.equals("authorization", true) }
            require(credentials || !config.isMistralItself) {
                "No Mistral API key: set the MISTRAL_API_KEY environment variable or call MistralConfig.builder().apiKey(...)"
            }
            val info = config.modelInfo ?: MistralModels.info(model) ?: ModelInfo.ALL_CAPABILITIES.newBuilder().family(ModelFamily.MISTRAL).build()
            return MistralChatCompletionClient(model, info, config)
        }

        /**
         * A client of [model] configured from the environment (`MISTRAL_API_KEY`, `MISTRAL_BASE_URL`); see
         * [MistralConfig.fromEnvironment].
         *
         * @throws IllegalArgumentException as [create] does, notably when `MISTRAL_API_KEY` is not set.
         */
        @JvmStatic
        public fun fromEnvironment(model: String): MistralChatCompletionClient = create(model, MistralConfig.fromEnvironment().build())
    }
}

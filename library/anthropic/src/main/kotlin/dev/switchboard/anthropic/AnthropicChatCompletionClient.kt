package dev.switchboard.anthropic

import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.ChatCompletionClient
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.Secrets
import dev.switchboard.TokenCounter

/**
 * A client of one Claude model behind Anthropic's Messages API (`POST /v1/messages`).
 *
 * ```kotlin
 * val client = AnthropicChatCompletionClient.fromEnvironment("claude-sonnet-4-5")
 * val answer = client.create(createRequest { system("Be brief"); user("Hello") })
 * ```
 *
 * Create one with [create] or [fromEnvironment]; close it when done to release its HTTP client.
 *
 * How the neutral model maps onto the Messages API:
 * - [dev.switchboard.SystemMessage]s at the start become the top-level `system` blocks; one after the
 *   conversation began is a [dev.switchboard.BadRequestException] (the API has no place for it).
 * - User text and images become `text` and `image` blocks (inline images as base64, URL images by URL; the
 *   API has no detail level or speaker name, so [dev.switchboard.ImageDetail] and names are not sent).
 *   Tool results become `tool_result` blocks (`is_error` for failed tools) of a user turn; consecutive
 *   messages of one role are merged into one turn.
 * - An [dev.switchboard.AssistantMessage] sends back its [dev.switchboard.ThoughtBlock]s first (signed
 *   `thinking` and `redacted_thinking`, unchanged), then its text and `tool_use` blocks; reasoning without a
 *   signature is not sent, and an assistant message with nothing to send (an empty answer) is left out.
 * - [dev.switchboard.CacheMarker]s become `cache_control` on the system block, the tool definition or the
 *   last block of the message that carries them (TTL 5 minutes or 1 hour).
 * - `maxTokens` defaults to [AnthropicConfig.defaultMaxTokens] or [AnthropicModels.defaultMaxTokens];
 *   `stop` is `stop_sequences`; `topK` is `top_k`; `thinkingBudget` enables extended thinking with that
 *   budget, and `reasoningEffort` (minimal, low, medium, high) does with 1,024, 2,048, 8,192 or 16,384
 *   tokens; without its own `maxTokens` such a request gets the budget on top of the default limit.
 *   `parallelToolCalls(false)` is `disable_parallel_tool_use`; the end user is `metadata.user_id`.
 *   Options the API lacks (`n` > 1, seed, penalties, logit bias, log probabilities) and a temperature above 1
 *   are rejected before sending.
 * - A JSON-schema response format goes as `output_config.format` on models with native structured output
 *   ([AnthropicModels.hasNativeStructuredOutput]); on others, and for any-JSON output, as a tool named
 *   `structured_output` whose input schema is the schema, which the model is made to call (alone, or among
 *   the request's tools when there are some); its input becomes the answer's content and the finish reason
 *   STOP. A tool's `strict` flag is sent only on models with native structured output.
 *
 * In results, text blocks make the content, thinking blocks the thought and, with their signatures, the
 * result's thought blocks (which [dev.switchboard.CreateResult.toAssistantMessage] carries to the next
 * turn); the usage's prompt tokens include the tokens read from and written to the prompt cache, reported
 * as cached and cache-write tokens; `end_turn` and `stop_sequence` finish with STOP, `max_tokens` with
 * LENGTH, `tool_use` with TOOL_CALLS and `refusal` with REFUSAL (the refusal's explanation, when given,
 * as the refusal text).
 */
public class AnthropicChatCompletionClient private constructor(
    /** The configuration this client was made with. */
    public val config: AnthropicConfig,
    client: ChatCompletionClient,
) : ChatCompletionClient by client {
    private constructor(model: String, modelInfo: ModelInfo, config: AnthropicConfig) : this(
        config,
        CodecClients.create(
            model,
            modelInfo,
            AnthropicChatCodec.from(config, model, modelInfo),
            HttpTransport(AnthropicChatCodec.PROVIDER, config.httpOptions),
            TokenCounter.ESTIMATE,
        ),
    )

    override fun toString(): String = "AnthropicChatCompletionClient($model, ${Secrets.safeUrl(config.baseUrl)})"

    /** Factories. */
    public companion object {
        /**
         * A client of [model] configured by [config].
         *
         * The model's capabilities come from [AnthropicConfig.modelInfo] when set, else from [AnthropicModels];
         * a model the table does not know (a newer Claude) gets every capability of family
         * [ModelFamily.CLAUDE], with its context window and output limit unknown: declare them with
         * [AnthropicConfig.Builder.modelInfo] to have requests checked and the default output limit fitted.
         *
         * @throws IllegalArgumentException when [model] is blank, or when the base URL is Anthropic's own and no
         *   API key is configured (neither [AnthropicConfig.apiKey] nor an `x-api-key` or `Authorization` header).
         */
        @JvmStatic
        public fun create(model: String, config: AnthropicConfig): AnthropicChatCompletionClient {
            require(model.isNotBlank()) { "The model name must not be blank" }
            val credentials = config.apiKey != null ||
                config.headers.keys.any { it.equals("x-api-key", true) || it.equals("authorization", true) }
            require(credentials || !config.isAnthropicItself) {
                "No Anthropic API key: set the ANTHROPIC_API_KEY environment variable or call AnthropicConfig.builder().apiKey(...)"
            }
            return AnthropicChatCompletionClient(model, resolveModelInfo(model, config), config)
        }

        /**
         * A client of [model] configured from the environment (`ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`); see
         * [AnthropicConfig.fromEnvironment].
         *
         * @throws IllegalArgumentException as [create] does, notably when `ANTHROPIC_API_KEY` is not set.
         */
        @JvmStatic
        public fun fromEnvironment(model: String): AnthropicChatCompletionClient =
            create(model, AnthropicConfig.fromEnvironment().build())

        internal fun resolveModelInfo(model: String, config: AnthropicConfig): ModelInfo =
            config.modelInfo ?: AnthropicModels.info(model) ?: ModelInfo.ALL_CAPABILITIES.newBuilder().family(ModelFamily.CLAUDE).build()
    }
}

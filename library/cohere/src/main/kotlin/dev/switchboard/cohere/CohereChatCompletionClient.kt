package dev.switchboard.cohere

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ModelInfo
import dev.switchboard.TokenCounter
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.Secrets

/**
 * A client of one Cohere Command model behind Cohere's v2 Chat API (`POST /v2/chat`).
 *
 * ```kotlin
 * val client = CohereChatCompletionClient.fromEnvironment("command-a-03-2025")
 * val answer = client.create(createRequest {
 *     user("What are the benefits?")
 *     CohereDocuments.attach(this, listOf(CohereDocument.of("doc:0", "benefits.txt", "AI provides: …")))
 * })
 * answer.citations.forEach { println("${it.text} ← ${it.sources.map { s -> s.id }}") }
 * ```
 *
 * Create one with [create] or [fromEnvironment]; close it when done to release its HTTP client.
 *
 * How the neutral model maps onto Cohere's API:
 * - Messages keep their roles; a user message of one text part is sent as a string, one with several parts or
 *   images as `text` and `image_url` items. Speaker names are not sent, nor whether a tool result is an error
 *   (Cohere's messages have no place for them); an empty assistant answer is left out.
 * - An assistant turn that called tools sends its reasoning (the result's thought: thinking and tool plan) back as
 *   `tool_plan` (its text when it has no reasoning); a turn without tool calls sends only its text.
 * - `topP` is `p`, `topK` is `k`, `stop` is `stop_sequences`; `thinkingBudget` enables `thinking` with that
 *   `token_budget`, `reasoningEffort` `high` enables it and `none` disables it. A strict tool makes all the request's
 *   tools strict (`strict_tools`). A JSON-schema response format is `response_format` `json_object` with the schema.
 *   Toolchoice Required and None are `REQUIRED` and `NONE`; [CohereConfig.citationMode] and [CohereConfig.safetyMode]
 *   are `citation_options.mode` and `safety_mode`; documents come from [CohereDocuments.attach].
 * - Rejected before sending: `n` > 1, log probabilities, logit bias, an end user, `parallelToolCalls(false)`, a tool
 *   choice by name, other reasoning efforts.
 *
 * In results, text content makes the content, thinking content and the tool plan the thought, and citations (each
 * with its document or tool sources) [dev.switchboard.CreateResult.citations]; usage counts the tokens the model
 * processed (`tokens`; billed units only where those are missing) with `cached_tokens` as cached. `COMPLETE` and
 * `STOP_SEQUENCE` finish with STOP, `MAX_TOKENS` with LENGTH, `TOOL_CALL` with TOOL_CALLS.
 */
public class CohereChatCompletionClient private constructor(
    /** The configuration this client was made with. */
    public val config: CohereConfig,
    client: ChatCompletionClient,
) : ChatCompletionClient by client {
    private constructor(model: String, modelInfo: ModelInfo, config: CohereConfig) : this(
        config,
        CodecClients.create(
            model, modelInfo, CohereChatCodec.from(config), HttpTransport(CohereChatCodec.PROVIDER, config.httpOptions), TokenCounter.ESTIMATE,
        ),
    )

    override fun toString(): String = "CohereChatCompletionClient($model, ${Secrets.safeUrl(config.baseUrl)})"

    /** Factories. */
    public companion object {
        /**
         * A client of [model] configured by [config].
         *
         * The model's capabilities come from [CohereConfig.modelInfo] when set, else from [CohereModels]; a model the
         * table does not know gets every capability of family [CohereModels.COMMAND], with its limits unknown: declare
         * them with [CohereConfig.Builder.modelInfo] to have requests checked.
         *
         * @throws IllegalArgumentException when [model] is blank, or when the base URL is Cohere's own and no API key is
         *   configured (neither [CohereConfig.apiKey] nor an `Authorization` header).
         */
        @JvmStatic
        public fun create(model: String, config: CohereConfig): CohereChatCompletionClient {
            require(model.isNotBlank()) { "The model name must not be blank" }
            val credentials = config.apiKey != null || config.headers.keys.any { it.equals("authorization", true) }
            require(credentials || !config.isCohereItself) {
                "No Cohere API key: set the CO_API_KEY environment variable or call CohereConfig.builder().apiKey(...)"
            }
            val info = config.modelInfo ?: CohereModels.info(model) ?: ModelInfo.ALL_CAPABILITIES.newBuilder().family(CohereModels.COMMAND).build()
            return CohereChatCompletionClient(model, info, config)
        }

        /**
         * A client of [model] configured from the environment (`CO_API_KEY` or `COHERE_API_KEY`, `CO_API_URL`); see
         * [CohereConfig.fromEnvironment].
         *
         * @throws IllegalArgumentException as [create] does, notably when no key is set.
         */
        @JvmStatic
        public fun fromEnvironment(model: String): CohereChatCompletionClient = create(model, CohereConfig.fromEnvironment().build())
    }
}

package dev.switchboard.openai

import dev.switchboard.spi.Secrets
import dev.switchboard.ModelInfo
import dev.switchboard.ChatCompletionClient
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpTransport

/**
 * A client of one model behind the OpenAI Chat Completions API or the Responses API ([OpenAiConfig.api]): OpenAI
 * itself, or any OpenAI-compatible server (see [OpenAiCompatible]).
 *
 * ```kotlin
 * val client = OpenAiChatCompletionClient.fromEnvironment("gpt-4o-mini")
 * val answer = client.create(createRequest { user("Hello") })
 * ```
 *
 * Create one with [create] or [fromEnvironment]; close it when done to release its HTTP client.
 *
 * How the neutral model maps onto Chat Completions: a [dev.switchboard.SystemMessage] is a `system`
 * message, or a `developer` one for OpenAI's reasoning models (see [OpenAiConfig.useDeveloperRole]); the
 * output limit is `max_completion_tokens` on OpenAI's own endpoint and for those models, `max_tokens`
 * elsewhere (see [OpenAiConfig.useMaxCompletionTokens]); each [dev.switchboard.FunctionExecutionResult] is
 * its own `tool` message (the API has no error flag: a failed tool's text goes as it is); an
 * assistant's [dev.switchboard.AssistantMessage.thought] is not sent back (the API has no field for it);
 * images are `image_url` parts (inline ones as `data:` URIs, `detail` sent unless AUTO). In results,
 * `reasoning_content` or `reasoning` (DeepSeek, xAI, vLLM, OpenRouter) becomes the thought, a refusal
 * ends with [dev.switchboard.FinishReason.REFUSAL], and the log probabilities are those of the content
 * tokens, or of the refusal tokens when the model refused.
 *
 * How it maps onto the Responses API (`POST <base>/responses`): leading system messages are the `instructions`, later
 * ones `developer` messages; user messages are `input_text` and `input_image` parts (a user's name is not sent: the
 * API has no field for it); an assistant turn is sent back as its reasoning items, its text and its `function_call`s,
 * each tool result as a `function_call_output` (a failed tool's text as it is); the output limit is
 * `max_output_tokens` (at least 16), structured output `text.format`, reasoning `reasoning.effort` with
 * [OpenAiConfig.reasoningSummary] as `reasoning.summary`. Reasoning summaries become the thought (and stream as thought
 * deltas); each reasoning item is a [dev.switchboard.ThoughtBlock] (its `rs_` id as the signature, its
 * `encrypted_content` as the redacted data), asked for with `include: ["reasoning.encrypted_content"]` for reasoning
 * models and sent back on the next turn, so that a conversation continues with [OpenAiConfig.store] false too. The
 * response id is [dev.switchboard.CreateResult.id]: continue from it with `previousResponseId(...)` (see
 * [ResponsesRequests]). The Responses API has no `n`, stop sequences, seed, penalties, logit bias or top_k: a request
 * with one fails with a [dev.switchboard.BadRequestException] before any network call.
 *
 * Token counts ([countTokens], [remainingTokens]) for OpenAI's model families are exact with the artifact
 * `dev.switchboard:switchboard-openai-tokenizer` on the classpath (included in the Java facade), found with
 * [java.util.ServiceLoader] at the first count (see [OpenAiTokenizerProvider]); without it they throw an
 * [IllegalStateException] saying to add it. Other families are estimated ([dev.switchboard.TokenCounter.ESTIMATE]).
 */
public class OpenAiChatCompletionClient private constructor(
    /** The configuration this client was made with. */
    public val config: OpenAiConfig,
    client: ChatCompletionClient,
) : ChatCompletionClient by client {
    private constructor(model: String, modelInfo: ModelInfo, config: OpenAiConfig) : this(
        config,
        CodecClients.create(
            model,
            modelInfo,
            codec(config, modelInfo.family),
            HttpTransport(config.providerName, config.httpOptions),
            OpenAiTokenizers.deferredForFamily(modelInfo.family),
        ),
    )

    override fun toString(): String = "OpenAiChatCompletionClient(${config.providerName}, $model, ${Secrets.safeUrl(config.baseUrl)})"

    /** Factories. */
    public companion object {
        /**
         * A client of [model] configured by [config].
         *
         * The model's capabilities come from [OpenAiConfig.modelInfo] when set, else from [OpenAiModels].
         * A server other than OpenAI's own (an [OpenAiCompatible] preset, or any other base URL: a local
         * server, a gateway) accepts any model: unknown ones get every capability
         * ([ModelInfo.ALL_CAPABILITIES]) with the family guessed from the name ([OpenAiModels.familyOf]);
         * declare the real ones with [OpenAiConfig.Builder.modelInfo] to have requests checked.
         *
         * @throws IllegalArgumentException when [model] is blank; when the model is one OpenAI's own endpoint
         *   does not list and no [ModelInfo] was declared; or when the endpoint needs an API key (OpenAI
         *   itself, and the hosted [OpenAiCompatible] services) and none is configured.
         */
        @JvmStatic
        public fun create(model: String, config: OpenAiConfig): OpenAiChatCompletionClient {
            require(model.isNotBlank()) { "The model name must not be blank" }
            checkKey(config)
            return OpenAiChatCompletionClient(model, resolveModelInfo(model, config), config)
        }

        /**
         * A client of [model] configured from the environment (`OPENAI_API_KEY`, `OPENAI_BASE_URL`,
         * `OPENAI_ORG_ID`, `OPENAI_PROJECT_ID`); see [OpenAiConfig.fromEnvironment].
         *
         * @throws IllegalArgumentException as [create] does, notably when `OPENAI_API_KEY` is not set.
         */
        @JvmStatic
        public fun fromEnvironment(model: String): OpenAiChatCompletionClient = create(model, OpenAiConfig.fromEnvironment().build())

        /** The codec of the API [config] calls. */
        internal fun codec(config: OpenAiConfig, family: dev.switchboard.ModelFamily): dev.switchboard.spi.ChatCodec =
            when (config.api) {
                OpenAiApi.CHAT_COMPLETIONS -> OpenAiChatCodec.from(config, family)
                OpenAiApi.RESPONSES -> OpenAiResponsesCodec.from(config, family)
            }

        internal fun resolveModelInfo(model: String, config: OpenAiConfig): ModelInfo {
            config.modelInfo?.let { return it }
            OpenAiModels.info(model)?.let { return it }
            if (config.permissiveModels || !config.isOpenAiItself) {
                OpenAiModels.info(model.substringAfterLast('/'))?.let { return it }
                return ModelInfo.ALL_CAPABILITIES.newBuilder().family(OpenAiModels.familyOf(model)).build()
            }
            throw IllegalArgumentException(
                "Unknown ${config.providerName} model '$model': declare what it can do with " +
                    "OpenAiConfig.builder().modelInfo(ModelInfo.builder().functionCalling(true)...build()), " +
                    "or, for an OpenAI-compatible server, set its base URL or use an OpenAiCompatible preset " +
                    "(known OpenAI models: ${OpenAiModels.knownModels.joinToString()})",
            )
        }

        internal fun checkKey(config: OpenAiConfig) {
            if (config.apiKey != null) return
            config.requiredKeyVariable?.let {
                throw IllegalArgumentException(
                    "${config.providerName} needs an API key: set the $it environment variable or call apiKey(...) on the config builder",
                )
            }
            require(!config.isOpenAiItself) {
                "No OpenAI API key: set the OPENAI_API_KEY environment variable or call OpenAiConfig.builder().apiKey(...)"
            }
        }
    }
}

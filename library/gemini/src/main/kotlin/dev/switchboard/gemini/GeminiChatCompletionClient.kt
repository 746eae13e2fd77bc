package dev.switchboard.gemini

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.TokenCounter
import dev.switchboard.auth.RequestAuthorizer
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.Secrets

/**
 * A client of one Gemini model through the Gemini API or Vertex AI (`generateContent`, `streamGenerateContent?alt=sse`).
 *
 * ```kotlin
 * val client = GeminiChatCompletionClient.fromEnvironment("gemini-2.5-flash")
 * val answer = client.create(createRequest { system("Be brief"); user("Hello") })
 * ```
 *
 * How the neutral model maps onto `generateContent`:
 * - Leading [dev.switchboard.SystemMessage]s become `systemInstruction`; one after the conversation began is a
 *   [dev.switchboard.BadRequestException]. User text becomes `text` parts, inline images `inlineData`, URL images
 *   `fileData` (a Files API or Cloud Storage URI, the media type guessed from the name). Assistant turns are `model`
 *   turns: their [dev.switchboard.ThoughtBlock]s go back as `thought` parts with their `thoughtSignature`, the text
 *   with the signature Gemini put on it, and each call as a `functionCall` with its own signature
 *   ([dev.switchboard.FunctionCall.signature]). Tool results are `functionResponse` parts (a JSON object result as it
 *   is, other text as `{"output": …}`, a failure as `{"error": …}`), named after the call.
 * - Tools are `functionDeclarations` whose parameters, like a JSON-schema response format (`responseSchema` with
 *   `responseMimeType` `application/json`), are converted into Gemini's schema dialect; what it cannot express is a
 *   [dev.switchboard.BadRequestException] naming the keyword. `toolChoice` is `functionCallingConfig` (AUTO, NONE,
 *   ANY, ANY with one allowed name).
 * - temperature, topP, topK, `n` (candidateCount), stop (stopSequences), maxTokens (maxOutputTokens), seed and the
 *   penalties go into `generationConfig`; `thinkingBudget` is `thinkingConfig.thinkingBudget` and `reasoningEffort`
 *   its `thinkingLevel`, with `includeThoughts` ([GeminiConfig.includeThoughts]). Logit bias, log probabilities,
 *   an end-user id and `parallelToolCalls(false)` are rejected before sending.
 *
 * In results, each candidate is a choice; Gemini sends no call ids, so calls get `call_<responseId>_<n>`; a
 * candidate that called functions finishes with TOOL_CALLS, `MAX_TOKENS` with LENGTH, `SAFETY`, `RECITATION`,
 * `BLOCKLIST`, `PROHIBITED_CONTENT` and `SPII` with CONTENT_FILTER; safety ratings are the choice's content filter
 * (the probability as the severity, `blocked` as filtered) and the prompt's the result's prompt filter; a blocked
 * prompt is a [dev.switchboard.ContentFilterException]. The usage's completion tokens include the thoughts tokens
 * (also the reasoning tokens) and its cached tokens are `cachedContentTokenCount`.
 */
public class GeminiChatCompletionClient private constructor(
    /** The configuration this client was made with. */
    public val config: GeminiConfig,
    client: ChatCompletionClient,
) : ChatCompletionClient by client {
    private constructor(model: String, modelInfo: ModelInfo, config: GeminiConfig) : this(
        config,
        CodecClients.create(
            model,
            modelInfo,
            GeminiChatCodec.from(config, model),
            HttpTransport(GeminiChatCodec.PROVIDER, config.httpOptions, config.tokenProvider?.let { RequestAuthorizer.bearerToken(it, GeminiChatCodec.PROVIDER) }),
            TokenCounter.ESTIMATE,
        ),
    )

    override fun toString(): String = "GeminiChatCompletionClient($model, ${Secrets.safeUrl(config.baseUrl)})"

    /** Factories. */
    public companion object {
        /**
         * A client of [model] configured by [config]. The model's capabilities come from [GeminiConfig.modelInfo] when
         * set, else from [GeminiModels]; a model the table does not know gets every capability of family
         * [ModelFamily.GEMINI], with its limits unknown.
         *
         * @throws IllegalArgumentException when [model] is blank; when the base URL is Google's and there are no
         *   credentials: for the Gemini API no API key (nor an `x-goog-api-key` or `Authorization` header), for
         *   Vertex AI no token provider (nor an `Authorization` header or an API key).
         */
        @JvmStatic
        public fun create(model: String, config: GeminiConfig): GeminiChatCompletionClient {
            require(model.isNotBlank()) { "The model name must not be blank" }
            val header = config.headers.keys.any { it.equals("x-goog-api-key", true) || it.equals("authorization", true) }
            if (config.isGoogleItself && !header) {
                if (config.vertex) {
                    require(config.tokenProvider != null || config.apiKey != null) {
                        "No credentials for Vertex AI: give GeminiConfig a tokenProvider, such as GoogleAuthTokens.applicationDefault() " +
                            "from switchboard-google-auth"
                    }
                } else {
                    require(config.apiKey != null || config.tokenProvider != null) {
                        "No Gemini API key: set the GEMINI_API_KEY (or GOOGLE_API_KEY) environment variable or call GeminiConfig.builder().apiKey(...)"
                    }
                }
            }
            return GeminiChatCompletionClient(model, resolveModelInfo(model, config), config)
        }

        /**
         * A client of [model] configured from the environment; see [GeminiConfig.fromEnvironment].
         *
         * @throws IllegalArgumentException as [create] does, notably when neither `GEMINI_API_KEY` nor `GOOGLE_API_KEY` is set.
         */
        @JvmStatic
        public fun fromEnvironment(model: String): GeminiChatCompletionClient = create(model, GeminiConfig.fromEnvironment().build())

        internal fun resolveModelInfo(model: String, config: GeminiConfig): ModelInfo =
            config.modelInfo ?: GeminiModels.info(model) ?: ModelInfo.ALL_CAPABILITIES.newBuilder().family(ModelFamily.GEMINI).build()
    }
}

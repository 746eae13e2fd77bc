package dev.switchboard.openai

import dev.switchboard.spi.Secrets
import java.net.URI
import java.net.URISyntaxException

/**
 * Services and local servers that speak the OpenAI Chat Completions API, each with its base URL and
 * the environment variable holding its API key. Their configs call the Chat Completions API whatever the process
 * default ([OpenAiApi.defaultApi]) is; choose `api(OpenAiApi.RESPONSES)` on one whose server has a Responses API.
 *
 * ```kotlin
 * val groq = OpenAiCompatible.GROQ.client("llama-3.3-70b-versatile")          // key from GROQ_API_KEY
 * val local = OpenAiCompatible.OLLAMA.config().httpOptions(options).build()    // adjust, then create
 * ```
 *
 * Clients made from a preset accept any model name: a model [OpenAiModels] does not know is assumed to
 * have every capability ([dev.switchboard.ModelInfo.ALL_CAPABILITIES]) with its family guessed from the
 * name; declare its real capabilities with [OpenAiConfig.Builder.modelInfo] to have requests checked.
 * The output limit is sent as `max_tokens` and system messages with the role `system`, which these
 * servers understand, whatever the model (change it with [OpenAiConfig.Builder.useMaxCompletionTokens] and
 * [OpenAiConfig.Builder.useDeveloperRole]).
 */
public enum class OpenAiCompatible(
    /** The base URL used when no environment variable overrides it. */
    public val defaultBaseUrl: String,
    /** The environment variable read for the API key, or null when the server takes none. */
    public val apiKeyVariable: String?,
    /** Whether a client fails at creation without a key (`requiresApiKey()` from Java). */
    @get:JvmName("requiresApiKey")
    public val requiresApiKey: Boolean,
) {
    /** Google Gemini's OpenAI compatibility endpoint; key from `GEMINI_API_KEY`. */
    GEMINI("https://generativelanguage.googleapis.com/v1beta/openai", "GEMINI_API_KEY", true),
    /** OpenRouter; key from `OPENROUTER_API_KEY`. */
    OPENROUTER("https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", true),
    /** Groq; key from `GROQ_API_KEY`. */
    GROQ("https://api.groq.com/openai/v1", "GROQ_API_KEY", true),
    /** Together AI; key from `TOGETHER_API_KEY`. */
    TOGETHER("https://api.together.xyz/v1", "TOGETHER_API_KEY", true),
    /** DeepSeek; key from `DEEPSEEK_API_KEY`. Reasoning text (`reasoning_content`) becomes the result's thought. */
    DEEPSEEK("https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", true),
    /**
     * Mistral AI; key from `MISTRAL_API_KEY`. Streams do not ask for usage with `stream_options`, a field
     * Mistral rejects; its streams carry the usage anyway. Mistral also rejects fields it does not know,
     * such as `seed` (send `random_seed` with `extraBodyJson`), `user`, `logprobs` and a user message's name.
     */
    MISTRAL("https://api.mistral.ai/v1", "MISTRAL_API_KEY", true),
    /** Fireworks AI; key from `FIREWORKS_API_KEY`. */
    FIREWORKS("https://api.fireworks.ai/inference/v1", "FIREWORKS_API_KEY", true),
    /** Meta's Llama API (its OpenAI compatibility endpoint); key from `LLAMA_API_KEY`. */
    LLAMA_API("https://api.llama.com/compat/v1", "LLAMA_API_KEY", true),
    /** Hugging Face Inference Providers (the router); token from `HF_TOKEN`. */
    HUGGING_FACE("https://router.huggingface.co/v1", "HF_TOKEN", true),
    /**
     * A local Ollama server; no key. `OLLAMA_HOST` (`host`, `host:port` or a URL, as Ollama reads it)
     * moves it; `0.0.0.0` is reached as `127.0.0.1`.
     */
    OLLAMA("http://localhost:11434/v1", null, false),
    /**
     * A local vLLM server; key from `VLLM_API_KEY` when the server was started with one. Guided decoding goes as
     * `structured_outputs` ([GuidedDecodingDialect.VLLM]); for vLLM before 0.10.2 choose
     * [GuidedDecodingDialect.VLLM_GUIDED] on the config builder.
     */
    VLLM("http://localhost:8000/v1", "VLLM_API_KEY", false),
    /** A local LM Studio server; no key. */
    LM_STUDIO("http://localhost:1234/v1", null, false),
    /** A LiteLLM proxy; key from `LITELLM_API_KEY` when it has one; `LITELLM_BASE_URL` moves it. */
    LITELLM("http://localhost:4000", "LITELLM_API_KEY", false),
    /**
     * A Hugging Face text-generation-inference server (local, or an Inference Endpoint: set `TGI_BASE_URL` to its
     * `…/v1` URL); token from `HF_TOKEN` when set. Guided decoding by JSON schema or regex ([GuidedDecodingDialect.TGI]).
     */
    TGI("http://localhost:8080/v1", "HF_TOKEN", false),
    /**
     * A local llama.cpp server (`llama-server`); no key (set one with `apiKey(...)` for a server started with
     * `--api-key`); `LLAMA_CPP_BASE_URL` moves it. Guided decoding by JSON schema or GBNF grammar
     * ([GuidedDecodingDialect.LLAMA_CPP]).
     */
    LLAMA_CPP("http://localhost:8080/v1", null, false),
    ;

    /** How this service takes [dev.switchboard.GuidedDecoding]; [GuidedDecodingDialect.NONE] where it takes none. */
    public val guidedDecoding: GuidedDecodingDialect get() = when (this) {
        VLLM -> GuidedDecodingDialect.VLLM
        TGI -> GuidedDecodingDialect.TGI
        LLAMA_CPP -> GuidedDecodingDialect.LLAMA_CPP
        else -> GuidedDecodingDialect.NONE
    }

    /** The provider name used in errors and logs, such as `groq` or `lm-studio`. */
    public val providerName: String get() = name.lowercase().replace('_', '-')

    /**
     * A configuration builder for this service, with the base URL and API key read from the
     * environment. Adjust it (HTTP options, headers, model info) and pass `build()` to
     * [OpenAiChatCompletionClient.create].
     */
    public fun config(): OpenAiConfig.Builder = config(System::getenv)

    internal fun config(env: (String) -> String?): OpenAiConfig.Builder {
        val b = OpenAiConfig.builder()
            .providerName(providerName)
            .baseUrl(baseUrl(env))
            .useMaxCompletionTokens(false)
            .useDeveloperRole(false)
            .permissiveModels(true)
            .api(OpenAiApi.CHAT_COMPLETIONS)
        if (this == MISTRAL) b.streamUsage(false)
        b.guidedDecoding(guidedDecoding)
        apiKeyVariable?.let { b.apiKey(env(it)) }
        if (requiresApiKey) b.requireKey(apiKeyVariable)
        return b
    }

    /**
     * A client of [model] on this service, configured from the environment.
     *
     * @throws IllegalArgumentException when the service needs an API key and its variable is not set.
     */
    public fun client(model: String): OpenAiChatCompletionClient = OpenAiChatCompletionClient.create(model, config().build())

    internal fun client(model: String, env: (String) -> String?): OpenAiChatCompletionClient =
        OpenAiChatCompletionClient.create(model, config(env).build())

    internal fun baseUrl(env: (String) -> String?): String = when (this) {
        OLLAMA -> env("OLLAMA_HOST")?.trim()?.takeIf { it.isNotEmpty() }?.let(::ollamaBaseUrl) ?: defaultBaseUrl
        LITELLM -> env("LITELLM_BASE_URL")?.trim()?.takeIf { it.isNotEmpty() } ?: defaultBaseUrl
        TGI -> env("TGI_BASE_URL")?.trim()?.takeIf { it.isNotEmpty() } ?: defaultBaseUrl
        LLAMA_CPP -> env("LLAMA_CPP_BASE_URL")?.trim()?.takeIf { it.isNotEmpty() } ?: defaultBaseUrl
        else -> defaultBaseUrl
    }

    internal companion object {
        /**
         * The `/v1` URL for an `OLLAMA_HOST` value the way Ollama reads it: the scheme defaults to http and
         * the port to 11434 (80 or 443 when a scheme is given).
         */
        fun ollamaBaseUrl(value: String): String {
            val hasScheme = value.contains("://")
            val uri = try {
                URI(if (hasScheme) value else "http://$value")
            } catch (e: URISyntaxException) {
                throw IllegalArgumentException("OLLAMA_HOST is not a host, host:port or URL (got ${Secrets.quoteUrlLike(value)})", e)
            }
            val scheme = uri.scheme?.lowercase() ?: "http"
            require(scheme == "http" || scheme == "https") { "OLLAMA_HOST must use http or https (got '$scheme')" }
            var host = uri.host ?: throw IllegalArgumentException("OLLAMA_HOST has no host (got ${Secrets.quoteUrlLike(value)})")
            if (host == "0.0.0.0" || host == "[::]") host = "127.0.0.1"
            val port = when {
                uri.port != -1 -> uri.port
                !hasScheme -> 11434
                scheme == "https" -> 443
                else -> 80
            }
            val path = (uri.rawPath ?: "").trimEnd('/')
            return "$scheme://$host:$port$path/v1"
        }
    }
}

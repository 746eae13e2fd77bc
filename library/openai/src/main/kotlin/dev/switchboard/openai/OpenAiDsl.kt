package dev.switchboard.openai

/**
 * An [OpenAiConfig] built from Kotlin:
 * ```
 * OpenAiConfig {
 *     apiKey = System.getenv("OPENAI_API_KEY")
 *     baseUrl = "https://proxy.example.com/v1"
 *     httpOptions { maxRetries = 0; requestTimeout = 30.seconds }
 * }
 * ```
 * Starts from [OpenAiConfig.builder] (OpenAI's own endpoint, no key); start from the environment with
 * `OpenAiConfig.fromEnvironment().apply { … }.build()`.
 *
 * @throws IllegalArgumentException when a value is out of range or the base URL is not an http(s) URL.
 */
@JvmSynthetic
public fun OpenAiConfig(block: OpenAiConfig.Builder.() -> Unit): OpenAiConfig = OpenAiConfig.builder().apply(block).build()

/**
 * An [AzureOpenAiConfig] built from Kotlin: `AzureOpenAiConfig { endpoint = "https://my-resource.openai.azure.com";
 * apiKey = "…" }`. Starts from [AzureOpenAiConfig.builder] (nothing set).
 *
 * @throws IllegalArgumentException when the endpoint is missing or not an http(s) URL without a query, or
 *   when both an API key and a token provider are set.
 */
@JvmSynthetic
public fun AzureOpenAiConfig(block: AzureOpenAiConfig.Builder.() -> Unit): AzureOpenAiConfig =
    AzureOpenAiConfig.builder().apply(block).build()

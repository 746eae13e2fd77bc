package dev.switchboard.azure.inference

/**
 * An [AzureAiInferenceConfig] built from Kotlin:
 * ```
 * AzureAiInferenceConfig {
 *     endpoint = "https://my-resource.services.ai.azure.com/models"
 *     apiKey = System.getenv("AZURE_AI_CHAT_KEY")
 *     modelInfo { functionCalling = true; family = ModelFamily.of("llama") }
 * }
 * ```
 * Starts from [AzureAiInferenceConfig.builder] (nothing set); start from the environment or GitHub Models with
 * `AzureAiInferenceConfig.fromEnvironment().apply { … }.build()` or `githubModels().apply { … }.build()`.
 *
 * @throws IllegalArgumentException when the endpoint is missing or not an http(s) URL without a query, or
 *   when more than one kind of credentials is set.
 */
@JvmSynthetic
public fun AzureAiInferenceConfig(block: AzureAiInferenceConfig.Builder.() -> Unit): AzureAiInferenceConfig =
    AzureAiInferenceConfig.builder().apply(block).build()

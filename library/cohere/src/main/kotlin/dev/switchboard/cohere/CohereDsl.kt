package dev.switchboard.cohere

/**
 * A [CohereConfig] built from Kotlin: `CohereConfig { apiKey = "…"; citationMode = "ACCURATE"; httpOptions { maxRetries = 0 } }`.
 * Starts from [CohereConfig.builder] (Cohere's own API, no key); start from the environment with
 * `CohereConfig.fromEnvironment().apply { … }.build()`.
 *
 * @throws IllegalArgumentException when a value is out of range or the base URL is not an http(s) URL.
 */
@JvmSynthetic
public fun CohereConfig(block: CohereConfig.Builder.() -> Unit): CohereConfig = CohereConfig.builder().apply(block).build()

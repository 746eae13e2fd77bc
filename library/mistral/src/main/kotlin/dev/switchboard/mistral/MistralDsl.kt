package dev.switchboard.mistral

/**
 * A [MistralConfig] built from Kotlin: `MistralConfig { apiKey = "…"; safePrompt = true; httpOptions { maxRetries = 0 } }`.
 * Starts from [MistralConfig.builder] (Mistral's own API, no key); start from the environment with
 * `MistralConfig.fromEnvironment().apply { … }.build()`.
 *
 * @throws IllegalArgumentException when a value is out of range or the base URL is not an http(s) URL.
 */
@JvmSynthetic
public fun MistralConfig(block: MistralConfig.Builder.() -> Unit): MistralConfig = MistralConfig.builder().apply(block).build()

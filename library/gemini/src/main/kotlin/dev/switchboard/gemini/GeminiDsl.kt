package dev.switchboard.gemini

/**
 * A [GeminiConfig] built from Kotlin: `GeminiConfig { apiKey = "…"; httpOptions { maxRetries = 0 } }`. Starts from
 * [GeminiConfig.builder] (the Gemini API, no key); for Vertex AI call `vertex(project, location)` in the block.
 *
 * @throws IllegalArgumentException when the base URL is not an http(s) URL, or both an API key and a token provider are set.
 */
@JvmSynthetic
public fun GeminiConfig(block: GeminiConfig.Builder.() -> Unit): GeminiConfig = GeminiConfig.builder().apply(block).build()

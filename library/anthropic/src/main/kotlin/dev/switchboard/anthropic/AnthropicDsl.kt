package dev.switchboard.anthropic

/**
 * An [AnthropicConfig] built from Kotlin: `AnthropicConfig { apiKey = "…"; httpOptions { maxRetries = 0 } }`.
 * Starts from [AnthropicConfig.builder] (Anthropic's own API, no key); start from the environment with
 * `AnthropicConfig.fromEnvironment().apply { … }.build()`.
 *
 * @throws IllegalArgumentException when a value is out of range, the base URL is not an http(s) URL or the
 *   version is blank.
 */
@JvmSynthetic
public fun AnthropicConfig(block: AnthropicConfig.Builder.() -> Unit): AnthropicConfig = AnthropicConfig.builder().apply(block).build()

package dev.switchboard.ollama

/**
 * An [OllamaConfig] built from Kotlin: `OllamaConfig { baseUrl = "gpu-box:11434"; keepAlive = 10.minutes; numCtx(8192) }`.
 * Starts from [OllamaConfig.builder] (a local server, no key); start from the environment with
 * `OllamaConfig.fromEnvironment().apply { … }.build()`.
 *
 * @throws IllegalArgumentException when a value is out of range or the base URL is not a host, host:port or
 *   http(s) URL.
 */
@JvmSynthetic
public fun OllamaConfig(block: OllamaConfig.Builder.() -> Unit): OllamaConfig = OllamaConfig.builder().apply(block).build()

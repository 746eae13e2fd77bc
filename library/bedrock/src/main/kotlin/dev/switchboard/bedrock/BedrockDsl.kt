package dev.switchboard.bedrock

/**
 * A [BedrockConfig] built from Kotlin: `BedrockConfig { region = "us-east-1"; httpOptions { maxRetries = 0 } }`.
 * Starts from [BedrockConfig.builder]; start from the environment with `BedrockConfig.fromEnvironment().apply { … }.build()`.
 *
 * @throws IllegalArgumentException as [BedrockConfig.Builder.build] does.
 */
@JvmSynthetic
public fun BedrockConfig(block: BedrockConfig.Builder.() -> Unit): BedrockConfig = BedrockConfig.builder().apply(block).build()

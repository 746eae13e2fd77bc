package dev.switchboard

/**
 * [HttpOptions] built from Kotlin: `HttpOptions { maxRetries = 0; requestTimeout = 30.seconds }`. Starts from
 * [HttpOptions.DEFAULT]; [block] sets the [HttpOptions.Builder]'s properties or calls its setters, which check
 * each value as they do from Java.
 *
 * @throws IllegalArgumentException when [block] sets a value out of range (a duration that is not positive,
 *   more than 100 retries).
 */
@JvmSynthetic
public fun HttpOptions(block: HttpOptions.Builder.() -> Unit): HttpOptions = HttpOptions.builder().apply(block).build()

/**
 * A [ModelInfo] built from Kotlin: `ModelInfo { vision = true; functionCalling = true; contextWindow = 128_000 }`.
 * Every capability starts off and the family [ModelFamily.UNKNOWN], as with [ModelInfo.builder].
 *
 * @throws IllegalArgumentException when [block] sets a context window or output limit that is not positive.
 */
@JvmSynthetic
public fun ModelInfo(block: ModelInfo.Builder.() -> Unit): ModelInfo = ModelInfo.builder().apply(block).build()

package dev.switchboard

/**
 * What a model can do. Requests are checked against it before any network call: an image sent to a
 * model without [vision], tools to one without [functionCalling], JSON output to one without
 * [jsonOutput] or a schema to one without [structuredOutput] fail with [CapabilityMissingException].
 *
 * Known models are described by each provider's model table; declare others with [builder].
 */
public data class ModelInfo @JvmOverloads constructor(
    /** Whether the model accepts images. */
    val vision: Boolean,
    /** Whether the model can call tools. */
    val functionCalling: Boolean,
    /** Whether the model can be asked for a JSON object. */
    val jsonOutput: Boolean,
    /** Whether the model can be held to a JSON schema. */
    val structuredOutput: Boolean,
    /** The model's family. */
    val family: ModelFamily,
    /** The context window in tokens, or null when unknown. */
    val contextWindow: Int? = null,
    /** The most output tokens the model produces in one answer, or null when unknown. */
    val maxOutputTokens: Int? = null,
) {
    /** A builder preset to this info. */
    public fun newBuilder(): Builder = Builder().also {
        it.vision = vision; it.functionCalling = functionCalling; it.jsonOutput = jsonOutput
        it.structuredOutput = structuredOutput; it.family = family; it.contextWindow = contextWindow
        it.maxOutputTokens = maxOutputTokens
    }

    /**
     * Builds a [ModelInfo]; every capability defaults to false and the family to [ModelFamily.UNKNOWN].
     * From Kotlin, `ModelInfo { vision = true; family = ModelFamily.of("llama") }` sets the same values as
     * properties (hidden from Java, which calls the setters).
     */
    @SwitchboardDsl
    public class Builder internal constructor() {
        /** Whether the model accepts images. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var vision: Boolean = false
        /** Whether the model can call tools. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var functionCalling: Boolean = false
        /** Whether the model can produce a JSON object. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var jsonOutput: Boolean = false
        /** Whether the model can be held to a JSON schema. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var structuredOutput: Boolean = false
        /** The model family. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var family: ModelFamily = ModelFamily.UNKNOWN
        /** The context window in tokens (positive), or null when unknown. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var contextWindow: Int? = null
            set(value) {
                require(value == null || value > 0) { "contextWindow must be positive (got $value)" }
                field = value
            }
        /** The most output tokens per answer (positive), or null when unknown. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var maxOutputTokens: Int? = null
            set(value) {
                require(value == null || value > 0) { "maxOutputTokens must be positive (got $value)" }
                field = value
            }

        /** Sets whether the model accepts images. */
        public fun vision(value: Boolean): Builder = apply { vision = value }
        /** Sets whether the model can call tools. */
        public fun functionCalling(value: Boolean): Builder = apply { functionCalling = value }
        /** Sets whether the model can produce a JSON object. */
        public fun jsonOutput(value: Boolean): Builder = apply { jsonOutput = value }
        /** Sets whether the model can be held to a JSON schema. */
        public fun structuredOutput(value: Boolean): Builder = apply { structuredOutput = value }
        /** Sets the model family. */
        public fun family(value: ModelFamily): Builder = apply { family = value }
        /** Sets the model family by name. */
        public fun family(value: String): Builder = apply { family = ModelFamily.of(value) }
        /** Sets the context window in tokens. */
        public fun contextWindow(tokens: Int): Builder = apply { contextWindow = tokens }
        /** Sets the most output tokens per answer. */
        public fun maxOutputTokens(tokens: Int): Builder = apply { maxOutputTokens = tokens }
        /** The model info. */
        public fun build(): ModelInfo =
            ModelInfo(vision, functionCalling, jsonOutput, structuredOutput, family, contextWindow, maxOutputTokens)
    }

    /** Factories and constants of [ModelInfo]. */
    public companion object {
        /** A builder with every capability off. */
        @JvmStatic public fun builder(): Builder = Builder()

        /** A model that can do everything this library checks for, of unknown family and window. */
        @JvmField public val ALL_CAPABILITIES: ModelInfo = ModelInfo(true, true, true, true, ModelFamily.UNKNOWN)
    }
}

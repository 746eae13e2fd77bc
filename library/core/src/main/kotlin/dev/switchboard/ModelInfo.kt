package dev.switchboard

/**
 * What a model can do. Requests are checked against it before any network call: an image sent to a
 * model without [vision], tools to one without [functionCalling], JSON output to one without
 * [jsonOutput] or a schema to one without [structuredOutput] fail with [CapabilityMissingException].
 *
 * Known models are described by each provider's model table; declare others with [builder].
 */
public class ModelInfo @JvmOverloads constructor(
    /** Whether the model accepts images. */
    @get:JvmName("isVision")
    public val vision: Boolean,
    /** Whether the model can call tools. */
    @get:JvmName("isFunctionCalling")
    public val functionCalling: Boolean,
    /** Whether the model can be asked for a JSON object. */
    @get:JvmName("isJsonOutput")
    public val jsonOutput: Boolean,
    /** Whether the model can be held to a JSON schema. */
    @get:JvmName("isStructuredOutput")
    public val structuredOutput: Boolean,
    /** The model's family. */
    public val family: ModelFamily,
    /** The context window in tokens, or null when unknown. */
    public val contextWindow: Int? = null,
    /** The most output tokens the model produces in one answer, or null when unknown. */
    public val maxOutputTokens: Int? = null,
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

    override fun equals(other: Any?): Boolean =
        this === other || other is ModelInfo &&
        vision == other.vision &&
        functionCalling == other.functionCalling &&
        jsonOutput == other.jsonOutput &&
        structuredOutput == other.structuredOutput &&
        family == other.family &&
        contextWindow == other.contextWindow &&
        maxOutputTokens == other.maxOutputTokens

    override fun hashCode(): Int {
        var h = vision.hashCode()
        h = 31 * h + functionCalling.hashCode()
        h = 31 * h + jsonOutput.hashCode()
        h = 31 * h + structuredOutput.hashCode()
        h = 31 * h + family.hashCode()
        h = 31 * h + (contextWindow?.hashCode() ?: 0)
        h = 31 * h + (maxOutputTokens?.hashCode() ?: 0)
        return h
    }

    override fun toString(): String = "ModelInfo(vision=$vision, functionCalling=$functionCalling, jsonOutput=$jsonOutput, structuredOutput=$structuredOutput, family=$family, contextWindow=$contextWindow, maxOutputTokens=$maxOutputTokens)"
}

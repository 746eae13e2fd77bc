package dev.switchboard.openai

/**
 * Who serves a model called through the Hugging Face router ([OpenAiCompatible.HUGGING_FACE]): one of Hugging Face's
 * Inference Providers, such as [CEREBRAS] or [TOGETHER], or a policy that lets the router pick one ([FASTEST],
 * [CHEAPEST], [PREFERRED]). The router reads it from a suffix of the model id, `meta-llama/Llama-3.1-8B-Instruct:cerebras`, which
 * [modelId] writes and checks; without a suffix the router picks the provider itself.
 *
 * ```kotlin
 * val client = InferenceProvider.CEREBRAS.client("meta-llama/Llama-3.1-8B-Instruct")   // token from HF_TOKEN
 * ```
 *
 * The constants are the providers Hugging Face lists for chat completion; [of] takes any other id the router knows.
 */
public class InferenceProvider private constructor(
    /** The id the router reads after the model's `:`, such as `cerebras` or `fastest`. */
    public val id: String,
) {
    /**
     * The model id that asks the router for [model] served by this provider: `<model>:<id>`.
     *
     * @throws IllegalArgumentException when [model] is blank, holds whitespace, or already ends in a provider suffix.
     */
    public fun modelId(model: String): String {
        val bare = model.trim()
        require(bare.isNotEmpty()) { "The model name must not be blank" }
        require(bare.none { it.isWhitespace() }) { "The model name must not hold whitespace (got '$bare')" }
        require(':' !in bare) {
            "The model '$bare' already names a provider or policy after ':': pass the bare model id " +
                "(such as 'meta-llama/Llama-3.1-8B-Instruct') to choose '$id'"
        }
        return "$bare:$id"
    }

    /**
     * A client of [model] on the Hugging Face router, served by this provider, with the token from `HF_TOKEN`.
     *
     * @throws IllegalArgumentException as [modelId] does, or when `HF_TOKEN` is not set.
     */
    public fun client(model: String): OpenAiChatCompletionClient = OpenAiCompatible.HUGGING_FACE.client(modelId(model))

    internal fun client(model: String, env: (String) -> String?): OpenAiChatCompletionClient =
        OpenAiCompatible.HUGGING_FACE.client(modelId(model), env)

    override fun equals(other: Any?): Boolean = other is InferenceProvider && id == other.id
    override fun hashCode(): Int = id.hashCode()
    override fun toString(): String = id

    /** The providers and policies, and [of] for others. */
    public companion object {
        private val ID = Regex("[a-z0-9]+(?:[-.][a-z0-9]+)*")

        /** The router picks the provider with the highest throughput for the model. */
        @JvmField public val FASTEST: InferenceProvider = InferenceProvider("fastest")
        /** The router picks the provider with the lowest price per output token for the model. */
        @JvmField public val CHEAPEST: InferenceProvider = InferenceProvider("cheapest")
        /** The router picks the first provider of the model in the order of your Hugging Face Inference Provider settings. */
        @JvmField public val PREFERRED: InferenceProvider = InferenceProvider("preferred")

        /** Cerebras. */
        @JvmField public val CEREBRAS: InferenceProvider = InferenceProvider("cerebras")
        /** Cohere. */
        @JvmField public val COHERE: InferenceProvider = InferenceProvider("cohere")
        /** Featherless AI. */
        @JvmField public val FEATHERLESS_AI: InferenceProvider = InferenceProvider("featherless-ai")
        /** Fireworks AI. */
        @JvmField public val FIREWORKS_AI: InferenceProvider = InferenceProvider("fireworks-ai")
        /** Groq. */
        @JvmField public val GROQ: InferenceProvider = InferenceProvider("groq")
        /** Hugging Face's own HF Inference. */
        @JvmField public val HF_INFERENCE: InferenceProvider = InferenceProvider("hf-inference")
        /** Hyperbolic. */
        @JvmField public val HYPERBOLIC: InferenceProvider = InferenceProvider("hyperbolic")
        /** Nebius AI Studio. */
        @JvmField public val NEBIUS: InferenceProvider = InferenceProvider("nebius")
        /** Novita AI. */
        @JvmField public val NOVITA: InferenceProvider = InferenceProvider("novita")
        /** Nscale. */
        @JvmField public val NSCALE: InferenceProvider = InferenceProvider("nscale")
        /** SambaNova. */
        @JvmField public val SAMBANOVA: InferenceProvider = InferenceProvider("sambanova")
        /** Together AI. */
        @JvmField public val TOGETHER: InferenceProvider = InferenceProvider("together")

        /**
         * The provider or policy with this [id], as the router spells it (lower case, such as `zai-org` or
         * `ovhcloud`); surrounding whitespace is ignored.
         *
         * @throws IllegalArgumentException when [id] is not lower-case letters and digits, joined by `-` or `.`.
         */
        @JvmStatic
        public fun of(id: String): InferenceProvider {
            val trimmed = id.trim()
            require(ID.matches(trimmed)) {
                "An inference provider id is lower-case letters and digits joined by '-' or '.', such as 'cerebras' or " +
                    "'fireworks-ai' (got '$trimmed')"
            }
            return InferenceProvider(trimmed)
        }
    }
}

package dev.switchboard

/**
 * The family a model belongs to, used to pick tokenizers, defaults and request quirks.
 * Any string is a valid family; the constants name the ones this library knows.
 */
public class ModelFamily private constructor(
    /** The family's name, such as `gpt-4o`. */
    public val value: String,
) {
    override fun toString(): String = value
    override fun equals(other: Any?): Boolean = other is ModelFamily && other.value == value
    override fun hashCode(): Int = value.hashCode()

    /** Whether the family is one of OpenAI's reasoning families (o-series, gpt-5). */
    public val isOpenAiReasoning: Boolean
        get() = value.startsWith("o1") || value.startsWith("o3") || value.startsWith("o4") || value.startsWith("gpt-5")

    /** Factories and constants of [ModelFamily]. */
    public companion object {
        /** GPT-5 family. */ @JvmField public val GPT_5: ModelFamily = ModelFamily("gpt-5")
        /** GPT-4.1 family. */ @JvmField public val GPT_41: ModelFamily = ModelFamily("gpt-41")
        /** GPT-4o family. */ @JvmField public val GPT_4O: ModelFamily = ModelFamily("gpt-4o")
        /** GPT-4 family. */ @JvmField public val GPT_4: ModelFamily = ModelFamily("gpt-4")
        /** GPT-3.5 family. */ @JvmField public val GPT_35: ModelFamily = ModelFamily("gpt-35")
        /** The o1 reasoning family. */ @JvmField public val O1: ModelFamily = ModelFamily("o1")
        /** The o3 reasoning family. */ @JvmField public val O3: ModelFamily = ModelFamily("o3")
        /** The o4 reasoning family. */ @JvmField public val O4: ModelFamily = ModelFamily("o4")
        /** Claude family. */ @JvmField public val CLAUDE: ModelFamily = ModelFamily("claude")
        /** Gemini family. */ @JvmField public val GEMINI: ModelFamily = ModelFamily("gemini")
        /** Llama family. */ @JvmField public val LLAMA: ModelFamily = ModelFamily("llama")
        /** Mistral family. */ @JvmField public val MISTRAL: ModelFamily = ModelFamily("mistral")
        /** DeepSeek family. */ @JvmField public val DEEPSEEK: ModelFamily = ModelFamily("deepseek")
        /** Qwen family. */ @JvmField public val QWEN: ModelFamily = ModelFamily("qwen")
        /** A model of no known family. */ @JvmField public val UNKNOWN: ModelFamily = ModelFamily("unknown")

        /** The family named [value]. */
        @JvmStatic public fun of(value: String): ModelFamily {
            require(value.isNotBlank()) { "A model family name must not be blank" }
            return ModelFamily(value.lowercase())
        }
    }
}

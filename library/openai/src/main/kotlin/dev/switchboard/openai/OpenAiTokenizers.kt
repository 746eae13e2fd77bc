package dev.switchboard.openai

import dev.switchboard.LlmMessage
import dev.switchboard.ModelFamily
import dev.switchboard.Tool
import dev.switchboard.TokenCounter
import java.util.ServiceConfigurationError
import java.util.ServiceLoader

/**
 * How the OpenAI clients count tokens: with the [OpenAiTokenizerProvider] found on the classpath for OpenAI's
 * families, looked up (and its vocabulary loaded) on the first count rather than when a client is created.
 */
internal object OpenAiTokenizers {
    /** The families whose tokenizer is OpenAI's (o200k_base or cl100k_base): these are counted exactly or not at all. */
    private val OPENAI_FAMILIES: Set<ModelFamily> = setOf(
        ModelFamily.GPT_5, ModelFamily.GPT_41, ModelFamily.GPT_4O, ModelFamily.O1, ModelFamily.O3, ModelFamily.O4,
        ModelFamily.GPT_4, ModelFamily.GPT_35,
    )

    internal const val ARTIFACT: String = "dev.switchboard:switchboard-openai-tokenizer"

    private class Discovery(val provider: OpenAiTokenizerProvider?, val problems: List<String>)

    /** The search happens once per class loader of this library, on the first count of an OpenAI family. */
    private val discovered: Discovery by lazy { discover() }

    fun usesOpenAiTokenizer(family: ModelFamily): Boolean = family in OPENAI_FAMILIES

    /**
     * The clients' counter for [family]: [TokenCounter.ESTIMATE] itself for families that are not OpenAI's, otherwise
     * one that asks [find] for the provider on its first count (and again after a failure) and counts with it.
     */
    fun deferredForFamily(family: ModelFamily, find: () -> OpenAiTokenizerProvider = ::provider): TokenCounter =
        if (usesOpenAiTokenizer(family)) Deferred(family, find) else TokenCounter.ESTIMATE

    /** The provider on the classpath, or an [IllegalStateException] saying which artifact to add. */
    fun provider(): OpenAiTokenizerProvider {
        val d = discovered
        return d.provider ?: throw IllegalStateException(
            missing() + if (d.problems.isEmpty()) "" else " Tokenizers that failed to load: ${d.problems.joinToString("; ")}",
        )
    }

    fun missing(): String =
        "Counting tokens for OpenAI models needs OpenAI's tokenizer, which is not on the classpath: add the artifact " +
            "$ARTIFACT (the same version as switchboard-openai), from Kotlin or from the Java facade. " +
            "It is separate from switchboard-openai because its vocabularies (jtokkit, about 3 MB) are not needed " +
            "by applications that never count tokens. Without it, countTokens and remainingTokens fail for OpenAI " +
            "models rather than return an estimate."

    private class Deferred(private val family: ModelFamily, find: () -> OpenAiTokenizerProvider) : TokenCounter {
        private val counter by lazy { find().forFamily(family) }

        override fun count(messages: List<LlmMessage>, tools: List<Tool>): Int = counter.count(messages, tools)

        override fun toString(): String = "OpenAiTokenizers.deferred($family)"
    }

    private fun discover(): Discovery {
        val problems = ArrayList<String>()
        val own = load(OpenAiTokenizerProvider::class.java.classLoader, problems)
        val found = own ?: Thread.currentThread().contextClassLoader?.let { load(it, problems) }
        return Discovery(found, problems)
    }

    private fun load(loader: ClassLoader?, problems: MutableList<String>): OpenAiTokenizerProvider? {
        val iterator = ServiceLoader.load(OpenAiTokenizerProvider::class.java, loader).iterator()
        while (true) {
            try {
                if (!iterator.hasNext()) return null
                return iterator.next()
            } catch (e: ServiceConfigurationError) {
                problems += e.message ?: e.toString()
            } catch (e: LinkageError) {
                problems += e.toString()
            }
        }
    }
}

package dev.switchboard.openai

import dev.switchboard.ModelFamily
import dev.switchboard.TokenCounter

/**
 * OpenAI's tokenizers, as the OpenAI and Azure OpenAI clients find them: with [java.util.ServiceLoader], when a
 * client first counts tokens ([dev.switchboard.ChatCompletionClient.countTokens],
 * [dev.switchboard.ChatCompletionClient.remainingTokens]), never when it is created.
 *
 * The artifact `dev.switchboard:switchboard-openai-tokenizer` provides one (its `OpenAiTokenCounter`, registered
 * in `META-INF/services/dev.switchboard.openai.OpenAiTokenizerProvider`). It is separate from
 * `switchboard-openai` because its vocabularies (jtokkit) are about 3 MB that applications which never count
 * tokens do not need; from the Java facade (`switchboard-java`) too, it is added by those who count.
 *
 * Without it, a client of an OpenAI model family (gpt-5, gpt-4.1, gpt-4o, gpt-4, gpt-3.5, o1, o3, o4) fails to
 * count with an [IllegalStateException] naming the artifact, rather than estimating; models of other families
 * (on OpenAI-compatible servers) are counted with [TokenCounter.ESTIMATE] either way.
 *
 * An implementation needs a public no-argument constructor and must be thread-safe.
 */
public interface OpenAiTokenizerProvider {
    /**
     * The counter for models of [family]: exact for OpenAI's families, [TokenCounter.ESTIMATE] for others. It may
     * load the tokenizer's vocabulary (a fraction of a second), so the clients call it when they first count.
     */
    public fun forFamily(family: ModelFamily): TokenCounter
}

package dev.switchboard.openai

import dev.switchboard.ModelFamily
import dev.switchboard.SystemMessage
import dev.switchboard.UserMessage
import dev.switchboard.spi.TokenCounter
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** The clients' token counter loads its tokenizer on first use, and counts exactly as the family's counter does. */
class DeferredTokenCounterTest : FunSpec({
    val messages = listOf(SystemMessage.of("Be brief."), UserMessage.of("How many tokens is this sentence, exactly?"))

    test("every family counts as forFamily's counter does; families without a tokenizer get the estimate itself") {
        for (family in listOf(
            ModelFamily.GPT_5, ModelFamily.GPT_41, ModelFamily.GPT_4O, ModelFamily.GPT_4, ModelFamily.GPT_35, ModelFamily.O1,
            ModelFamily.O3, ModelFamily.O4, ModelFamily.CLAUDE, ModelFamily.LLAMA, ModelFamily.UNKNOWN,
        )) {
            val deferred = OpenAiTokenCounter.deferredForFamily(family)
            val eager = OpenAiTokenCounter.forFamily(family)
            if (eager === TokenCounter.ESTIMATE) deferred shouldBe TokenCounter.ESTIMATE
            deferred.count(messages, emptyList()) shouldBe eager.count(messages, emptyList())
        }
    }
})

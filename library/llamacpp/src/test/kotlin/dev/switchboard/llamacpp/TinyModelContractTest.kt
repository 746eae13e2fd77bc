package dev.switchboard.llamacpp

import dev.switchboard.llamacpp.internal.TinyGguf
import io.kotest.core.spec.style.FunSpec

/** The local-model contract on the tiny random model the tests generate. */
class TinyModelContractTest : FunSpec({
    val client by lazy {
        LlamaCppChatCompletionClient.open(LlamaCppConfig.builder(TinyGguf.writeTemp()).contextSize(1024).threads(1).promptCache(false).build())
    }
    afterSpec { client.close() }
    localModelContract({ client }) {
        (TinyGguf.whitespaceIds + TinyGguf.nonAsciiByteIds).forEach { logitBias(it.toString(), -100) }
    }
})

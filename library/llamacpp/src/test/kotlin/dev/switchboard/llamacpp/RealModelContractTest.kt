package dev.switchboard.llamacpp

import io.kotest.core.spec.style.FunSpec

/** The local-model contract on a real GGUF model named by `SWITCHBOARD_GGUF_MODEL`; skipped when it is not set. */
class RealModelContractTest : FunSpec({
    val path = System.getenv(LlamaCppConfig.MODEL_ENV)?.trim()?.takeIf { it.isNotEmpty() }
    if (path == null) {
        test("the contract on a real model (set ${LlamaCppConfig.MODEL_ENV} to run it)").config(enabled = false) {}
    } else {
        val client by lazy { LlamaCppChatCompletionClient.open(LlamaCppConfig.fromEnvironment().contextSize(4096).build()) }
        afterSpec { client.close() }
        localModelContract({ client })
    }
})

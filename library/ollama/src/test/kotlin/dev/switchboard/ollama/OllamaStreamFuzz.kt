package dev.switchboard.ollama

import com.code_intelligence.jazzer.api.FuzzedDataProvider
import com.code_intelligence.jazzer.junit.FuzzTest
import dev.switchboard.fuzz.StreamFuzzing

/**
 * Fuzzes the Ollama NDJSON stream and response decoders (see [StreamFuzzing] for what must hold). `mvn verify`
 * fuzzes it for a bounded time (the `fuzz-ollama` execution of this module's pom); `mvn test` does not run it.
 */
class OllamaStreamFuzz {
    @FuzzTest(maxDuration = "20s")
    fun decoders(data: FuzzedDataProvider) = fuzzing.check(data)

    private companion object {
        val fuzzing = StreamFuzzing(OllamaWire, OllamaChatCodec.from(OllamaConfig.builder().build(), "fuzz-model"))
    }
}

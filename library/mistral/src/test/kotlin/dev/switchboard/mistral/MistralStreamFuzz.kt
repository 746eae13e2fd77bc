package dev.switchboard.mistral

import com.code_intelligence.jazzer.api.FuzzedDataProvider
import com.code_intelligence.jazzer.junit.FuzzTest
import dev.switchboard.fuzz.StreamFuzzing

/**
 * Fuzzes the Mistral stream and response decoders (see [StreamFuzzing] for what must hold). `mvn verify` fuzzes it
 * for a bounded time (the `fuzz-mistral` execution of this module's pom); `mvn test` does not run it (the class is
 * not a `*Test`).
 */
class MistralStreamFuzz {
    @FuzzTest(maxDuration = "20s")
    fun decoders(data: FuzzedDataProvider) = fuzzing.check(data)

    private companion object {
        val fuzzing = StreamFuzzing(MistralWire, MistralChatCodec.from(MistralConfig.builder().apiKey("mistral-fuzz-key").build()))
    }
}

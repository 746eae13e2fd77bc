package dev.switchboard.cohere

import com.code_intelligence.jazzer.api.FuzzedDataProvider
import com.code_intelligence.jazzer.junit.FuzzTest
import dev.switchboard.fuzz.StreamFuzzing

/**
 * Fuzzes the Cohere stream and response decoders (see [StreamFuzzing] for what must hold). `mvn verify` fuzzes it for
 * a bounded time (the `fuzz-cohere` execution of this module's pom); `mvn test` does not run it (not a `*Test`).
 */
class CohereStreamFuzz {
    @FuzzTest(maxDuration = "20s")
    fun decoders(data: FuzzedDataProvider) = fuzzing.check(data)

    private companion object {
        val fuzzing = StreamFuzzing(CohereWire, CohereChatCodec.from(CohereConfig.builder().apiKey("cohere-fuzz-key").build()))
    }
}

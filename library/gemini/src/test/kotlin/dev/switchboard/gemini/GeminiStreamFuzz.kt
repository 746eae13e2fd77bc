package dev.switchboard.gemini

import com.code_intelligence.jazzer.api.FuzzedDataProvider
import com.code_intelligence.jazzer.junit.FuzzTest
import dev.switchboard.fuzz.StreamFuzzing

/**
 * Fuzzes the Gemini stream and response decoders (see [StreamFuzzing] for what must hold). `mvn verify` fuzzes it
 * for a bounded time (the `fuzz-gemini` execution of this module's pom); `mvn test` does not run it (the class is
 * not a `*Test`).
 */
class GeminiStreamFuzz {
    @FuzzTest(maxDuration = "20s")
    fun decoders(data: FuzzedDataProvider) = fuzzing.check(data)

    private companion object {
        val fuzzing = StreamFuzzing(GeminiWire, GeminiChatCodec.from(GeminiConfig.builder().apiKey("test-key-" + "fuzz").build(), "fuzz-model"))
    }
}

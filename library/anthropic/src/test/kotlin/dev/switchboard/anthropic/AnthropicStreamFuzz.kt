package dev.switchboard.anthropic

import com.code_intelligence.jazzer.api.FuzzedDataProvider
import com.code_intelligence.jazzer.junit.FuzzTest
import dev.switchboard.ModelInfo
import dev.switchboard.fuzz.StreamFuzzing

/**
 * Fuzzes the Anthropic Messages stream and response decoders (see [StreamFuzzing] for what must hold).
 * `mvn verify` fuzzes it for a bounded time (the `fuzz-anthropic` execution of this module's pom); `mvn test`
 * does not run it (the class is not a `*Test`).
 */
class AnthropicStreamFuzz {
    @FuzzTest(maxDuration = "20s")
    fun decoders(data: FuzzedDataProvider) = fuzzing.check(data)

    private companion object {
        val fuzzing = StreamFuzzing(
            AnthropicWire,
            AnthropicChatCodec.from(AnthropicConfig.builder().apiKey("sk-ant-" + "fuzz").build(), "fuzz-model", ModelInfo.builder().build()),
        )
    }
}

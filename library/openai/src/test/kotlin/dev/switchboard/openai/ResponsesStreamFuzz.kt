package dev.switchboard.openai

import com.code_intelligence.jazzer.api.FuzzedDataProvider
import com.code_intelligence.jazzer.junit.FuzzTest
import dev.switchboard.ModelFamily
import dev.switchboard.fuzz.StreamFuzzing

/**
 * Fuzzes the Responses API stream and response decoders (see [StreamFuzzing] for what must hold). `mvn verify`
 * fuzzes it for a bounded time (the `fuzz-responses` execution of this module's pom); `mvn test` does not run it
 * (the class is not a `*Test`).
 */
class ResponsesStreamFuzz {
    @FuzzTest(maxDuration = "20s")
    fun decoders(data: FuzzedDataProvider) = fuzzing.check(data)

    private companion object {
        val fuzzing = StreamFuzzing(
            ResponsesWire.OPENAI,
            OpenAiResponsesCodec.from(OpenAiConfig.builder().apiKey("test-" + "fuzz").api(OpenAiApi.RESPONSES).build(), ModelFamily.GPT_4O),
        )
    }
}

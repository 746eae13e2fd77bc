package dev.switchboard.fuzz

import com.code_intelligence.jazzer.api.FuzzedDataProvider
import com.code_intelligence.jazzer.junit.FuzzTest
import dev.switchboard.spi.StreamFraming

/**
 * Fuzzes the SSE decoder (see [FrameFuzzing] for what must hold). `mvn verify` fuzzes it for a bounded time
 * (the `fuzz-sse` execution of this module's pom); `mvn test` does not run it (the class is not a `*Test`).
 */
class SseDecoderFuzz {
    @FuzzTest(maxDuration = "20s")
    fun sse(data: FuzzedDataProvider) = FrameFuzzing.check(StreamFraming.SSE, data)
}

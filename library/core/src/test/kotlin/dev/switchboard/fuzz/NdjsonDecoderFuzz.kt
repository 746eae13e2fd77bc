package dev.switchboard.fuzz

import com.code_intelligence.jazzer.api.FuzzedDataProvider
import com.code_intelligence.jazzer.junit.FuzzTest
import dev.switchboard.spi.StreamFraming

/**
 * Fuzzes the NDJSON decoder (see [FrameFuzzing] for what must hold). `mvn verify` fuzzes it for a bounded
 * time (the `fuzz-ndjson` execution of this module's pom); `mvn test` does not run it.
 */
class NdjsonDecoderFuzz {
    @FuzzTest(maxDuration = "20s")
    fun ndjson(data: FuzzedDataProvider) = FrameFuzzing.check(StreamFraming.NDJSON, data)
}

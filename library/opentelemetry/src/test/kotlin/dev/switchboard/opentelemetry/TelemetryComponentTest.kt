package dev.switchboard.opentelemetry

import dev.switchboard.CreateRequest
import dev.switchboard.UserMessage
import dev.switchboard.config.ConfigException
import dev.switchboard.config.ConfigLoader
import dev.switchboard.config.ConfigTestSupport.replayFile
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class TelemetryComponentTest : FunSpec({
    val dir = Files.createTempDirectory("telemetry-config")
    val replay = replayFile(dir, "answers.jsonl", "traced answer")

    test("telemetry records a chat span to the OpenTelemetry bound to the loader, with content when asked") {
        TestTelemetry().use { otel ->
            val loader = ConfigLoader.builder().environment(emptyMap()).bind("otel", otel.openTelemetry).build()
            loader.loadJson(
                """{"provider": "telemetry", "config": {"open_telemetry": "otel", "capture_content": true,
                   "client": {"provider": "replay", "config": {"file": "$replay", "model": "gpt-replayed"}}}}""",
            ).use { client ->
                client.create(CreateRequest.of(UserMessage.of("hi"))).content shouldBe "traced answer"
            }
            val span = otel.span("chat gpt-replayed")
            span.attributes.get(GenAiKeys.REQUEST_MODEL) shouldBe "gpt-replayed"
            span.attributes.get(GenAiKeys.OUTPUT_MESSAGES)!! shouldContain "traced answer"
        }
    }

    test("a name nothing is bound to is an error that lists what is bound") {
        val loader = ConfigLoader.builder().environment(emptyMap()).bind("otel", TestTelemetry().openTelemetry).build()
        shouldThrow<ConfigException> {
            loader.loadJson("""{"provider": "telemetry", "config": {"open_telemetry": "tracing", "client": {"provider": "replay", "config": {"file": "$replay"}}}}""")
        }.message!! shouldContain "config.open_telemetry: no OpenTelemetry is bound as \"tracing\" (bound: otel)"
    }
})

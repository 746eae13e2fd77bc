package dev.switchboard.opentelemetry

import dev.switchboard.spi.CallerContexts
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.opentelemetry.api.trace.Span
import io.opentelemetry.context.Context
import io.opentelemetry.extension.kotlin.getOpenTelemetryContext
import kotlin.coroutines.EmptyCoroutineContext

/** The capture of the caller's OpenTelemetry context that the Java facade adds to the coroutines of its calls. */
class CallerContextTest : FunSpec({
    test("CallerContexts finds this module's capture and carries the thread's current context") {
        TestTelemetry().use { otel ->
            val span = otel.openTelemetry.getTracer("test").spanBuilder("caller").startSpan()
            val captured = span.makeCurrent().use { CallerContexts.capture() }
            span.end()

            Span.fromContext(captured.getOpenTelemetryContext()).spanContext shouldBe span.spanContext
        }
    }

    test("nothing is carried when the root context is current") {
        Context.current() shouldBeSameInstanceAs Context.root()
        OpenTelemetryCallerContext().capture() shouldBeSameInstanceAs EmptyCoroutineContext
    }
})

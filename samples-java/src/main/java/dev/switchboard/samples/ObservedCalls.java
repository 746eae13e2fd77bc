package dev.switchboard.samples;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.events.CallEventLogger;
import dev.switchboard.java.SwitchboardClient;
import dev.switchboard.opentelemetry.GenAiTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every model call observed twice: as a structured call event on SLF4J (here the simple logger prints the logger
 * {@code dev.switchboard.samples.events} at INFO to stderr, key-value pairs included; see simplelogger.properties)
 * and as an OpenTelemetry GenAI span, printed to stdout by a small exporter. A real application gives
 * {@link GenAiTelemetry} its configured {@code OpenTelemetry} (an OTLP exporter, the Java agent's) instead.
 */
public final class ObservedCalls {
    private ObservedCalls() {
    }

    /** Prints each ended span: its name, kind and the attributes, sorted by key. */
    private static final class ConsoleSpans implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            for (SpanData span : spans) {
                Map<String, String> attributes = new TreeMap<>();
                span.getAttributes().forEach((AttributeKey<?> key, Object value) -> attributes.put(key.getKey(), String.valueOf(value)));
                System.out.println("span '" + span.getName() + "' " + span.getKind() + " " + span.getStatus().getStatusCode()
                        + attributes.entrySet().stream().map(e -> "\n    " + e.getKey() + " = " + e.getValue()).collect(Collectors.joining()));
            }
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new ConsoleSpans())).build();
        OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
        GenAiTelemetry telemetry = GenAiTelemetry.create(openTelemetry);
        CallEventLogger events = CallEventLogger.builder().loggerName("dev.switchboard.samples.events").build();
        try (SwitchboardClient client = SampleClients.open("replay/observed.jsonl").logged(events).with(telemetry::wrap)) {
            String answer = client.create(CreateRequest.builder()
                    .system("You are a concise assistant.")
                    .user("In one sentence: why do JVM programs need a common client for language models?")
                    .build()).getContent();
            System.out.println("Answer: " + answer);
            StringBuilder haiku = new StringBuilder();
            try (var stream = client.createStreamBlocking(CreateRequest.builder().user("Write a haiku about streaming tokens.").build())) {
                stream.forEach(e -> {
                    if (e instanceof ChatStreamEvent.TextDelta delta) haiku.append(delta.getText());
                });
            }
            System.out.println("Streamed: " + haiku.toString().replace('\n', ' '));
        } finally {
            openTelemetry.close();
        }
    }
}

package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.RequestUsage;
import dev.switchboard.opentelemetry.GenAiTelemetry;
import dev.switchboard.replay.ReplayChatCompletionClient;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Java caller's current span is the parent of the {@code chat} span of a call it makes through the facade, though
 * the facade runs the call on other threads: the facade carries the caller's context into the call's coroutine
 * (through the {@code CallerContexts} seam, which switchboard-opentelemetry fills), without depending on OpenTelemetry.
 */
@SuppressWarnings("try") // the scopes are there for what they make current, not to be referenced
class OpenTelemetryParentSpanTest {
    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    private static final CreateRequest REQUEST = CreateRequest.builder().user("Hello?").build();

    private SwitchboardClient client;

    @BeforeEach
    void wrapAReplayWithTelemetry() {
        CreateResult answer = CreateResult.ofText("Hi", FinishReason.STOP, RequestUsage.of(3, 1));
        ReplayChatCompletionClient replay = ReplayChatCompletionClient.builder()
            .model("gpt-4o-mini")
            .results(List.of(answer, answer, answer))
            // Every event after a pause, so the stream resumes on the facade's threads, not the caller's.
            .eventDelay(Duration.ofMillis(5))
            .build();
        GenAiTelemetry telemetry = GenAiTelemetry.builder(OTEL.getOpenTelemetry()).build();
        client = Clients.wrap(telemetry.wrap(replay));
    }

    @AfterEach
    void close() {
        client.close();
    }

    /**
     * The facade starts a {@code createAsync} call on the caller's thread, so its span would find the caller's context
     * even without the seam; the seam is what keeps it when something before the span resumes on another thread.
     */
    @Test
    void theFutureOfCreateAsyncCarriesTheCallersParentSpan() throws Exception {
        Span parent = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("caller").startSpan();
        CompletableFuture<CreateResult> future;
        try (Scope ignored = parent.makeCurrent()) {
            future = client.createAsync(REQUEST);
        }
        assertEquals("Hi", future.get(10, TimeUnit.SECONDS).getContent());
        parent.end();

        assertChildOf(parent, chatSpan());
    }

    /** The listener's stream starts on the facade's executor: without the seam its span would have no parent. */
    @Test
    void aStreamToAListenerCarriesTheCallersParentSpan() throws Exception {
        Span parent = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("caller").startSpan();
        CompletableFuture<CreateResult> future;
        try (Scope ignored = parent.makeCurrent()) {
            future = client.createStream(REQUEST, new StreamListener() { });
        }
        assertEquals("Hi", future.get(10, TimeUnit.SECONDS).getContent());
        parent.end();

        assertChildOf(parent, chatSpan());
    }

    /** The publisher's collection runs on the facade's executor; the context is the one current when it was made. */
    @Test
    void aPublisherMadeUnderTheCallersSpanCarriesItToItsSubscription() throws Exception {
        Span parent = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("caller").startSpan();
        TestSubscriber<dev.switchboard.ChatStreamEvent> subscriber = new TestSubscriber<>(Long.MAX_VALUE);
        try (Scope ignored = parent.makeCurrent()) {
            client.createStream(REQUEST).subscribe(subscriber);
        }
        assertTrue(subscriber.awaitTerminal(Duration.ofSeconds(10)).completed(), () -> String.valueOf(subscriber.error()));
        parent.end();

        assertChildOf(parent, chatSpan());
    }

    private static SpanData chatSpan() {
        List<SpanData> chats = OTEL.getSpans().stream()
            .filter(s -> s.getName().equals("chat gpt-4o-mini"))
            .collect(Collectors.toList());
        assertEquals(1, chats.size(), () -> "spans: " + OTEL.getSpans());
        return chats.get(0);
    }

    private static void assertChildOf(Span parent, SpanData chat) {
        assertEquals(parent.getSpanContext().getTraceId(), chat.getTraceId());
        assertEquals(parent.getSpanContext().getSpanId(), chat.getParentSpanId());
    }
}

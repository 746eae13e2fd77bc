package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.AuthenticationException;
import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.HttpOptions;
import dev.switchboard.RequestUsage;
import dev.switchboard.StreamInterruptedException;
import dev.switchboard.openai.OpenAiConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade over the real OpenAI client and HTTP transport, against a loopback server speaking the
 * Chat Completions API. Cancellation is checked where it matters: on the server, which must see the
 * client's side of the connection closed.
 */
class OpenAiOverHttpTest {
    private static final String KEY = "sk-loopback-0123456789abcdef";
    private static final CreateRequest REQUEST = CreateRequest.builder().user("Say hi").build();
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofMillis(300);
    private static final ObjectMapper JSON = new ObjectMapper();

    record Capital(String city, String country) {
    }

    private LoopbackOpenAi server;
    private SwitchboardClient client;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackOpenAi();
        client = Clients.openAi("gpt-4o-mini", OpenAiConfig.builder()
            .apiKey(KEY)
            .baseUrl(server.baseUrl())
            .httpOptions(HttpOptions.builder().maxRetries(0).build())
            .build());
    }

    /** Makes the server hold its next answer open (after {@code prefix}, SSE chunks when {@code stream}). */
    private LoopbackOpenAi.Hang hang(boolean stream, String... prefix) {
        LoopbackOpenAi.Hang hang = new LoopbackOpenAi.Hang(stream, List.of(prefix));
        server.respond(hang);
        return hang;
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void createSendsTheRequestAndReturnsTheAnswer() throws Exception {
        server.respond(LoopbackOpenAi.json(200, LoopbackOpenAi.completion("Hello!")));
        CreateResult result = client.create(REQUEST);
        assertEquals("Hello!", result.getContent());
        assertEquals(RequestUsage.of(9, 4), result.getUsage());
        JsonNode sent = JSON.readTree(server.takeRequestBody());
        assertEquals("gpt-4o-mini", sent.get("model").asText());
        assertEquals("Say hi", sent.get("messages").get(0).get("content").asText());
        assertEquals(RequestUsage.of(9, 4), client.getTotalUsage());
        assertFalse(client.toString().contains(KEY), client.toString());
    }

    @Test
    void aRecordingOfRealCallsHoldsNeitherTheKeyNorThePrompt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calls.jsonl");
        CreateRequest secretPrompt = CreateRequest.builder().system("internal policy 42").user("my card is 4111").build();
        SwitchboardClient recording = Clients.recording(client.unwrap(), file);
        server.respond(LoopbackOpenAi.json(200, LoopbackOpenAi.completion("Recorded")));
        assertEquals("Recorded", recording.create(secretPrompt).getContent());
        server.respond(LoopbackOpenAi.sse(List.of(LoopbackOpenAi.delta("Str"), LoopbackOpenAi.finish(), LoopbackOpenAi.usage(2, 1))));
        try (Stream<ChatStreamEvent> events = recording.createStreamBlocking(secretPrompt)) {
            events.forEach(e -> { });
        }
        String recorded = Files.readString(file);
        assertTrue(recorded.contains("Recorded"), recorded);
        for (String secret : List.of(KEY, "internal policy 42", "4111")) {
            assertFalse(recorded.contains(secret), "the recording holds " + secret + ": " + recorded);
        }
        assertFalse(recording.toString().contains(KEY), recording.toString());
        try (SwitchboardClient replay = Clients.replayFromFile(file)) {
            assertEquals("Recorded", replay.create(REQUEST).getContent());
        }
    }

    @Test
    void createAsyncCompletesWithTheAnswer() throws Exception {
        server.respond(LoopbackOpenAi.json(200, LoopbackOpenAi.completion("Hi async")));
        assertEquals("Hi async", client.createAsync(REQUEST).get(10, TimeUnit.SECONDS).getContent());
    }

    @Test
    void aRejectedKeyIsAnAuthenticationExceptionInEveryStyle() {
        server.respond(LoopbackOpenAi.json(401, LoopbackOpenAi.error(
            "Incorrect API key provided: " + KEY + ".", "invalid_request_error", "invalid_api_key")));
        AuthenticationException thrown = assertThrows(AuthenticationException.class, () -> client.create(REQUEST));
        assertEquals(401, thrown.getStatusCode());
        assertFalse(thrown.getMessage().contains(KEY), "the key must not leak: " + thrown.getMessage());
        String excerpt = thrown.getBodyExcerpt();
        assertFalse(excerpt != null && excerpt.contains(KEY), "the key must not leak: " + excerpt);

        ExecutionException viaGet = assertThrows(ExecutionException.class, () -> client.createAsync(REQUEST).get());
        assertInstanceOf(AuthenticationException.class, viaGet.getCause());
        CompletionException viaJoin = assertThrows(CompletionException.class, () -> client.createAsync(REQUEST).join());
        assertInstanceOf(AuthenticationException.class, viaJoin.getCause());

        TestSubscriber<ChatStreamEvent> subscriber = new TestSubscriber<>(Long.MAX_VALUE);
        client.createStream(REQUEST).subscribe(subscriber);
        assertInstanceOf(AuthenticationException.class, subscriber.awaitTerminal(WAIT).error());

        try (Stream<ChatStreamEvent> events = client.createStreamBlocking(REQUEST)) {
            assertThrows(AuthenticationException.class, () -> events.forEach(e -> { }));
        }
    }

    @Test
    void cancellingTheFutureClosesTheConnection() throws Exception {
        LoopbackOpenAi.Hang hang = hang(false);
        CompletableFuture<CreateResult> future = client.createAsync(REQUEST);
        hang.awaitStarted();
        Thread.sleep(200);
        hang.assertOpen();
        assertFalse(future.isDone());
        long cancelledAt = System.nanoTime();
        assertTrue(future.cancel(true));
        hang.closedWithin(cancelledAt, CLOSE_BOUND);
        assertThrows(CancellationException.class, future::join);
    }

    @Test
    void interruptingABlockingCreateCancelsTheCallAndKeepsTheInterruptFlag() throws Exception {
        LoopbackOpenAi.Hang hang = hang(false);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                client.create(REQUEST);
            } catch (Throwable t) {
                thrown.set(t);
                interrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        hang.awaitOpen();
        long interruptedAt = System.nanoTime();
        caller.interrupt();
        hang.closedWithin(interruptedAt, CLOSE_BOUND);
        caller.join(5_000);
        assertInstanceOf(CancellationException.class, thrown.get());
        assertEquals(Boolean.TRUE, interrupted.get());
    }

    @Test
    void closingTheClientCancelsACallInFlightAndClosesItsConnection() throws Exception {
        LoopbackOpenAi.Hang hang = hang(false);
        CompletableFuture<CreateResult> future = client.createAsync(REQUEST);
        hang.awaitOpen();
        long closedAt = System.nanoTime();
        client.close();
        hang.closedWithin(closedAt, CLOSE_BOUND);
        CancellationException e = assertThrows(CancellationException.class, () -> future.get(5, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertTrue(future.isCancelled());
    }

    @Test
    void closingTheClientCancelsABlockingCreateAndClosesItsConnection() throws Exception {
        LoopbackOpenAi.Hang hang = hang(false);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                client.create(REQUEST);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        hang.awaitOpen();
        long closedAt = System.nanoTime();
        client.close();
        hang.closedWithin(closedAt, CLOSE_BOUND);
        caller.join(5_000);
        assertInstanceOf(CancellationException.class, thrown.get());
        assertTrue(thrown.get().getMessage().contains("closed"), thrown.get().getMessage());
    }

    @Test
    void aBlockingCreateOnAnInterruptedThreadSendsNothing() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class, () -> client.create(REQUEST));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        // The next call is the first request the server sees.
        server.respond(LoopbackOpenAi.json(200, LoopbackOpenAi.completion("after")));
        assertEquals("after", client.create(REQUEST).getContent());
        assertEquals(1, server.requestsWaiting());
    }

    @Test
    void theStreamDeliversDeltasAndTheCompleteResult() {
        server.respond(LoopbackOpenAi.sse(List.of(
            LoopbackOpenAi.delta("Hel"), LoopbackOpenAi.delta("lo"), LoopbackOpenAi.finish(), LoopbackOpenAi.usage(5, 2))));
        TestSubscriber<ChatStreamEvent> subscriber = new TestSubscriber<>(Long.MAX_VALUE);
        client.createStream(REQUEST).subscribe(subscriber);
        subscriber.awaitTerminal(WAIT);
        assertTrue(subscriber.completed(), () -> "failed: " + subscriber.error());
        List<ChatStreamEvent> events = subscriber.items();
        assertEquals(new ChatStreamEvent.TextDelta("Hel", 0), events.get(0));
        assertEquals(new ChatStreamEvent.TextDelta("lo", 0), events.get(1));
        CreateResult result = ((ChatStreamEvent.Completed) events.get(events.size() - 1)).getResult();
        assertEquals("Hello", result.getContent());
        assertEquals(RequestUsage.of(5, 2), result.getUsage());
        assertEquals(List.of(), subscriber.violations());
    }

    @Test
    void aStreamThatBreaksOffIsAnErrorNotAShortAnswer() {
        server.respond(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(("data: " + LoopbackOpenAi.delta("Hel") + "\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            // the body ends here: no finish reason, no [DONE]
        });
        TestSubscriber<ChatStreamEvent> subscriber = new TestSubscriber<>(Long.MAX_VALUE);
        client.createStream(REQUEST).subscribe(subscriber);
        assertInstanceOf(StreamInterruptedException.class, subscriber.awaitTerminal(WAIT).error());
        assertFalse(subscriber.items().stream().anyMatch(e -> e instanceof ChatStreamEvent.Completed));
    }

    @Test
    void cancellingTheSubscriptionClosesTheConnection() throws Exception {
        LoopbackOpenAi.Hang hang = hang(true, LoopbackOpenAi.delta("Hel"));
        TestSubscriber<ChatStreamEvent> subscriber = new TestSubscriber<>(Long.MAX_VALUE);
        client.createStream(REQUEST).subscribe(subscriber);
        assertEquals(new ChatStreamEvent.TextDelta("Hel", 0), subscriber.awaitItems(1, WAIT).get(0));
        Thread.sleep(200);
        hang.assertOpen();
        long cancelledAt = System.nanoTime();
        subscriber.cancel();
        hang.closedWithin(cancelledAt, CLOSE_BOUND);
        Thread.sleep(100);
        assertFalse(subscriber.isTerminated(), "a cancelled subscription is signalled nothing more");
    }

    @Test
    void demandIsHonouredOverHttp() throws Exception {
        server.respond(LoopbackOpenAi.sse(List.of(LoopbackOpenAi.delta("a"), LoopbackOpenAi.delta("b"),
            LoopbackOpenAi.delta("c"), LoopbackOpenAi.finish(), LoopbackOpenAi.usage(1, 3))));
        TestSubscriber<ChatStreamEvent> subscriber = new TestSubscriber<>(1);
        client.createStream(REQUEST).subscribe(subscriber);
        subscriber.assertExactly(1, WAIT, SETTLE);
        subscriber.request(1);
        subscriber.assertExactly(2, WAIT, SETTLE);
        subscriber.request(Long.MAX_VALUE);
        assertTrue(subscriber.awaitTerminal(WAIT).completed());
        assertEquals(4, subscriber.items().size());
    }

    @Test
    void closingABlockingStreamClosesTheConnection() throws Exception {
        LoopbackOpenAi.Hang hang = hang(true, LoopbackOpenAi.delta("Hel"));
        long closedAt;
        try (Stream<ChatStreamEvent> events = client.createStreamBlocking(REQUEST)) {
            Iterator<ChatStreamEvent> iterator = events.iterator();
            assertEquals(new ChatStreamEvent.TextDelta("Hel", 0), iterator.next());
            hang.assertOpen();
            closedAt = System.nanoTime();
        }
        hang.closedWithin(closedAt, CLOSE_BOUND);
    }

    @Test
    void aStructuredAnswerIsRequestedWithTheStrictSchemaAndParsedIntoTheRecord() throws Exception {
        server.respond(LoopbackOpenAi.json(200, LoopbackOpenAi.completion("{\"city\":\"Paris\",\"country\":\"France\"}")));
        StructuredResult<Capital> answer = client.createStructured(REQUEST, Capital.class);
        assertEquals(new Capital("Paris", "France"), answer.value());
        JsonNode format = JSON.readTree(server.takeRequestBody()).get("response_format");
        assertEquals("json_schema", format.get("type").asText());
        JsonNode schema = format.get("json_schema");
        assertEquals("Capital", schema.get("name").asText());
        assertTrue(schema.get("strict").asBoolean());
        assertEquals(JSON.readTree(JavaSchemas.schemaOf(Capital.class)), schema.get("schema"));
    }
}

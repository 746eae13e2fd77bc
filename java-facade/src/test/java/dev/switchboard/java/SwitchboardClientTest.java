package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.CapabilityMissingException;
import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.LlmMessage;
import dev.switchboard.ModelInfo;
import dev.switchboard.ProtocolException;
import dev.switchboard.RequestUsage;
import dev.switchboard.UserMessage;
import dev.switchboard.replay.ReplayChatCompletionClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The facade over a replay client: every method, without HTTP. */
class SwitchboardClientTest {
    private static final CreateRequest REQUEST = CreateRequest.builder().user("Say hi").build();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofMillis(200);

    record Greeting(String text, int words) {
    }

    private static CreateResult text(String content, int prompt, int completion) {
        return CreateResult.ofText(content, FinishReason.STOP, RequestUsage.of(prompt, completion));
    }

    private static List<ChatStreamEvent> stream(String... deltas) {
        List<ChatStreamEvent> events = new ArrayList<>();
        for (String d : deltas) events.add(new ChatStreamEvent.TextDelta(d, 0));
        events.add(new ChatStreamEvent.Completed(text(String.join("", deltas), 3, deltas.length)));
        return events;
    }

    @Test
    void createAndCreateAsyncReturnTheAnswersAndAddUpUsage() throws Exception {
        try (SwitchboardClient client = Clients.replay(List.of(text("Hi", 3, 1), text("Hello", 4, 2)))) {
            assertEquals("Hi", client.create(REQUEST).getContent());
            CompletableFuture<CreateResult> future = client.createAsync(REQUEST);
            assertEquals("Hello", future.get(10, TimeUnit.SECONDS).getContent());
            assertEquals(RequestUsage.of(7, 3), client.getTotalUsage());
            assertEquals(RequestUsage.of(7, 3), client.getActualUsage());
            assertEquals("replay", client.getModel());
        }
    }

    @Test
    void failuresAreThrownAsTheyAreByBlockingCallsAndAreTheCauseOfAsyncOnes() throws Exception {
        ReplayChatCompletionClient replay = ReplayChatCompletionClient.builder()
            .result(text("{}", 1, 1)).modelInfo(ModelInfo.builder().build()).build();
        try (SwitchboardClient client = Clients.wrap(replay)) {
            CreateRequest json = CreateRequest.builder().user("json please").jsonOutput().build();
            CapabilityMissingException thrown = assertThrows(CapabilityMissingException.class, () -> client.create(json));
            assertEquals("json_output", thrown.getCapability());
            ExecutionException wrapped = assertThrows(ExecutionException.class, () -> client.createAsync(json).get());
            assertInstanceOf(CapabilityMissingException.class, wrapped.getCause());
            assertEquals(0, replay.getConsumedCount(), "nothing was taken: the request never went out");
            // a failure that is not a SwitchboardException reaches Java unchanged too
            client.create(REQUEST);
            IllegalStateException none = assertThrows(IllegalStateException.class, () -> client.create(REQUEST));
            assertTrue(none.getMessage().contains("No recording left"), none.getMessage());
        }
    }

    @Test
    void tokensAreCountedByTheWrappedClient() {
        ReplayChatCompletionClient replay = ReplayChatCompletionClient.builder().result(text("x", 1, 1))
            .modelInfo(ModelInfo.builder().contextWindow(1000).build()).build();
        try (SwitchboardClient client = Clients.wrap(replay)) {
            List<LlmMessage> messages = List.of(UserMessage.of("How many tokens is this sentence?"));
            int counted = client.countTokens(messages);
            assertEquals(replay.countTokens(messages), counted);
            assertTrue(counted > 0);
            assertEquals(1000 - counted, client.remainingTokens(messages));
            assertEquals(1000, client.getModelInfo().getContextWindow());
            assertSame(replay, client.unwrap());
        }
    }

    @Test
    void theStreamDeliversEveryEventThenCompletes() {
        try (SwitchboardClient client = Clients.wrap(ReplayChatCompletionClient.builder().stream(stream("He", "llo")).build())) {
            TestSubscriber<ChatStreamEvent> subscriber = new TestSubscriber<>(Long.MAX_VALUE);
            client.createStream(REQUEST).subscribe(subscriber);
            subscriber.awaitTerminal(WAIT);
            assertTrue(subscriber.completed(), () -> "error: " + subscriber.error());
            List<ChatStreamEvent> items = subscriber.items();
            assertEquals(3, items.size());
            assertEquals(new ChatStreamEvent.TextDelta("He", 0), items.get(0));
            assertEquals("Hello", ((ChatStreamEvent.Completed) items.get(2)).getResult().getContent());
            assertEquals(List.of(), subscriber.violations());
        }
    }

    @Test
    void demandIsHonoured() throws Exception {
        try (SwitchboardClient client = Clients.wrap(ReplayChatCompletionClient.builder().stream(stream("a", "b", "c", "d")).build())) {
            TestSubscriber<ChatStreamEvent> subscriber = new TestSubscriber<>(0);
            client.createStream(REQUEST).subscribe(subscriber);
            subscriber.subscription();
            Thread.sleep(200);
            assertEquals(List.of(), subscriber.items(), "nothing before a request");
            subscriber.request(1);
            subscriber.assertExactly(1, WAIT, SETTLE);
            subscriber.request(2);
            subscriber.assertExactly(3, WAIT, SETTLE);
            assertFalse(subscriber.isTerminated());
            subscriber.request(10);
            subscriber.awaitTerminal(WAIT);
            assertEquals(5, subscriber.items().size());
            assertTrue(subscriber.completed());
            assertEquals(List.of(), subscriber.violations());
        }
    }

    @Test
    void requestingZeroOrLessSignalsIllegalArgumentException() throws Exception {
        for (long n : new long[] {0, -1, Long.MIN_VALUE}) {
            try (SwitchboardClient client = Clients.wrap(ReplayChatCompletionClient.builder().stream(stream("a", "b")).build())) {
                TestSubscriber<ChatStreamEvent> subscriber = new TestSubscriber<>(1);
                client.createStream(REQUEST).subscribe(subscriber);
                subscriber.awaitItems(1, WAIT);
                subscriber.request(n);
                subscriber.awaitTerminal(WAIT);
                IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, subscriber.error());
                assertTrue(e.getMessage().contains("3.9"), e.getMessage());
                subscriber.request(5); // the stream was cancelled: no more signals
                assertEquals(1, subscriber.items().size());
                assertEquals(List.of(), subscriber.violations());
            }
        }
    }

    @Test
    void theReactiveStreamsPublisherHasTheSameEventsAndRules() throws Exception {
        try (SwitchboardClient client = Clients.wrap(ReplayChatCompletionClient.builder()
                .stream(stream("x", "y")).stream(stream("z")).build())) {
            List<Object> signals = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            client.createStreamReactive(REQUEST).subscribe(new org.reactivestreams.Subscriber<ChatStreamEvent>() {
                @Override public void onSubscribe(org.reactivestreams.Subscription s) { s.request(Long.MAX_VALUE); }
                @Override public void onNext(ChatStreamEvent event) { signals.add(event); }
                @Override public void onError(Throwable t) { signals.add(t); done.countDown(); }
                @Override public void onComplete() { signals.add("complete"); done.countDown(); }
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(4, signals.size(), signals::toString);
            assertEquals("complete", signals.get(3));

            List<Object> second = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.CountDownLatch failed = new java.util.concurrent.CountDownLatch(1);
            client.createStreamReactive(REQUEST).subscribe(new org.reactivestreams.Subscriber<ChatStreamEvent>() {
                @Override public void onSubscribe(org.reactivestreams.Subscription s) { s.request(0); }
                @Override public void onNext(ChatStreamEvent event) { second.add(event); }
                @Override public void onError(Throwable t) { second.add(t); failed.countDown(); }
                @Override public void onComplete() { second.add("complete"); }
            });
            assertTrue(failed.await(10, TimeUnit.SECONDS));
            assertEquals(1, second.size(), second::toString);
            assertInstanceOf(IllegalArgumentException.class, second.get(0));
        }
    }

    @Test
    void theBlockingStreamYieldsEveryEvent() {
        try (SwitchboardClient client = Clients.wrap(ReplayChatCompletionClient.builder().stream(stream("1", "2", "3")).build());
             Stream<ChatStreamEvent> events = client.createStreamBlocking(REQUEST)) {
            List<ChatStreamEvent> all = events.collect(Collectors.toList());
            assertEquals(4, all.size());
            assertEquals("123", ((ChatStreamEvent.Completed) all.get(3)).getResult().getContent());
        }
    }

    @Test
    void theBlockingStreamHandlesMoreEventsThanItPrefetches() {
        String[] deltas = new String[83];
        for (int i = 0; i < deltas.length; i++) deltas[i] = Integer.toString(i % 10);
        try (SwitchboardClient client = Clients.wrap(ReplayChatCompletionClient.builder().stream(stream(deltas)).build());
             Stream<ChatStreamEvent> events = client.createStreamBlocking(REQUEST)) {
            assertEquals(deltas.length + 1, events.count());
        }
    }

    @Test
    void theBlockingStreamThrowsTheStreamsFailure() {
        ReplayChatCompletionClient replay = ReplayChatCompletionClient.builder().stream(stream("a"))
            .modelInfo(ModelInfo.builder().build()).build();
        try (SwitchboardClient client = Clients.wrap(replay);
             Stream<ChatStreamEvent> events = client.createStreamBlocking(CreateRequest.builder().user("x").jsonOutput().build())) {
            assertThrows(CapabilityMissingException.class, () -> events.forEach(e -> { }));
        }
    }

    @Test
    void structuredAnswersAreParsedIntoRecords() throws Exception {
        try (SwitchboardClient client = Clients.replay(List.of(
                text("{\"text\":\"Hi there\",\"words\":2}", 5, 4), text("{\"text\":\"Hey\",\"words\":1}", 5, 3)))) {
            StructuredResult<Greeting> blocking = client.createStructured(REQUEST, Greeting.class);
            assertEquals(new Greeting("Hi there", 2), blocking.value());
            assertEquals(RequestUsage.of(5, 4), blocking.result().getUsage());
            StructuredResult<Greeting> async = client.createStructuredAsync(REQUEST, Greeting.class).get(10, TimeUnit.SECONDS);
            assertEquals(new Greeting("Hey", 1), async.value());
        }
    }

    @Test
    void anAnswerThatIsNotTheRecordFailsWithAProtocolException() {
        try (SwitchboardClient client = Clients.replay(List.of(
                text("{\"text\":\"Hi\"}", 5, 2), text("Sure! Here it is: {", 5, 2)))) {
            ProtocolException missing = assertThrows(ProtocolException.class, () -> client.createStructured(REQUEST, Greeting.class));
            assertTrue(missing.getMessage().contains("is not a valid Greeting"), missing.getMessage());
            assertEquals("replay", missing.getProvider());
            ExecutionException notJson = assertThrows(ExecutionException.class,
                () -> client.createStructuredAsync(REQUEST, Greeting.class).get(10, TimeUnit.SECONDS));
            assertInstanceOf(ProtocolException.class, notJson.getCause());
        }
    }

    @Test
    void aStructuredCallNeedsAModelThatTakesSchemas() {
        ReplayChatCompletionClient replay = ReplayChatCompletionClient.builder().result(text("{}", 1, 1))
            .modelInfo(ModelInfo.builder().jsonOutput(true).build()).build();
        try (SwitchboardClient client = Clients.wrap(replay)) {
            CapabilityMissingException e = assertThrows(CapabilityMissingException.class,
                () -> client.createStructured(REQUEST, Greeting.class));
            assertEquals("structured_output", e.getCapability());
        }
    }

    @Test
    void closingTheClientClosesTheWrappedOneAndRefusesNewCalls() {
        ReplayChatCompletionClient replay = ReplayChatCompletionClient.of(List.of(text("a", 1, 1), text("b", 1, 1)));
        SwitchboardClient client = Clients.wrap(replay);
        try (client) {
            assertEquals("a", client.create(REQUEST).getContent());
        }
        assertThrows(IllegalStateException.class, () -> client.createAsync(REQUEST));
        assertThrows(IllegalStateException.class, () -> client.createStream(REQUEST));
        assertThrows(IllegalStateException.class, () -> client.createStructured(REQUEST, Greeting.class));
        client.close(); // idempotent
        try (SwitchboardClient again = Clients.wrap(replay)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> again.create(REQUEST));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void closingTheClientEndsRunningStreamsWithCancellation() {
        ReplayChatCompletionClient replay = ReplayChatCompletionClient.builder().stream(stream("a", "b", "c"))
            .eventDelay(Duration.ofSeconds(30)).build();
        SwitchboardClient client = Clients.wrap(replay);
        TestSubscriber<ChatStreamEvent> subscriber = new TestSubscriber<>(Long.MAX_VALUE);
        client.createStream(REQUEST).subscribe(subscriber);
        subscriber.subscription();
        long start = System.nanoTime();
        client.close();
        subscriber.awaitTerminal(WAIT);
        assertInstanceOf(CancellationException.class, subscriber.error());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        assertEquals(List.of(), subscriber.items());
        assertEquals(List.of(), subscriber.violations());
    }

    @Test
    void interruptingABlockingStreamCancelsItAndKeepsTheInterruptFlag() throws Exception {
        ReplayChatCompletionClient replay = ReplayChatCompletionClient.builder().stream(stream("a", "b"))
            .eventDelay(Duration.ofSeconds(30)).build();
        try (SwitchboardClient client = Clients.wrap(replay)) {
            Object[] outcome = new Object[2];
            Thread reader = new Thread(() -> {
                try (Stream<ChatStreamEvent> events = client.createStreamBlocking(REQUEST)) {
                    events.forEach(e -> { });
                } catch (CancellationException e) {
                    outcome[0] = e;
                    outcome[1] = Thread.currentThread().isInterrupted();
                }
            });
            reader.start();
            Thread.sleep(300);
            reader.interrupt();
            reader.join(5_000);
            assertFalse(reader.isAlive());
            assertInstanceOf(CancellationException.class, outcome[0]);
            assertEquals(Boolean.TRUE, outcome[1]);
        }
    }

    @Test
    void aSubscriberThatIsNullIsRefused() {
        try (SwitchboardClient client = Clients.wrap(ReplayChatCompletionClient.builder().stream(stream("a")).build())) {
            assertThrows(NullPointerException.class, () -> client.createStream(REQUEST).subscribe(null));
        }
    }
}

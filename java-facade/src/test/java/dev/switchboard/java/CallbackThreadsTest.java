package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.HttpOptions;
import dev.switchboard.openai.OpenAiConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which threads run the Java caller's code, and that code which blocks there holds up nobody else: futures complete
 * and subscribers and listeners are called on the callback executor, never on the HTTP engine's threads or the
 * coroutine scheduler the library needs. Against a loopback server over real HTTP, on however few cores CI has.
 */
class CallbackThreadsTest {
    private static final String KEY = "sk-loopback-0123456789abcdef";
    private static final CreateRequest REQUEST = CreateRequest.builder().user("Say hi").build();
    private static final List<String> ANSWER = List.of(
        LoopbackOpenAi.delta("Hello"), LoopbackOpenAi.delta(", "), LoopbackOpenAi.delta("world"),
        LoopbackOpenAi.finish(), LoopbackOpenAi.usage(9, 3));

    private LoopbackOpenAi server;
    private final List<SwitchboardClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackOpenAi();
        // A stream for requests that accept server-sent events, a JSON answer for the others.
        LoopbackOpenAi.Responder sse = LoopbackOpenAi.sse(ANSWER);
        LoopbackOpenAi.Responder json = LoopbackOpenAi.json(200, LoopbackOpenAi.completion("Hello, world"));
        server.respond(exchange -> (streaming(exchange) ? sse : json).respond(exchange));
    }

    @AfterEach
    void stop() {
        clients.forEach(SwitchboardClient::close);
        server.close();
    }

    private static boolean streaming(HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.contains("text/event-stream");
    }

    private SwitchboardClient client() {
        SwitchboardClient client = Clients.openAi("gpt-4o-mini", OpenAiConfig.builder()
            .apiKey(KEY)
            .baseUrl(server.baseUrl())
            .httpOptions(HttpOptions.builder().maxRetries(0).requestTimeout(Duration.ofSeconds(30)).build())
            .build());
        clients.add(client);
        return client;
    }

    private static String readAll(Stream<ChatStreamEvent> events) {
        try (events) {
            return events.filter(e -> e instanceof ChatStreamEvent.TextDelta)
                .map(e -> ((ChatStreamEvent.TextDelta) e).getText())
                .collect(Collectors.joining());
        }
    }

    private static boolean isLibraryThread(String name) {
        return name.contains("HttpClient") || name.contains("SelectorManager") || name.startsWith("DefaultDispatcher")
            || name.contains("switchboard-sender");
    }

    @Test
    void sixteenCallbacksThatBlockOnAStreamAllComplete() throws Exception {
        SwitchboardClient client = client();
        Set<String> callbackThreads = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(client.createAsync(REQUEST).thenApply(first -> {
                callbackThreads.add(Thread.currentThread().getName());
                // Blocks this callback's thread until a second call, a stream, has been read to its end.
                return first.getContent() + " / " + readAll(client.createStreamBlocking(REQUEST));
            }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (CompletableFuture<String> call : calls) assertEquals("Hello, world / Hello, world", call.join());
        for (String name : callbackThreads) {
            assertFalse(isLibraryThread(name), "a callback ran on the library's thread " + name);
        }
    }

    @Test
    void aSubscriberThatBlocksInOnNextDelaysNoOtherClientsStream() throws Exception {
        SwitchboardClient slow = client();
        SwitchboardClient other = client();
        long baseline = bestOf(3, () -> readAll(other.createStreamBlocking(REQUEST)));
        long baselineListener = bestOf(3, () -> other.createStream(REQUEST, new StreamListener() { }).join());

        CountDownLatch blocking = new CountDownLatch(2);
        List<CompletableFuture<Void>> slowStreams = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            slowStreams.add(done);
            slow.createStream(REQUEST).subscribe(new Unbounded() {
                @Override
                public void onNext(ChatStreamEvent event) {
                    blocking.countDown();
                    sleep(1_500);
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(error);
                }

                @Override
                public void onComplete() {
                    done.complete(null);
                }
            });
        }
        assertTrue(blocking.await(10, TimeUnit.SECONDS), "the slow subscribers never got an event");

        long during = bestOf(3, () -> readAll(other.createStreamBlocking(REQUEST)));
        long duringListener = bestOf(3, () -> other.createStream(REQUEST, new StreamListener() { }).join());
        assertTrue(during - baseline < TimeUnit.MILLISECONDS.toNanos(100),
            "another client's blocking stream took " + ms(during) + " ms while two subscribers blocked, "
                + ms(baseline) + " ms before");
        assertTrue(duringListener - baselineListener < TimeUnit.MILLISECONDS.toNanos(100),
            "another client's listener stream took " + ms(duringListener) + " ms while two subscribers blocked, "
                + ms(baselineListener) + " ms before");
        // Both slow streams were still in their subscribers' hands while the other client streamed.
        assertFalse(slowStreams.stream().allMatch(CompletableFuture::isDone), "the slow streams ended too early");
        CompletableFuture.allOf(slowStreams.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    @Test
    void futuresSubscribersAndListenersRunOnTheCallbackExecutorOfChoice() throws Exception {
        ExecutorService mine = Executors.newFixedThreadPool(2, r -> new Thread(r, "my-callbacks"));
        try {
            SwitchboardClient client = client().withCallbackExecutor(mine);
            // (kotlinx.coroutines' debug mode, on under -ea, appends the coroutine's name to a thread's name)
            assertTrue(client.createAsync(REQUEST).thenApply(r -> Thread.currentThread().getName())
                .get(10, TimeUnit.SECONDS).startsWith("my-callbacks"));

            CompletableFuture<String> onNextThread = new CompletableFuture<>();
            client.createStream(REQUEST).subscribe(new Unbounded() {
                @Override
                public void onNext(ChatStreamEvent event) {
                    onNextThread.complete(Thread.currentThread().getName());
                }
            });
            assertTrue(onNextThread.get(10, TimeUnit.SECONDS).startsWith("my-callbacks"));

            Set<String> listenerThreads = ConcurrentHashMap.newKeySet();
            CreateResult streamed = client.createStream(REQUEST, new StreamListener() {
                @Override
                public void onEvent(ChatStreamEvent event) {
                    listenerThreads.add(Thread.currentThread().getName());
                }
            }).thenApply(r -> {
                listenerThreads.add(Thread.currentThread().getName());
                return r;
            }).get(10, TimeUnit.SECONDS);
            assertEquals("Hello, world", streamed.getContent());
            assertFalse(listenerThreads.isEmpty());
            for (String name : listenerThreads) assertTrue(name.startsWith("my-callbacks"), name);
        } finally {
            mine.shutdownNow();
        }
    }

    @Test
    void byDefaultUserCodeRunsOnTheLibrarysCallbackThreads() throws Exception {
        SwitchboardClient client = client();
        String thread = client.createAsync(REQUEST).thenApply(r -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
        assertTrue(thread.startsWith("switchboard-callback-"), thread);
        Set<String> listenerThreads = Collections.synchronizedSet(new java.util.HashSet<>());
        client.createStream(REQUEST, new StreamListener() {
            @Override
            public void onText(String text) {
                listenerThreads.add(Thread.currentThread().getName());
            }
        }).get(10, TimeUnit.SECONDS);
        assertFalse(listenerThreads.isEmpty());
        for (String name : listenerThreads) assertTrue(name.startsWith("switchboard-callback-"), name);
    }

    @Test
    void aClientWithAnotherExecutorSharesTheLifecycle() {
        SwitchboardClient client = client();
        SwitchboardClient view = client.withCallbackExecutor(Runnable::run);
        view.close();
        assertThrows(IllegalStateException.class, () -> client.createAsync(REQUEST));
        assertThrows(IllegalStateException.class, () -> client.withCallbackExecutor(Runnable::run));
    }

    @Test
    void theListenerGetsTheTextInOrderAndTheFutureTheWholeResult() throws Exception {
        SwitchboardClient client = client();
        StringBuilder text = new StringBuilder();
        List<ChatStreamEvent> events = Collections.synchronizedList(new ArrayList<>());
        CreateResult result = client.createStream(REQUEST, new StreamListener() {
            @Override
            public void onText(String piece) {
                text.append(piece);
            }

            @Override
            public void onEvent(ChatStreamEvent event) {
                events.add(event);
            }
        }).get(10, TimeUnit.SECONDS);
        assertEquals("Hello, world", text.toString());
        assertEquals("Hello, world", result.getContent());
        assertEquals(9, result.getUsage().getPromptTokens());
        assertEquals(3, result.getUsage().getCompletionTokens());
        assertInstanceOf(ChatStreamEvent.Completed.class, events.get(events.size() - 1));
        assertSame(result, ((ChatStreamEvent.Completed) events.get(events.size() - 1)).getResult());
    }

    @Test
    void aListenerThatThrowsFailsTheFutureAndClosesTheConnection() throws Exception {
        LoopbackOpenAi.Hang hang = new LoopbackOpenAi.Hang(true, List.of(LoopbackOpenAi.delta("Hel")));
        server.respond(hang);
        IllegalStateException boom = new IllegalStateException("listener bug");
        CompletableFuture<CreateResult> future = client().createStream(REQUEST, new StreamListener() {
            @Override
            public void onText(String text) {
                throw boom;
            }
        });
        ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        // The listener's exception, or (with kotlinx.coroutines' stack-trace recovery under -ea) a copy of it
        Throwable cause = failed.getCause();
        assertTrue(cause == boom || cause.getCause() == boom, String.valueOf(cause));
        assertEquals(boom.getMessage(), cause.getMessage());
        hang.closedWithin(System.nanoTime(), Duration.ofSeconds(5));
    }

    @Test
    void cancellingTheListenersFutureClosesTheConnection() throws Exception {
        LoopbackOpenAi.Hang hang = new LoopbackOpenAi.Hang(true, List.of(LoopbackOpenAi.delta("Hel")));
        server.respond(hang);
        CountDownLatch first = new CountDownLatch(1);
        CompletableFuture<CreateResult> future = client().createStream(REQUEST, new StreamListener() {
            @Override
            public void onText(String text) {
                first.countDown();
            }
        });
        assertTrue(first.await(10, TimeUnit.SECONDS));
        hang.assertOpen();
        long cancelledAt = System.nanoTime();
        assertTrue(future.cancel(true));
        hang.closedWithin(cancelledAt, Duration.ofSeconds(5));
        assertThrows(CancellationException.class, future::join);
    }

    @Test
    void closingTheClientEndsAListenersStreamAndABlockingStreamWaitingForEvents() throws Exception {
        LoopbackOpenAi.Hang hang = new LoopbackOpenAi.Hang(true, List.of(LoopbackOpenAi.delta("Hel")));
        server.respond(hang);
        SwitchboardClient client = client();
        CompletableFuture<CreateResult> listened = client.createStream(REQUEST, new StreamListener() { });
        CompletableFuture<Throwable> blockingFailure = CompletableFuture.supplyAsync(() -> {
            try {
                readAll(client.createStreamBlocking(REQUEST));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        hang.awaitStarted();
        Thread.sleep(200);
        client.close();
        assertThrows(CancellationException.class, () -> listened.get(10, TimeUnit.SECONDS));
        assertInstanceOf(CancellationException.class, blockingFailure.get(10, TimeUnit.SECONDS));
    }

    /** A subscriber that requests everything at once; override what a test watches. */
    private abstract static class Unbounded implements Flow.Subscriber<ChatStreamEvent> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onError(Throwable error) {
        }

        @Override
        public void onComplete() {
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    /** The shortest of {@code n} runs of {@code action}, in nanoseconds. */
    private static long bestOf(int n, Action action) throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            action.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.HttpOptions;
import dev.switchboard.faults.FaultServer;
import dev.switchboard.faults.Scripts;
import dev.switchboard.openai.OpenAiConfig;
import dev.switchboard.spi.EngineProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Cancellation at scale through every Java API shape, per exchanger: 2,000 streams cancelled mid-way with
 * {@code Flow.Subscription.cancel}, 2,000 with {@code org.reactivestreams.Subscription.cancel}, and 2,000
 * calls cancelled with {@code CompletableFuture.cancel} while the server stalls. Each time every connection
 * must close on the server side within a bound, no stream may stay registered with the client, and no thread
 * may remain beyond the shared pools. Then a slow subscriber against a server that writes as fast as it can:
 * what the server gets to write must stop growing, or the client would be buffering without bound.
 */
abstract class CancellationAtScaleSuite {
    /** The engine the client sends through; null for the one the facade ships and discovers (the JDK exchanger). */
    protected abstract EngineProvider engine();

    /** Whether {@code name} is a thread of the engine's own pool (reclaimed when idle), beside the library's shared pools. */
    protected boolean isEngineWorker(String name) {
        return false;
    }

    /** How many streams (and calls) each test opens at once. */
    protected int streams() {
        return 2_000;
    }

    /** How many threads of the engine's own pool ({@link #isEngineWorker}) may remain after the streams are gone. */
    protected int engineWorkerBudget() {
        return 0;
    }

    private static final long CLOSE_BOUND_MS = 10_000;
    private static final int SHARED_WORKERS = 128;
    private static final CreateRequest REQUEST = CreateRequest.builder().user("Count slowly").build();
    private static final String TICK = "data: " + LoopbackOpenAi.delta("tick ") + "\n\n";
    private static final List<String> OPENING = List.of("data: " + LoopbackOpenAi.delta("") + "\n\n");

    private FaultServer server;
    private SwitchboardClient client;
    private Map<Long, String> threadsBefore;

    @BeforeEach
    void start() {
        server = new FaultServer();
        threadsBefore = threads();
        client = Clients.openAi("gpt-4o-mini", OpenAiConfig.builder()
            .apiKey("sk-" + "scale-test-key")
            .baseUrl(server.getBaseUrl() + "/v1")
            // A slow start under load is not what these tests measure.
            .httpOptions(HttpOptions.builder().engine(engine()).maxRetries(0).connectTimeout(Duration.ofSeconds(30)).requestTimeout(Duration.ofSeconds(60)).build())
            .build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void flowSubscriptionsCancelledMidStreamCloseEveryConnection() throws Exception {
        server.answer(Scripts.endlessSse(OPENING, TICK, 100));
        ConcurrentLinkedQueue<Throwable> signalled = new ConcurrentLinkedQueue<>();
        CountDownLatch cancelled = new CountDownLatch(streams());
        long start = System.nanoTime();
        for (int i = 0; i < streams(); i++) {
            client.createStream(REQUEST).subscribe(new Flow.Subscriber<>() {
                private Flow.Subscription subscription;
                private int seen;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ChatStreamEvent event) {
                    if (++seen == 2) {
                        subscription.cancel();
                        cancelled.countDown();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    signalled.add(t);
                }

                @Override
                public void onComplete() {
                    signalled.add(new AssertionError("an endless stream completed"));
                }
            });
        }
        assertTrue(cancelled.await(60, TimeUnit.SECONDS), "not every stream delivered two events: " + server);
        assertClosed("Flow.Subscription.cancel", start);
        assertTrue(signalled.isEmpty(), "signals after or instead of cancel: " + signalled.stream().limit(3).collect(Collectors.toList()));
    }

    @Test
    void reactiveStreamsSubscriptionsCancelledMidStreamCloseEveryConnection() throws Exception {
        server.answer(Scripts.endlessSse(OPENING, TICK, 100));
        ConcurrentLinkedQueue<Throwable> signalled = new ConcurrentLinkedQueue<>();
        CountDownLatch cancelled = new CountDownLatch(streams());
        long start = System.nanoTime();
        for (int i = 0; i < streams(); i++) {
            Publisher<ChatStreamEvent> publisher = client.createStreamReactive(REQUEST);
            publisher.subscribe(new Subscriber<>() {
                private Subscription subscription;
                private int seen;

                @Override
                public void onSubscribe(Subscription s) {
                    subscription = s;
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ChatStreamEvent event) {
                    if (++seen == 2) {
                        subscription.cancel();
                        cancelled.countDown();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    signalled.add(t);
                }

                @Override
                public void onComplete() {
                    signalled.add(new AssertionError("an endless stream completed"));
                }
            });
        }
        assertTrue(cancelled.await(60, TimeUnit.SECONDS), "not every stream delivered two events: " + server);
        assertClosed("org.reactivestreams.Subscription.cancel", start);
        assertTrue(signalled.isEmpty(), "signals after or instead of cancel: " + signalled.stream().limit(3).collect(Collectors.toList()));
    }

    @Test
    void futuresCancelledWhileTheServerStallsCloseEveryConnection() throws Exception {
        server.answer(Scripts.stallBeforeHeaders());
        List<CompletableFuture<CreateResult>> futures = new ArrayList<>(streams());
        long start = System.nanoTime();
        for (int i = 0; i < streams(); i++) futures.add(client.createAsync(REQUEST));
        assertEquals(streams(), server.awaitAttempts(streams(), 60_000), "not every call reached the server: " + server);
        for (CompletableFuture<CreateResult> f : futures) assertTrue(f.cancel(true));
        assertTrue(futures.stream().allMatch(CompletableFuture::isCancelled));
        assertClosed("CompletableFuture.cancel", start);
    }

    @Test
    void aSlowSubscriberKeepsWhatIsBufferedBounded() throws Exception {
        // The server writes as fast as the connection takes it; the subscriber takes one event every 50 ms.
        server.answer(Scripts.endlessSse(OPENING, TICK, 0));
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        AtomicInteger received = new AtomicInteger();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        client.createStream(REQUEST).subscribe(subscriber(subscription::set, received, failed));
        // 4.5 s: the kernel's socket buffers on loopback grow once (autotuning) while the first few MB arrive, which
        // lets the server write a few MB more at some point in the first seconds without the client reading anything.
        long[] written = new long[9];
        for (int i = 0; i < written.length; i++) {
            for (int j = 0; j < 10; j++) {
                Thread.sleep(50);
                subscription.get().request(1);
            }
            written[i] = server.getBytesWritten();
        }
        long heapUsed = usedHeapAfterGc();
        subscription.get().cancel();
        long growth = written[written.length - 1] - written[written.length - 4];
        System.out.printf("FAULTS java: slow subscriber (request(1) every 50 ms): %d events in 4.5 s; the server could write %s "
                + "(%d bytes more in the last 1.5 s); heap in use %d MiB%n",
            received.get(), java.util.Arrays.toString(written), growth, heapUsed >> 20);
        assertEquals(null, failed.get());
        assertTrue(received.get() >= 80 && received.get() <= 92, "events received: " + received.get());
        // Whatever the client holds is what the server could write: once the buffers between are full it must stop.
        assertTrue(written[written.length - 1] < 32L << 20, "the server wrote " + written[written.length - 1] + " bytes");
        assertTrue(growth < 1L << 20, "the server kept writing while the subscriber was slow: +" + growth + " bytes");
        assertEquals(0, server.awaitNoneOpen(CLOSE_BOUND_MS), "connection left open after cancel: " + server);
    }

    private static Flow.Subscriber<ChatStreamEvent> subscriber(
        Consumer<Flow.Subscription> onSubscribe, AtomicInteger received, AtomicReference<Throwable> failed
    ) {
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                onSubscribe.accept(s);
            }

            @Override
            public void onNext(ChatStreamEvent event) {
                received.incrementAndGet();
            }

            @Override
            public void onError(Throwable t) {
                failed.set(t);
            }

            @Override
            public void onComplete() {
                failed.set(new AssertionError("an endless stream completed"));
            }
        };
    }

    /** Every connection closed on the server side within the bound, no stream still registered, no thread left. */
    private void assertClosed(String how, long start) throws InterruptedException {
        int open = server.awaitNoneOpen(CLOSE_BOUND_MS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("FAULTS java: %d cancelled with %s, %d connections, %d left open, %d ms%n",
            streams(), how, server.getConnections(), open, ms);
        assertEquals(0, open, "connections still open after " + how + ": " + server);
        assertEquals(streams(), server.getConnections());
        client.close();
        assertThreadsGone(how);
    }

    /**
     * Beyond the shared pools' workers (Dispatchers.Default and IO, and the facade's callback pool, whose idle workers
     * are reclaimed after a minute; never one per stream: at most {@link #SHARED_WORKERS}), at most a few new threads.
     */
    private void assertThreadsGone(String how) throws InterruptedException {
        List<String> other = List.of();
        long workers = 0;
        long engineWorkers = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            System.gc();
            List<String> extra = threads().entrySet().stream()
                .filter(e -> !threadsBefore.containsKey(e.getKey())).map(Map.Entry::getValue).sorted().collect(Collectors.toList());
            workers = extra.stream().filter(this::isSharedWorker).count();
            engineWorkers = extra.stream().filter(this::isEngineWorker).count();
            other = extra.stream().filter(n -> !isSharedWorker(n) && !isEngineWorker(n)).collect(Collectors.toList());
            if (other.size() <= 8) break;
            Thread.sleep(200);
        }
        System.out.printf("FAULTS java (" + getClass().getSimpleName() + "): after %s: %d shared pool workers, %d engine workers, "
            + "other new threads %s%n", how, workers, engineWorkers, other);
        assertTrue(other.size() <= 8, "threads left after " + how + ": " + other);
        assertTrue(workers <= SHARED_WORKERS, "shared pool workers: " + workers);
        assertTrue(engineWorkers <= engineWorkerBudget(), "engine workers: " + engineWorkers);
    }

    /** A thread of a pool shared by every client (coroutine workers, the facade's callback pool), never one per stream. */
    private boolean isSharedWorker(String name) {
        return name.startsWith("DefaultDispatcher-worker") || name.startsWith("switchboard-callback-");
    }

    private static Map<Long, String> threads() {
        Map<Long, String> out = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !t.getName().startsWith("fault-server")) out.put(t.getId(), t.getName());
        }
        return out;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}

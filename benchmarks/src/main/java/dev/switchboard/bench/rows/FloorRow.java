package dev.switchboard.bench.rows;

import dev.switchboard.bench.Row;
import dev.switchboard.bench.Tally;
import dev.switchboard.bench.Tracker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor: the JDK HttpClient (HTTP/1.1) sending the same request bytes and reading every byte of the same
 * answers, then discarding them. No JSON is read, no event is made: what is left is the cost of HTTP itself.
 *
 * It takes the cheapest way the JDK client offers: blocking {@code send} for calls one at a time, and one thread
 * per call for calls in flight together (measured cheaper than {@code sendAsync}, whose future the JDK completes
 * on a new thread per call on a machine with one or two processors); streams discard the body buffers as they
 * arrive. Variant {@code async} uses {@code sendAsync} for all calls instead.
 */
public final class FloorRow implements Row {
    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final HttpRequest plain;
    private final HttpRequest streaming;
    /** Whether every call uses {@code sendAsync} (variant {@code async}). */
    private final boolean async;

    /** A floor client of the server at {@code baseUrl}; {@code variant} is unused. */
    public FloorRow(String baseUrl, String variant) {
        URI uri = URI.create(baseUrl + "/v1/chat/completions");
        plain = request(uri, BODY + "}");
        streaming = request(uri, BODY + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        async = variant.equals("async");
    }

    private static HttpRequest request(URI uri, String body) {
        return HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + "sk-" + "bench")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    @Override
    public boolean countsBytes() {
        return true;
    }

    @Override
    public long stream(int count) throws Exception {
        long total = 0;
        for (int i = 0; i < count; i++) {
            Discard discard = new Discard(null);
            HttpResponse<Void> response = client.send(streaming, info -> HttpResponse.BodySubscribers.fromSubscriber(discard));
            check(response);
            total += discard.tally.done.get();
        }
        return total;
    }

    @Override
    public long create(int count, int inFlight) throws Exception {
        AtomicLong total = new AtomicLong();
        if (inFlight == 1 && !async) {
            for (int i = 0; i < count; i++) {
                total.addAndGet(call());
            }
            return total.get();
        }
        if (!async) {
            ExecutorService pool = Executors.newFixedThreadPool(inFlight);
            try {
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < inFlight; w++) {
                    workers.add(pool.submit(() -> {
                        while (next.getAndIncrement() < count) total.addAndGet(call());
                        return null;
                    }));
                }
                for (Future<?> f : workers) f.get();
            } finally {
                pool.shutdown();
            }
            return total.get();
        }
        return Row.inFlight(count, inFlight, () -> {
            Discard discard = new Discard(null);
            return client.sendAsync(plain, info -> HttpResponse.BodySubscribers.fromSubscriber(discard))
                    .thenCompose(r -> {
                        check(r);
                        return discard.tally.done;
                    });
        });
    }

    /**
     * One blocking call. Under many threads the JDK 17 client now and then fails a call on a pooled connection with
     * "HTTP/1.1 header parser received no bytes" ("connection closed locally"); such a call is sent once more, as
     * the library's transport retries connection failures.
     */
    private long call() throws Exception {
        for (int attempt = 0; ; attempt++) {
            Discard discard = new Discard(null);
            try {
                check(client.send(plain, info -> HttpResponse.BodySubscribers.fromSubscriber(discard)));
                return discard.tally.done.get();
            } catch (java.io.IOException e) {
                if (attempt > 0) throw e;
            }
        }
    }

    @Override
    public void openStreams(int count, Tracker tracker) {
        for (int i = 0; i < count; i++) {
            Discard discard = new Discard(tracker);
            client.sendAsync(streaming, info -> HttpResponse.BodySubscribers.fromSubscriber(discard))
                    .whenComplete((r, e) -> {
                        if (e != null) discard.tally.fail(e);
                    });
        }
    }

    private static void check(HttpResponse<?> response) {
        if (response.statusCode() != 200) throw new IllegalStateException("HTTP " + response.statusCode());
    }

    @Override
    public void close() {
        // the JDK 17 client has no close; its threads are daemons
    }

    /** Counts the bytes of a body and drops them. */
    private static final class Discard implements Flow.Subscriber<List<ByteBuffer>> {
        final Tally tally;

        Discard(Tracker tracker) {
            tally = new Tally(tracker);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            long bytes = 0;
            for (int i = 0; i < item.size(); i++) {
                ByteBuffer b = item.get(i);
                bytes += b.remaining();
                b.position(b.limit());
            }
            tally.add(bytes);
        }

        @Override
        public void onError(Throwable throwable) {
            tally.fail(throwable);
        }

        @Override
        public void onComplete() {
            tally.complete();
        }
    }
}

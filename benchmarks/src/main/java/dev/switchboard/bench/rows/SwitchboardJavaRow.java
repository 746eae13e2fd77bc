package dev.switchboard.bench.rows;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.HttpOptions;
import dev.switchboard.bench.Row;
import dev.switchboard.bench.Tally;
import dev.switchboard.bench.Tracker;
import dev.switchboard.java.Clients;
import dev.switchboard.java.StreamListener;
import dev.switchboard.java.SwitchboardClient;
import dev.switchboard.openai.OpenAiConfig;
import dev.switchboard.spi.EngineProvider;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/**
 * This library's Java facade: blocking {@code create}, {@code createAsync} futures, and streams in the shape the
 * variant names ({@code <engine>} or {@code <engine>/<shape>}): {@code publisher} ({@code createStream}'s
 * {@code Flow.Publisher}, the default), {@code blocking} ({@code createStreamBlocking}'s {@code Stream}) or
 * {@code listener} ({@code createStream} with a {@code StreamListener}), {@code reactive}
 * ({@code createStreamReactive}'s Reactive Streams {@code Publisher}); {@code future} takes calls one at a time as
 * {@code createAsync(request).get()} instead of the blocking {@code create}.
 */
public final class SwitchboardJavaRow implements Row {
    private final SwitchboardClient client;
    private final String shape;
    private final CreateRequest request = CreateRequest.builder().user("Say hello").build();

    /** A facade client of the server at {@code baseUrl} over the engine (and stream shape) {@code variant} names. */
    public SwitchboardJavaRow(String baseUrl, String variant) throws ReflectiveOperationException {
        String[] parts = variant.split("/", 2);
        shape = parts.length == 2 ? parts[1] : "publisher";
        if (!List.of("publisher", "blocking", "listener", "reactive", "future").contains(shape)) {
            throw new IllegalArgumentException("unknown stream shape '" + shape + "'");
        }
        client = Clients.openAi("gpt-4o-mini", OpenAiConfig.builder()
                .baseUrl(baseUrl + "/v1")
                .apiKey("sk-" + "bench")
                .httpOptions(HttpOptions.builder().engine(engine(parts[0])).build())
                .build());
    }

    static EngineProvider engine(String name) throws ReflectiveOperationException {
        String className;
        switch (name) {
            case "java": className = "dev.switchboard.engine.java.JavaEngineProvider"; break;
            case "okhttp": className = "dev.switchboard.engine.okhttp.OkHttpEngineProvider"; break;
            case "apache5": className = "dev.switchboard.engine.apache5.Apache5EngineProvider"; break;
            case "cio": className = "dev.switchboard.engine.cio.CioEngineProvider"; break;
            case "memory": className = "dev.switchboard.bench.rows.MemoryEngine"; break;
            default: throw new IllegalArgumentException("unknown engine '" + name + "'");
        }
        return (EngineProvider) Class.forName(className).getField("INSTANCE").get(null);
    }

    @Override
    public long stream(int count) throws Exception {
        long chars = 0;
        for (int i = 0; i < count; i++) {
            switch (shape) {
                case "blocking":
                    try (Stream<ChatStreamEvent> events = client.createStreamBlocking(request)) {
                        Iterator<ChatStreamEvent> it = events.iterator();
                        while (it.hasNext()) {
                            ChatStreamEvent event = it.next();
                            if (event instanceof ChatStreamEvent.TextDelta) chars += ((ChatStreamEvent.TextDelta) event).getText().length();
                        }
                    }
                    break;
                case "listener":
                    Listener listener = new Listener(null);
                    client.createStream(request, listener).get();
                    chars += listener.tally.done.get();
                    break;
                case "reactive":
                    ReactiveCounter reactive = new ReactiveCounter();
                    client.createStreamReactive(request).subscribe(reactive);
                    chars += reactive.tally.done.get();
                    break;
                default:
                    Counter counter = new Counter(null);
                    client.createStream(request).subscribe(counter);
                    chars += counter.tally.done.get();
            }
        }
        return chars;
    }

    @Override
    public long create(int count, int inFlight) throws Exception {
        if (inFlight == 1) {
            long chars = 0;
            if (shape.equals("future")) {
                for (int i = 0; i < count; i++) chars += client.createAsync(request).get().getContent().length();
            } else {
                for (int i = 0; i < count; i++) chars += client.create(request).getContent().length();
            }
            return chars;
        }
        return Row.inFlight(count, inFlight, () -> client.createAsync(request).thenApply(r -> (long) r.getContent().length()));
    }

    @Override
    public void openStreams(int count, Tracker tracker) {
        for (int i = 0; i < count; i++) {
            if (shape.equals("listener")) {
                Listener listener = new Listener(tracker);
                client.createStream(request, listener).whenComplete((result, error) -> {
                    if (error != null) listener.tally.fail(error);
                });
            } else {
                // the blocking shape holds a thread per stream by design: held streams are measured with the publisher
                client.createStream(request).subscribe(new Counter(tracker));
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** Adds up the text of a stream, as a listener. */
    private static final class Listener implements StreamListener {
        final Tally tally;

        Listener(Tracker tracker) {
            tally = new Tally(tracker);
        }

        @Override
        public void onText(String text) {
            tally.add(text.length());
        }

        @Override
        public void onEvent(ChatStreamEvent event) {
            if (event instanceof ChatStreamEvent.Completed) tally.complete();
        }
    }

    /** Adds up the text of a stream, as a Reactive Streams subscriber (requesting all, as Reactor's blockLast does). */
    private static final class ReactiveCounter implements org.reactivestreams.Subscriber<ChatStreamEvent> {
        final Tally tally = new Tally(null);

        @Override
        public void onSubscribe(org.reactivestreams.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ChatStreamEvent event) {
            if (event instanceof ChatStreamEvent.TextDelta) tally.add(((ChatStreamEvent.TextDelta) event).getText().length());
        }

        @Override
        public void onError(Throwable error) {
            tally.fail(error);
        }

        @Override
        public void onComplete() {
            tally.complete();
        }
    }

    /** Adds up the text of a stream. */
    private static final class Counter implements Flow.Subscriber<ChatStreamEvent> {
        final Tally tally;

        Counter(Tracker tracker) {
            tally = new Tally(tracker);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ChatStreamEvent event) {
            if (event instanceof ChatStreamEvent.TextDelta) tally.add(((ChatStreamEvent.TextDelta) event).getText().length());
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

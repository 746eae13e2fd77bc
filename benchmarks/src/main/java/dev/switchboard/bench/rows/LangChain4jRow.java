package dev.switchboard.bench.rows;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.switchboard.bench.Row;
import dev.switchboard.bench.Tally;
import dev.switchboard.bench.Tracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * LangChain4j's OpenAI models ({@code dev.langchain4j:langchain4j-open-ai}) as its documentation shows them:
 * {@code OpenAiChatModel.chat} (blocking; calls in flight together run on a pool of that many threads) and
 * {@code OpenAiStreamingChatModel.chat} with a handler. Its streaming call does not return before the stream
 * ends, so many streams are started from a cached thread pool.
 */
public final class LangChain4jRow implements Row {
    private final OpenAiChatModel model;
    private final OpenAiStreamingChatModel streaming;
    private final ChatRequest request = ChatRequest.builder().messages(UserMessage.from("Say hello")).build();
    private final ExecutorService starters = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lc4j-caller");
        t.setDaemon(true);
        return t;
    });

    /** Models of the server at {@code baseUrl}; {@code variant} is unused. */
    public LangChain4jRow(String baseUrl, String variant) {
        model = OpenAiChatModel.builder().baseUrl(baseUrl + "/v1").apiKey("sk-" + "bench").modelName("gpt-4o-mini").build();
        streaming = OpenAiStreamingChatModel.builder().baseUrl(baseUrl + "/v1").apiKey("sk-" + "bench").modelName("gpt-4o-mini")
                .timeout(Duration.ofMinutes(10)).build();
    }

    @Override
    public long stream(int count) throws Exception {
        long chars = 0;
        for (int i = 0; i < count; i++) {
            Counter counter = new Counter(null);
            streaming.chat(request, counter);
            chars += counter.tally.done.get();
        }
        return chars;
    }

    @Override
    public long create(int count, int inFlight) throws Exception {
        if (inFlight == 1) {
            long chars = 0;
            for (int i = 0; i < count; i++) chars += model.chat(request).aiMessage().text().length();
            return chars;
        }
        ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        try {
            AtomicInteger next = new AtomicInteger();
            AtomicLong chars = new AtomicLong();
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < inFlight; w++) {
                workers.add(pool.submit(() -> {
                    while (next.getAndIncrement() < count) chars.addAndGet(model.chat(request).aiMessage().text().length());
                    return null;
                }));
            }
            for (Future<?> f : workers) f.get();
            return chars.get();
        } finally {
            pool.shutdown();
        }
    }

    @Override
    public void openStreams(int count, Tracker tracker) {
        for (int i = 0; i < count; i++) {
            Counter counter = new Counter(tracker);
            starters.execute(() -> {
                try {
                    streaming.chat(request, counter);
                } catch (RuntimeException e) {
                    counter.tally.fail(e);
                }
            });
        }
    }

    @Override
    public void close() {
        starters.shutdownNow();
    }

    /** Adds up the text of a stream. */
    private static final class Counter implements StreamingChatResponseHandler {
        final Tally tally;

        Counter(Tracker tracker) {
            tally = new Tally(tracker);
        }

        @Override
        public void onPartialResponse(String partial) {
            tally.add(partial.length());
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            tally.complete();
        }

        @Override
        public void onError(Throwable error) {
            tally.fail(error);
        }
    }
}

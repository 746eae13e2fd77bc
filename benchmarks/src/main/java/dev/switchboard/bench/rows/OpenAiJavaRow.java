package dev.switchboard.bench.rows;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.bench.Row;
import dev.switchboard.bench.Tracker;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The official OpenAI Java SDK ({@code com.openai:openai-java}) as its README shows it: the blocking client for
 * one call at a time, the async client for calls in flight together and for many streams.
 */
public final class OpenAiJavaRow implements Row {
    private final OpenAIClient client;
    private final OpenAIClientAsync async;
    private final ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
            .model("gpt-4o-mini")
            .addUserMessage("Say hello")
            .build();

    /** Clients of the server at {@code baseUrl}; {@code variant} is unused. */
    public OpenAiJavaRow(String baseUrl, String variant) {
        client = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey("sk-" + "bench").build();
        async = OpenAIOkHttpClientAsync.builder().baseUrl(baseUrl + "/v1").apiKey("sk-" + "bench").build();
    }

    @Override
    public long stream(int count) {
        long chars = 0;
        for (int i = 0; i < count; i++) {
            try (StreamResponse<ChatCompletionChunk> response = client.chat().completions().createStreaming(params)) {
                chars += response.stream().mapToLong(OpenAiJavaRow::textLength).sum();
            }
        }
        return chars;
    }

    private static long textLength(ChatCompletionChunk chunk) {
        long n = 0;
        for (ChatCompletionChunk.Choice choice : chunk.choices()) n += choice.delta().content().map(String::length).orElse(0);
        return n;
    }

    @Override
    public long create(int count, int inFlight) throws Exception {
        if (inFlight == 1) {
            long chars = 0;
            for (int i = 0; i < count; i++) chars += client.chat().completions().create(params).choices().get(0).message().content().orElse("").length();
            return chars;
        }
        return Row.inFlight(count, inFlight,
                () -> async.chat().completions().create(params).thenApply(r -> (long) r.choices().get(0).message().content().orElse("").length()));
    }

    @Override
    public void openStreams(int count, Tracker tracker) {
        for (int i = 0; i < count; i++) {
            AtomicLong chars = new AtomicLong();
            boolean[] opened = {false};
            async.chat().completions().createStreaming(params).subscribe(new AsyncStreamResponse.Handler<ChatCompletionChunk>() {
                @Override
                public void onNext(ChatCompletionChunk chunk) {
                    if (!opened[0]) {
                        opened[0] = true;
                        tracker.first();
                    }
                    chars.addAndGet(textLength(chunk));
                }

                @Override
                public void onComplete(Optional<Throwable> error) {
                    tracker.done(opened[0], chars.get(), error.orElse(null));
                }
            });
        }
    }

    @Override
    public void close() {
        client.close();
        async.close();
    }
}

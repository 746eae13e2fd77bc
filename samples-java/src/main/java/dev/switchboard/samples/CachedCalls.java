package dev.switchboard.samples;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.cache.ChatCompletionCache;
import dev.switchboard.cache.DiskCacheStore;
import dev.switchboard.java.SwitchboardClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A response cache on disk: the first stream comes from the model, the second is replayed from the cache event by
 * event (offline, the recording holds one answer, so the second could come from nowhere else), and a {@code create}
 * of the same request is answered by the stored stream. Pass a file to keep the cache between runs; run it twice
 * and even the first call is a hit.
 */
public final class CachedCalls {
    private CachedCalls() {
    }

    /** Runs the sample; {@code args[0]}, when given, is the cache file. */
    public static void main(String[] args) throws IOException {
        Path file = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("switchboard-cache").resolve("answers.mv");
        try (DiskCacheStore store = DiskCacheStore.open(file);
             SwitchboardClient client = SampleClients.open("replay/streaming.jsonl")
                 .cached(ChatCompletionCache.builder(store).ttl(Duration.ofDays(1)).build())) {
            CreateRequest request = CreateRequest.builder().user("Write a haiku about streaming tokens.").build();
            System.out.println("Cache: " + store);
            stream(client, request, "First stream");
            stream(client, request, "Second stream");
            CreateResult created = client.create(request);
            System.out.println("create() of the same request: cached=" + created.isCached() + ", "
                    + created.getContent().length() + " characters");
            System.out.println("Tokens spent: " + client.getActualUsage().getTotalTokens()
                    + ", tokens answered: " + client.getTotalUsage().getTotalTokens());
        }
    }

    private static void stream(SwitchboardClient client, CreateRequest request, String title) {
        List<ChatStreamEvent> events;
        try (var stream = client.createStreamBlocking(request)) {
            events = stream.collect(Collectors.toList());
        }
        ChatStreamEvent.Completed done = (ChatStreamEvent.Completed) events.get(events.size() - 1);
        long deltas = events.stream().filter(e -> e instanceof ChatStreamEvent.TextDelta).count();
        System.out.println(title + ": " + deltas + " text events, then Completed (cached=" + done.getResult().isCached() + ")");
    }
}

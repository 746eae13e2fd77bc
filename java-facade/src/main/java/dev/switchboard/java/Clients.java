package dev.switchboard.java;

import dev.switchboard.ChatCompletionClient;
import dev.switchboard.CreateResult;
import dev.switchboard.replay.ReplayChatCompletionClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Creates {@link SwitchboardClient}s: one factory per provider, replay clients for tests and offline demos,
 * and {@link #wrap} for any other {@link ChatCompletionClient} (a wrapper such as a cache or a router, or a
 * client built in Kotlin).
 */
public final class Clients {
    private Clients() {
    }

    /** A Java client over {@code client}. Closing the returned client closes {@code client}. */
    public static SwitchboardClient wrap(ChatCompletionClient client) {
        Objects.requireNonNull(client, "client");
        return new SwitchboardClient(client, client.getClass().getSimpleName());
    }

    /**
     * A client that answers each call, {@code create} or stream, with the next of {@code results}, in order;
     * see {@link ReplayChatCompletionClient} (and its builder for streams, delays and capabilities).
     *
     * @throws IllegalArgumentException when {@code results} is empty.
     */
    public static SwitchboardClient replay(List<CreateResult> results) {
        return new SwitchboardClient(ReplayChatCompletionClient.of(List.copyOf(results)), "replay");
    }

    /**
     * A client that replays the recordings of the file at {@code path}, as written by a
     * {@code RecordingChatCompletionClient}.
     *
     * @throws IOException when the file cannot be read.
     * @throws IllegalArgumentException when it holds no recording, or a line is not one.
     */
    public static SwitchboardClient replayFromFile(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        try {
            return new SwitchboardClient(ReplayChatCompletionClient.fromFile(path), "replay");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // Kotlin declares no checked exception, but the read throws IOException
            if (e instanceof IOException) throw (IOException) e;
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client that replays the recordings of the classpath resource {@code name}, such as a sample shipped
     * in a jar.
     *
     * @throws IllegalArgumentException when there is no such resource, it holds no recording, or a line is
     *     not one.
     */
    public static SwitchboardClient replayFromResource(String name) {
        return new SwitchboardClient(ReplayChatCompletionClient.fromResource(Objects.requireNonNull(name, "name")), "replay");
    }
}

package dev.switchboard.java;

import dev.switchboard.ChatCompletionClient;
import java.util.Objects;

/**
 * Creates {@link SwitchboardClient}s: one factory per provider, and {@link #wrap} for any
 * {@link ChatCompletionClient} (a wrapper such as a cache or a router, or a client built in Kotlin).
 */
public final class Clients {
    private Clients() {
    }

    /**
     * A Java client over {@code client}. Closing the returned client closes {@code client}.
     */
    public static SwitchboardClient wrap(ChatCompletionClient client) {
        Objects.requireNonNull(client, "client");
        return new SwitchboardClient(client, client.getClass().getSimpleName());
    }
}

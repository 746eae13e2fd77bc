package dev.switchboard.java;

import dev.switchboard.java.internal.Abortable;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

/** The streams of one client that are still running, so that closing the client ends them. */
final class StreamRegistry {
    private final Set<Abortable> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Adds {@code subscription}; false when the client is already closed (the caller then aborts it). */
    boolean add(Abortable subscription) {
        open.add(subscription);
        if (closed) {
            open.remove(subscription);
            return false;
        }
        return true;
    }

    void remove(Abortable subscription) {
        open.remove(subscription);
    }

    boolean isClosed() {
        return closed;
    }

    /** Marks the client closed and ends every open stream with a {@link CancellationException}. */
    void closeAll() {
        closed = true;
        for (Abortable subscription : open) {
            subscription.abort(closedException());
        }
    }

    static CancellationException closedException() {
        return new CancellationException("The SwitchboardClient was closed while this stream was running");
    }
}

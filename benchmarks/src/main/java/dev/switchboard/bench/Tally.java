package dev.switchboard.bench;

import java.util.concurrent.CompletableFuture;

/**
 * What one stream delivered, for the rows: adds up what arrives (characters of text, or bytes for the floor), tells a
 * {@link Tracker} when the first of it arrives, and completes {@link #done} when the stream ends.
 */
public final class Tally {
    /** Completes with the total when the stream ends, or with its failure. */
    public final CompletableFuture<Long> done = new CompletableFuture<>();
    private final Tracker tracker;
    private volatile long total;
    private volatile boolean opened;

    /** A tally that tells {@code tracker} (none when null) of the stream's first content and of its end. */
    public Tally(Tracker tracker) {
        this.tracker = tracker;
        if (tracker != null) done.whenComplete((n, e) -> tracker.done(opened, n == null ? total : n, e));
    }

    /** Adds {@code n}; the first amount above zero is the stream's first content. Called from one thread at a time. */
    public void add(long n) {
        if (n <= 0) return;
        total += n;
        if (!opened) {
            opened = true;
            if (tracker != null) tracker.first();
        }
    }

    /** The stream ended: {@link #done} completes with the total. */
    public void complete() {
        done.complete(total);
    }

    /** The stream failed. */
    public void fail(Throwable error) {
        done.completeExceptionally(error);
    }
}

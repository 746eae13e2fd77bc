package dev.switchboard.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Counts many concurrent streams: how many are open (first chunk seen, not ended), complete or failed. */
public final class Tracker {
    private final long expected;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final CountDownLatch ended;

    /** A tracker of {@code count} streams that each must deliver {@code expected} (characters or bytes). */
    public Tracker(int count, long expected) {
        this.expected = expected;
        this.ended = new CountDownLatch(count);
    }

    /** A stream received its first chunk. */
    public void first() {
        open.incrementAndGet();
        started.incrementAndGet();
    }

    /** Streams that received their first chunk so far, open or ended. */
    public int started() {
        return started.get();
    }

    /**
     * A stream ended, with {@code error} or after delivering {@code received}; {@code opened} tells whether
     * {@link #first()} was called for it.
     */
    public void done(boolean opened, long received, Throwable error) {
        if (opened) open.decrementAndGet();
        if (error == null && received == expected) {
            completed.incrementAndGet();
        } else {
            failed.incrementAndGet();
            firstError.compareAndSet(null, error != null ? error.toString() : "incomplete: received " + received + " of " + expected);
        }
        ended.countDown();
    }

    /** Streams open now. */
    public int open() {
        return open.get();
    }

    /** Streams that delivered everything. */
    public int completed() {
        return completed.get();
    }

    /** Streams that failed or ended short. */
    public int failed() {
        return failed.get();
    }

    /** The first failure, or null. */
    public String firstError() {
        return firstError.get();
    }

    /** Waits up to {@code millis} for every stream to end. */
    public boolean await(long millis) throws InterruptedException {
        return ended.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}

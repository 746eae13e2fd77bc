package dev.switchboard.java;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscriber that records what it is signalled and requests only what a test tells it to. It fails the
 * test (through {@link #violations}) if signals overlap or arrive after a terminal one.
 */
final class TestSubscriber<T> implements Flow.Subscriber<T> {
    private final List<T> items = new ArrayList<>();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<String> violations = new ArrayList<>();
    private final long initialRequest;
    private volatile Flow.Subscription subscription;
    private volatile Throwable error;
    private volatile boolean completed;
    private volatile boolean done;

    TestSubscriber(long initialRequest) {
        this.initialRequest = initialRequest;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        enter("onSubscribe");
        subscription = s;
        subscribed.countDown();
        if (initialRequest > 0) s.request(initialRequest);
        leave();
    }

    @Override
    public void onNext(T item) {
        enter("onNext");
        synchronized (items) {
            items.add(item);
            items.notifyAll();
        }
        leave();
    }

    @Override
    public void onError(Throwable t) {
        enter("onError");
        error = t;
        done = true;
        terminated.countDown();
        leave();
    }

    @Override
    public void onComplete() {
        enter("onComplete");
        completed = true;
        done = true;
        terminated.countDown();
        leave();
    }

    private void enter(String signal) {
        if (inFlight.getAndIncrement() != 0) violation(signal + " while another signal was running (rule 1.3)");
        if (done) violation(signal + " after a terminal signal (rule 1.7)");
    }

    private void leave() {
        inFlight.decrementAndGet();
    }

    private void violation(String v) {
        synchronized (violations) {
            violations.add(v);
        }
    }

    void request(long n) {
        subscription().request(n);
    }

    void cancel() {
        subscription().cancel();
    }

    Flow.Subscription subscription() {
        await(subscribed, Duration.ofSeconds(5), "onSubscribe");
        return subscription;
    }

    /** Waits until at least {@code count} items arrived, and returns them. */
    List<T> awaitItems(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (items) {
            while (items.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("expected " + count + " items within " + timeout + ", got " + items);
                TimeUnit.NANOSECONDS.timedWait(items, left);
            }
            return new ArrayList<>(items);
        }
    }

    /**
     * Checks that demand is honoured: waits until {@code total} items have arrived in all, then, after
     * {@code settle}, that no more have (the publisher sent no more than was requested).
     */
    void assertExactly(int total, Duration timeout, Duration settle) throws InterruptedException {
        awaitItems(total, timeout);
        Thread.sleep(settle.toMillis());
        int size = items().size();
        if (size != total) throw new AssertionError("demand allows " + total + " items, got " + size + ": " + items());
    }

    List<T> items() {
        synchronized (items) {
            return new ArrayList<>(items);
        }
    }

    /** Waits for onError or onComplete. */
    TestSubscriber<T> awaitTerminal(Duration timeout) {
        await(terminated, timeout, "a terminal signal");
        return this;
    }

    boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    Throwable error() {
        return error;
    }

    boolean completed() {
        return completed;
    }

    List<String> violations() {
        synchronized (violations) {
            return new ArrayList<>(violations);
        }
    }

    private static void await(CountDownLatch latch, Duration timeout, String what) {
        try {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }
}

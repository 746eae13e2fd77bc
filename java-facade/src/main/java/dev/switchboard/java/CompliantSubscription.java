package dev.switchboard.java;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sits between an upstream publisher and the user's subscriber; see {@link CompliantPublisher}.
 *
 * <p>Terminal signals can come from two sides at once: from upstream, and from {@link #abort} (a
 * {@code request(n <= 0)} on the user's thread, or the client being closed). They are serialized with the
 * upstream's {@code onNext} calls by a work-in-progress counter: whoever finds the counter at zero delivers,
 * and an {@code onNext} that finishes while a terminal signal waits delivers it. Once a terminal signal is
 * delivered or the subscriber cancelled, nothing else reaches the subscriber.
 */
final class CompliantSubscription<T> implements Flow.Subscriber<T>, Flow.Subscription {
    private static final Object COMPLETE = new Object();
    private static final Object DONE = new Object();

    private final Flow.Subscriber<? super T> downstream;
    private final StreamRegistry registry;
    private final AtomicReference<Flow.Subscription> upstream = new AtomicReference<>();
    private final AtomicInteger wip = new AtomicInteger();
    /** null while running, then COMPLETE or the Throwable to deliver, then DONE once delivered. */
    private final AtomicReference<Object> terminal = new AtomicReference<>();
    private volatile boolean cancelled;

    CompliantSubscription(Flow.Subscriber<? super T> downstream, StreamRegistry registry) {
        this.downstream = downstream;
        this.registry = registry;
    }

    // ---- from upstream ----

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        if (!upstream.compareAndSet(null, subscription)) {
            subscription.cancel(); // rule 2.5: a second subscription is refused
            return;
        }
        boolean accepted = registry.add(this);
        try {
            downstream.onSubscribe(this);
        } catch (Throwable t) {
            cancel(); // rule 2.13: a throwing subscriber is treated as cancelled
            report(t);
            return;
        }
        if (!accepted) abort(StreamRegistry.closedException());
    }

    @Override
    public void onNext(T item) {
        if (cancelled) return;
        if (wip.get() == 0 && wip.compareAndSet(0, 1)) {
            try {
                downstream.onNext(item);
            } catch (Throwable t) {
                cancel();
                report(t);
                return;
            }
            if (wip.decrementAndGet() != 0) deliverTerminal();
        }
        // else a terminal signal is being or was delivered: the item is dropped, the stream is over
    }

    @Override
    public void onError(Throwable error) {
        terminate(Objects.requireNonNull(error, "error"));
    }

    @Override
    public void onComplete() {
        terminate(COMPLETE);
    }

    // ---- from downstream ----

    @Override
    public void request(long n) {
        if (n <= 0) {
            abort(new IllegalArgumentException(
                "Reactive Streams rule 3.9: request(n) needs n > 0 (got " + n + "); the stream was cancelled"));
            return;
        }
        if (!cancelled) upstream.get().request(n);
    }

    @Override
    public void cancel() {
        if (cancelled) return;
        cancelled = true;
        registry.remove(this);
        Flow.Subscription s = upstream.get();
        if (s != null) s.cancel();
    }

    // ---- internal ----

    /** Cancels upstream and ends the stream with {@code error}, unless it already ended. */
    void abort(Throwable error) {
        Flow.Subscription s = upstream.get();
        if (s != null) s.cancel();
        terminate(error);
    }

    private void terminate(Object signal) {
        if (terminal.compareAndSet(null, signal)) {
            registry.remove(this);
            if (wip.getAndIncrement() == 0) deliverTerminal();
        }
    }

    private void deliverTerminal() {
        Object signal = terminal.getAndSet(DONE);
        if (cancelled || signal == DONE || signal == null) return;
        try {
            if (signal == COMPLETE) downstream.onComplete();
            else downstream.onError((Throwable) signal);
        } catch (Throwable t) {
            report(t);
        }
    }

    /** Rule 2.13: a subscriber that throws broke the contract; say so where uncaught errors go. */
    private static void report(Throwable t) {
        Thread thread = Thread.currentThread();
        thread.getUncaughtExceptionHandler().uncaughtException(thread, t);
    }
}

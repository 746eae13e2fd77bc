package dev.switchboard.java;

import dev.switchboard.java.internal.Abortable;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sits between an upstream publisher and the user's subscriber; see {@link CompliantPublisher}.
 *
 * <p>Every signal to the subscriber goes through one drain loop, entered by whichever thread moves the
 * work-in-progress counter from zero; the others only leave work behind. That keeps signals serial even
 * while the subscriber is still in {@code onSubscribe} (the upstream signals from a pool thread), keeps
 * recursion bounded when the subscriber requests from {@code onNext}, and lets terminal signals from outside
 * the upstream (rule 3.9, the client being closed) be delivered without racing an {@code onNext}.
 *
 * <p>One element is requested from upstream as soon as the subscription starts, so that the request is sent
 * and a failure before the first event reaches the subscriber even if it has not requested anything yet.
 * Elements the subscriber has not requested wait in a queue; upstream never sends more than one element
 * beyond the subscriber's demand, so the queue holds at most one element more than was requested.
 */
final class CompliantSubscription<T> implements Flow.Subscriber<T>, Flow.Subscription, Abortable {
    /**
     * The user's subscriber; null once it cancelled or got its terminal signal, so that the upstream (whose
     * coroutine ends asynchronously) no longer keeps it reachable (rule 3.13).
     */
    private volatile Flow.Subscriber<? super T> downstream;
    private final StreamRegistry registry;
    private final AtomicReference<Flow.Subscription> upstream = new AtomicReference<>();
    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    /** An error to deliver at once, dropping queued elements: rule 3.9, or the client closed. */
    private final AtomicReference<Throwable> abort = new AtomicReference<>();
    /** Upstream signalled onError or onComplete; {@link #error} is written before. */
    private volatile boolean done;
    private volatile Throwable error;
    /** The subscriber cancelled, or got its terminal signal: it is signalled nothing more. */
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
        // Own the drain loop (wip is 0: nothing could signal before this subscription existed), so that
        // nothing reaches the subscriber during its onSubscribe, not even the client closing meanwhile.
        wip.incrementAndGet();
        boolean accepted = registry.add(this);
        Flow.Subscriber<? super T> subscriber = downstream;
        try {
            subscriber.onSubscribe(this);
        } catch (Throwable t) {
            cancel(); // rule 2.13: a throwing subscriber is treated as cancelled
            report(t);
            return;
        }
        if (!accepted) {
            abort(StreamRegistry.closedException());
        } else if (!cancelled) {
            subscription.request(1); // starts the call; see the class comment
        }
        drainLoop();
    }

    @Override
    public void onNext(T item) {
        if (done || cancelled) return;
        Objects.requireNonNull(item, "item");
        // The common case, the subscriber waiting with demand and nothing queued: hand the item over at once, without
        // a trip through the queue (upstream signals one at a time, so an empty queue means no earlier item waits).
        if (wip.get() == 0 && wip.compareAndSet(0, 1)) {
            long r = requested.get();
            if (r != 0 && queue.isEmpty() && !cancelled && abort.get() == null) {
                Flow.Subscriber<? super T> subscriber = downstream;
                if (subscriber != null) {
                    try {
                        subscriber.onNext(item);
                    } catch (Throwable t) {
                        cancel(); // the loop stays owned: a cancelled subscription is signalled nothing more
                        report(t);
                        return;
                    }
                    if (r != Long.MAX_VALUE) requested.decrementAndGet();
                }
            } else {
                queue.offer(item);
            }
            drainLoop(); // owns the loop: delivers what arrived meanwhile, then lets go
            return;
        }
        queue.offer(item);
        drain();
    }

    @Override
    public void onError(Throwable t) {
        if (done) return;
        error = Objects.requireNonNull(t, "error");
        done = true;
        drain();
    }

    @Override
    public void onComplete() {
        if (done) return;
        done = true;
        drain();
    }

    // ---- from downstream ----

    @Override
    public void request(long n) {
        if (n <= 0) {
            abort(new IllegalArgumentException(
                "Reactive Streams rule 3.9: request(n) needs n > 0 (got " + n + "); the stream was cancelled"));
            return;
        }
        if (cancelled) return;
        requested.getAndUpdate(r -> r + n < 0 ? Long.MAX_VALUE : r + n); // rule 3.17: saturate at Long.MAX_VALUE
        upstream.get().request(n);
        drain();
    }

    @Override
    public void cancel() {
        if (cancelled) return;
        cancelled = true;
        downstream = null;
        registry.remove(this);
        Flow.Subscription s = upstream.get();
        if (s != null) s.cancel();
        drain(); // drops queued elements
    }

    // ---- internal ----

    /** Cancels upstream and ends the stream with {@code error} at once, unless it already ended. */
    @Override
    public void abort(Throwable t) {
        if (abort.compareAndSet(null, t)) {
            Flow.Subscription s = upstream.get();
            if (s != null) s.cancel();
            drain();
        }
    }

    private void drain() {
        if (wip.getAndIncrement() == 0) drainLoop();
    }

    /** Runs by the one thread that owns {@code wip}; leaves when no work was left behind meanwhile. */
    private void drainLoop() {
        int missed = 1;
        while (true) {
            if (cancelled) {
                queue.clear();
                return;
            }
            Throwable aborted = abort.get();
            if (aborted != null) {
                finish(aborted);
                return;
            }
            long r = requested.get();
            long emitted = 0;
            while (emitted != r && !cancelled && abort.get() == null) {
                boolean d = done;
                T item = queue.poll();
                if (item == null) {
                    if (d) {
                        finish(error);
                        return;
                    }
                    break;
                }
                Flow.Subscriber<? super T> subscriber = downstream;
                if (subscriber == null) { // cancelled from another thread meanwhile
                    queue.clear();
                    return;
                }
                try {
                    subscriber.onNext(item);
                } catch (Throwable t) {
                    cancel();
                    report(t);
                    return;
                }
                emitted++;
            }
            if (emitted == r && !cancelled && abort.get() == null) {
                boolean d = done;
                if (d && queue.isEmpty()) {
                    finish(error); // onComplete and onError need no demand
                    return;
                }
            }
            if (emitted != 0 && r != Long.MAX_VALUE) requested.addAndGet(-emitted);
            missed = wip.addAndGet(-missed);
            if (missed == 0) return;
        }
    }

    /** Delivers the terminal signal: {@code onError(t)}, or {@code onComplete()} when {@code t} is null. */
    private void finish(Throwable t) {
        Flow.Subscriber<? super T> subscriber = downstream;
        cancelled = true;
        downstream = null;
        registry.remove(this);
        queue.clear();
        if (subscriber == null) return; // it cancelled meanwhile: nothing more is signalled
        try {
            if (t == null) subscriber.onComplete();
            else subscriber.onError(t);
        } catch (Throwable thrown) {
            report(thrown);
        }
    }

    /** Rule 2.13: a subscriber that throws broke the contract; say so where uncaught errors go. */
    private static void report(Throwable t) {
        Thread thread = Thread.currentThread();
        thread.getUncaughtExceptionHandler().uncaughtException(thread, t);
    }
}

package dev.switchboard.java;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A blocking iterator over a publisher, for one consuming thread. It subscribes on the first
 * {@link #hasNext()}, keeps at most {@value #PREFETCH} items requested ahead, and cancels the subscription
 * (closing the connection) on {@link #close()} or when the waiting thread is interrupted. A failed stream
 * throws its error from {@code hasNext()}/{@code next()} as it is when unchecked.
 */
final class BlockingIterator<T> implements Iterator<T>, Flow.Subscriber<T>, AutoCloseable {
    static final int PREFETCH = 16;
    private static final int REPLENISH = PREFETCH / 2;
    private static final Object COMPLETE = new Object();
    private static final Flow.Subscription CANCELLED = new Flow.Subscription() {
        @Override public void request(long n) { }
        @Override public void cancel() { }
    };

    private final Flow.Publisher<T> publisher;
    private final Class<T> type;
    /** Never holds more than PREFETCH items plus one terminal marker: that is all that is ever requested. */
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    // consumer-thread state
    private boolean subscribed;
    private Object next;
    private int consumedSinceRequest;

    BlockingIterator(Flow.Publisher<T> publisher, Class<T> type) {
        this.publisher = publisher;
        this.type = type;
    }

    /** A sequential stream over this iterator; closing the stream closes the iterator. */
    Stream<T> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
            .onClose(this::close);
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            if (subscription.get() == CANCELLED) {
                throw new IllegalStateException("This stream is closed");
            }
            if (!subscribed) {
                subscribed = true;
                publisher.subscribe(this);
            }
            next = take();
        }
        if (next == COMPLETE) return false;
        if (next instanceof Failure) throw rethrow(((Failure) next).error);
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) throw new NoSuchElementException("The stream has ended");
        T item = type.cast(next);
        next = null;
        if (++consumedSinceRequest == REPLENISH) {
            consumedSinceRequest = 0;
            subscription.get().request(REPLENISH);
        }
        return item;
    }

    /** Cancels the subscription, which closes the connection; idempotent. */
    @Override
    public void close() {
        Flow.Subscription s = subscription.getAndSet(CANCELLED);
        if (s == CANCELLED) return;
        if (s != null) s.cancel();
        // wakes a thread blocked in hasNext() if another thread closed the stream
        queue.add(new Failure(new CancellationException("This stream was closed")));
    }

    private Object take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            CancellationException cancelled =
                new CancellationException("Interrupted while waiting for the next stream event; the stream was cancelled");
            cancelled.initCause(e);
            throw cancelled;
        }
    }

    private static RuntimeException rethrow(Throwable error) {
        if (error instanceof RuntimeException) throw (RuntimeException) error;
        if (error instanceof Error) throw (Error) error;
        if (error instanceof IOException) throw new UncheckedIOException((IOException) error);
        throw new CompletionException(error);
    }

    // ---- Flow.Subscriber, called by the publisher's threads ----

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.compareAndSet(null, s)) {
            s.cancel(); // closed before the subscription arrived, or a second subscription
            return;
        }
        s.request(PREFETCH);
    }

    @Override
    public void onNext(T item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable error) {
        queue.add(new Failure(error));
    }

    @Override
    public void onComplete() {
        queue.add(COMPLETE);
    }

    private static final class Failure {
        final Throwable error;

        Failure(Throwable error) {
            this.error = error;
        }
    }
}

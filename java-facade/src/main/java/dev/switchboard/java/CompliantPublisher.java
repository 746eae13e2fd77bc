package dev.switchboard.java;

import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A publisher over another that honours the Reactive Streams rules the other one does not: a
 * {@code request(n)} with {@code n <= 0} cancels the stream and signals
 * {@code onError(IllegalArgumentException)} (rule 3.9), and closing the owning client ends the stream with
 * {@code onError(CancellationException)}. Everything else (demand, cancellation, serial signals) is passed
 * through to the upstream publisher, which must already honour it.
 */
final class CompliantPublisher<T> implements Flow.Publisher<T> {
    private final Flow.Publisher<T> upstream;
    private final StreamRegistry registry;

    CompliantPublisher(Flow.Publisher<T> upstream, StreamRegistry registry) {
        this.upstream = upstream;
        this.registry = registry;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber"); // rule 1.9
        upstream.subscribe(new CompliantSubscription<T>(subscriber, registry));
    }
}

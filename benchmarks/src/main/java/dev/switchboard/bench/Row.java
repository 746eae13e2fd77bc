package dev.switchboard.bench;

import dev.switchboard.bench.server.Payloads;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One client under measurement, driven the way its documentation shows, against the mock server at the
 * base URL it was made with. Implementations have a public constructor taking the base URL (up to
 * {@code /<mode>/<events>}) and a variant (the engine, for this library's rows).
 *
 * <p>Each method returns what it received (characters of answer text, or body bytes for the floor), which the
 * harness compares with what the server sent, so that a client cannot look fast by skipping work.
 */
public interface Row extends AutoCloseable {
    /** Streams {@code count} answers one after another, each to its end. */
    long stream(int count) throws Exception;

    /** Makes {@code count} non-streaming calls, at most {@code inFlight} at a time. */
    long create(int count, int inFlight) throws Exception;

    /**
     * Starts {@code count} streams at once and returns without waiting for them; {@code tracker} hears of each
     * one's first chunk and of its end.
     */
    void openStreams(int count, Tracker tracker) throws Exception;

    /** The wire format the row's client speaks, which the mock server answers in (from the path the client calls). */
    default Payloads.Format format() {
        return Payloads.Format.OPENAI;
    }

    /** Whether the results are body bytes (the floor) rather than characters of answer text. */
    default boolean countsBytes() {
        return false;
    }

    @Override
    void close();

    /**
     * Starts {@code count} asynchronous calls of {@code call}, at most {@code inFlight} at a time, and returns the sum
     * of what they completed with; the first failure fails the whole pass.
     */
    static long inFlight(int count, int inFlight, Supplier<CompletableFuture<Long>> call) throws Exception {
        AtomicLong total = new AtomicLong();
        Semaphore slots = new Semaphore(inFlight);
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            slots.acquire();
            all[i] = call.get().whenComplete((n, e) -> {
                if (n != null) total.addAndGet(n);
                slots.release();
            });
        }
        CompletableFuture.allOf(all).get();
        return total.get();
    }
}

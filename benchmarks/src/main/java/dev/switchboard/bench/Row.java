package dev.switchboard.bench;

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

    /** Whether the results are body bytes (the floor) rather than characters of answer text. */
    default boolean countsBytes() {
        return false;
    }

    @Override
    void close();
}

package dev.switchboard.redis.internal

import io.lettuce.core.api.StatefulRedisConnection
import org.slf4j.LoggerFactory
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage

/** The connection a store sends its commands on: String keys, byte-array values. */
internal typealias BytesConnection = StatefulRedisConnection<String, ByteArray>

/**
 * A store's one connection, made in the background and made again on demand while none could be made.
 *
 * Lettuce reconnects a connection by itself once it has been made (auto-reconnect), but never retries a first connect
 * that failed: that is this class's part. [start] begins a first attempt; [get] hands out the attempt under way or
 * its connection. After an attempt failed, [get] hands out that failed attempt for [retryAfter] (so a Redis that is
 * down is not asked to connect once per call), then starts a new one; at most one attempt is under way at a time.
 *
 * Thread-safe; the futures it hands out complete on Lettuce's I/O threads.
 */
internal class LazyConnection(
    private val endpoint: RedisEndpoint,
    private val retryAfter: Duration,
    private val connect: () -> CompletionStage<BytesConnection>,
    private val nanoTime: () -> Long = System::nanoTime,
) {
    private val lock = Any()
    private var attempt: Attempt? = null
    private var closed = false

    private class Attempt(val connection: CompletableFuture<BytesConnection>) {
        /** When it failed ([System.nanoTime]), or null while it has not. */
        @Volatile var failedAt: Long? = null
    }

    /** Begins the first attempt, unless one was made already. */
    fun start() {
        synchronized(lock) {
            if (attempt == null && !closed) attempt = newAttempt()
        }
    }

    /**
     * The connection, in a future: the current one, the attempt under way, the last failed one (within [retryAfter]
     * of its failure) or a new attempt. Fails with [IllegalStateException] once [close] was called.
     */
    fun get(): CompletableFuture<BytesConnection> = synchronized(lock) {
        if (closed) return CompletableFuture.failedFuture(IllegalStateException("closed"))
        val current = attempt
        if (current != null && !current.connection.isCompletedExceptionally) return current.connection
        val failedAt = current?.failedAt
        if (current != null && (failedAt == null || nanoTime() - failedAt < retryAfter.toNanos())) {
            return current.connection
        }
        newAttempt().also { attempt = it }.connection
    }

    /**
     * Closes the connection if one was made, at once; one still being made is closed when it is. Later calls to
     * [get] fail. Runs on the caller's thread; idempotent.
     */
    fun close() {
        val last = synchronized(lock) {
            if (closed) return
            closed = true
            attempt
        } ?: return
        val connection = last.connection
        if (connection.isDone) {
            if (!connection.isCompletedExceptionally) connection.join().close()
        } else {
            connection.whenComplete { made, _ -> made?.closeAsync() }
        }
    }

    private fun newAttempt(): Attempt {
        val future = try {
            connect().toCompletableFuture()
        } catch (e: RuntimeException) {
            CompletableFuture.failedFuture(e)
        }
        val made = Attempt(future)
        future.whenComplete { _, error ->
            if (error != null) {
                made.failedAt = nanoTime()
                log.debug("Could not connect to Redis at {}; the next try is in {} at the earliest", endpoint, retryAfter, error)
            }
        }
        return made
    }

    private companion object {
        private val log = LoggerFactory.getLogger(LazyConnection::class.java)
    }
}

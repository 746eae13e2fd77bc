package dev.switchboard.redis.internal

import io.lettuce.core.ClientOptions
import io.lettuce.core.RedisClient
import io.lettuce.core.SocketOptions
import io.lettuce.core.TimeoutOptions
import io.lettuce.core.resource.ClientResources
import io.lettuce.core.resource.DefaultClientResources
import io.lettuce.core.resource.Delay
import java.time.Duration
import java.util.concurrent.TimeUnit

/** The longest wait between two of Lettuce's reconnect attempts in a client a store creates (Lettuce's default: 30 s). */
internal val RECONNECT_CAP: Duration = Duration.ofSeconds(1)

/**
 * The Lettuce client (and its threads) of a store built from a URI, set up to fail fast: commands time out after
 * [commandTimeout], and so does opening a connection; while Redis is away commands are rejected at once
 * (`DisconnectedBehavior.REJECT_COMMANDS`) instead of queued, and the connection is made again by Lettuce
 * (auto-reconnect) with a backoff of at most [RECONNECT_CAP]. The store closes it.
 */
internal class OwnedClient(commandTimeout: Duration) : AutoCloseable {
    private val resources: ClientResources = DefaultClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ZERO, RECONNECT_CAP, 2, TimeUnit.MILLISECONDS))
        .build()

    val client: RedisClient = RedisClient.create(resources).apply {
        options = ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
            .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
            .build()
    }

    /** Shuts the client down (closing its connections), then its threads; waits up to 2 s for each. */
    override fun close() {
        try {
            client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT)
        } finally {
            resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get()
        }
    }

    private companion object {
        private val SHUTDOWN_TIMEOUT: Duration = Duration.ofSeconds(2)
    }
}

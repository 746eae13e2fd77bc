package dev.switchboard.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.cache.CacheStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Redis store as a Java caller sees it: the builder's setters with {@link Duration}s, the defaults as constants,
 * getters, and a store on a port nothing listens on that is still built and fails in its stages, never by throwing.
 */
class RedisJavaApiTest {
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theBuilderTakesJavaDurationsAndTheDefaultsAreConstants() throws Exception {
        String uri = "redis://:secret@127.0.0.1:" + closedPort();
        assertEquals("switchboard:cache:", RedisCacheStore.DEFAULT_KEY_PREFIX);
        assertEquals(Duration.ofSeconds(1), RedisCacheStore.DEFAULT_COMMAND_TIMEOUT);
        try (RedisCacheStore store = RedisCacheStore.builder(uri)
            .keyPrefix("java:")
            .commandTimeout(Duration.ofMillis(300))
            .build()) {
            assertEquals("java:", store.getKeyPrefix());
            assertEquals(Duration.ofMillis(300), store.getCommandTimeout());
            assertFalse(store.toString().contains("secret"), store.toString());
        }
    }

    @Test
    void aStoreOnARedisThatIsNotThereFailsInItsStages() throws Exception {
        try (CacheStore store = RedisCacheStore.builder("redis://127.0.0.1:" + closedPort()).build()) {
            CompletableFuture<byte[]> get = store.get("k").toCompletableFuture();
            CompletableFuture<Void> put = store.put("k", "v".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(1))
                .toCompletableFuture();
            ExecutionException failure = assertThrows(ExecutionException.class, () -> get.get(3, TimeUnit.SECONDS));
            assertInstanceOf(RedisCacheStoreException.class, failure.getCause());
            assertTrue(failure.getCause().getMessage().startsWith("Redis GET at 127.0.0.1:"), failure.getCause().getMessage());
            assertThrows(ExecutionException.class, () -> put.get(3, TimeUnit.SECONDS));
        }
    }
}

package dev.switchboard.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.ratelimit.RateLimitBucket;
import dev.switchboard.ratelimit.RateLimiter;
import dev.switchboard.ratelimit.RateLimits;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Redis rate-limit store as a Java caller sees it: the builder's setters with {@link Duration}s, the defaults as
 * constants, getters, a shared limiter over it, two stores on one Redis sharing a bucket, and a store on a port nothing
 * listens on that is still built and fails in its futures with {@link RedisRateLimitStoreException}, never by throwing.
 */
class RedisRateLimitStoreJavaTest {
    private static final BucketConfiguration TWO_A_MINUTE = BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(2).refillGreedy(2, Duration.ofMinutes(1)).build())
        .build();

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theBuilderTakesJavaDurationsAndTheDefaultsAreConstants() throws Exception {
        assertEquals("switchboard:ratelimit:", RedisRateLimitStore.DEFAULT_KEY_PREFIX);
        assertEquals(Duration.ofSeconds(1), RedisRateLimitStore.DEFAULT_COMMAND_TIMEOUT);
        assertEquals(Duration.ofMinutes(1), RedisRateLimitStore.DEFAULT_KEEP_AFTER_REFILL);
        try (RedisRateLimitStore store = RedisRateLimitStore.builder("redis://:secret@127.0.0.1:" + closedPort())
            .keyPrefix("java:")
            .commandTimeout(Duration.ofMillis(300))
            .keepAfterRefill(Duration.ofSeconds(10))
            .build()) {
            assertEquals("java:", store.getKeyPrefix());
            assertEquals(Duration.ofMillis(300), store.getCommandTimeout());
            assertEquals(Duration.ofSeconds(10), store.getKeepAfterRefill());
            assertFalse(store.toString().contains("secret"), store.toString());

            RateLimiter limiter = RateLimiter.shared("deployment-a", RateLimits.builder().requestsPerMinute(500).failFast().build(), store);
            assertEquals("deployment-a", limiter.getName());
        }
        assertThrows(IllegalArgumentException.class, () -> RedisRateLimitStore.builder("redis://127.0.0.1:6379").keepAfterRefill(Duration.ofMillis(-1)));
    }

    @Test
    void twoStoresOnOneRedisShareABucketThroughTheirFutures() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.Companion.start();
             RedisRateLimitStore one = RedisRateLimitStore.builder(redis.getUri()).build();
             RedisRateLimitStore two = RedisRateLimitStore.builder(redis.getUri()).build()) {
            String key = "java-" + UUID.randomUUID();
            RateLimitBucket a = one.bucket(key, TWO_A_MINUTE);
            RateLimitBucket b = two.bucket(key, TWO_A_MINUTE);
            assertEquals(0L, a.tryConsume(1).get(3, TimeUnit.SECONDS));
            assertEquals(0L, b.tryConsume(1).get(3, TimeUnit.SECONDS));
            long wait = a.tryConsume(1).get(3, TimeUnit.SECONDS);
            assertTrue(wait > 0 && wait <= Duration.ofSeconds(30).toNanos(), "nanoseconds to wait: " + wait);
            assertEquals(0L, b.getAvailableTokens().get(3, TimeUnit.SECONDS));
        }
    }

    @Test
    void aStoreOnARedisThatIsNotThereFailsInItsFutures() throws Exception {
        try (RedisRateLimitStore store = RedisRateLimitStore.builder("redis://127.0.0.1:" + closedPort()).keyPrefix("java:").build()) {
            RateLimitBucket bucket = store.bucket("k", TWO_A_MINUTE);
            ExecutionException failure = assertThrows(ExecutionException.class, () -> bucket.tryConsume(1).get(3, TimeUnit.SECONDS));
            assertInstanceOf(RedisRateLimitStoreException.class, failure.getCause());
            assertTrue(failure.getCause().getMessage().startsWith("Redis rate-limit bucket java:k at 127.0.0.1:"), failure.getCause().getMessage());
            assertThrows(ExecutionException.class, () -> bucket.addTokens(1).get(3, TimeUnit.SECONDS));
        }
    }
}

package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.ClientRateLimitException;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.RequestUsage;
import dev.switchboard.SwitchboardException;
import dev.switchboard.ratelimit.RateLimit;
import dev.switchboard.ratelimit.RateLimiter;
import dev.switchboard.ratelimit.RateLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Client-side rate limits as a Java user configures and meets them: the builder, the facade, the typed error. */
class RateLimitsTest {
    private static final CreateRequest REQUEST = CreateRequest.builder().user("Say hi").maxTokens(50).build();
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static SwitchboardClient replay(int answers) {
        CreateResult answer = CreateResult.ofText("Hi there!", FinishReason.STOP, RequestUsage.of(5, 3));
        return Clients.replay(Collections.nCopies(answers, answer));
    }

    @Test
    void failingFastTheCallOverTheLimitThrowsTheTypedErrorNamingTheLimitAndWhenItFrees() throws Exception {
        RateLimits limits = RateLimits.builder()
            .requestsPerMinute(2)
            .tokensPerMinute(30_000)
            .tokensPerDay(1_000_000)
            .failFast()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
        RateLimiter limiter = RateLimiter.of(limits);
        try (SwitchboardClient client = replay(3).rateLimited(limiter)) {
            client.create(REQUEST);
            client.createAsync(REQUEST).get(10, TimeUnit.SECONDS);
            ClientRateLimitException e = assertThrows(ClientRateLimitException.class, () -> client.create(REQUEST));
            assertEquals(RateLimit.requests(2, Duration.ofMinutes(1)), e.getLimit());
            assertEquals(RateLimit.Kind.REQUESTS, e.getLimit().getKind());
            assertEquals(Duration.ofSeconds(30), e.getRetryAfter());
            assertEquals(NOW.plusSeconds(30), e.getFreesAt());
            assertEquals("replay", e.getProvider());
            assertTrue(e.isRetryable());
            assertInstanceOf(SwitchboardException.class, e);

            ExecutionException async = assertThrows(ExecutionException.class, () -> client.createAsync(REQUEST).get(10, TimeUnit.SECONDS));
            assertInstanceOf(ClientRateLimitException.class, async.getCause());
        }
        assertTrue(limits.isFailFast());
        assertEquals(List.of(2L, 30_000L, 1_000_000L), limits.getLimits().stream().map(RateLimit::getAmount).collect(Collectors.toList()));
    }

    @Test
    void aCallOverTheLimitWaitsForItsTurnUpToMaxWait() throws Exception {
        RateLimiter limiter = RateLimiter.of(RateLimits.builder()
            .requests(10, Duration.ofMillis(500))
            .maxWait(Duration.ofSeconds(5))
            .build());
        try (SwitchboardClient client = replay(12).rateLimited(limiter)) {
            long started = System.nanoTime();
            List<CompletableFuture<CreateResult>> calls = IntStream.range(0, 12)
                .mapToObj(i -> client.createAsync(REQUEST)).collect(Collectors.toList());
            for (CompletableFuture<CreateResult> call : calls) call.get(10, TimeUnit.SECONDS);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            // Ten at once, then two more at one every 50 ms.
            assertTrue(elapsedMs >= 80, "the last two calls waited: " + elapsedMs + " ms");
        }
    }

    @Test
    void oneLimiterWrappingTwoClientsIsOneBudgetAndStreamsSpendItToo() {
        RateLimiter limiter = RateLimiter.of(RateLimits.builder()
            .requestsPerMinute(3)
            .failFast()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build());
        try (SwitchboardClient first = replay(2).rateLimited(limiter);
             SwitchboardClient second = replay(2).with(limiter::wrap)) {
            first.create(REQUEST);
            List<ChatStreamEvent> events;
            try (var stream = second.createStreamBlocking(REQUEST)) {
                events = stream.collect(Collectors.toList());
            }
            assertInstanceOf(ChatStreamEvent.Completed.class, events.get(events.size() - 1));
            second.create(REQUEST);
            assertThrows(ClientRateLimitException.class, () -> first.create(REQUEST));
        }
    }
}

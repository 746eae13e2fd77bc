package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.RequestUsage;
import dev.switchboard.ResponseCacheMode;
import dev.switchboard.cache.ChatCompletionCache;
import dev.switchboard.cache.DiskCacheStore;
import dev.switchboard.cache.MemoryCacheStore;
import dev.switchboard.events.CallEventLogger;
import dev.switchboard.replay.ReplayChatCompletionClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The wrappers as a Java user composes them: a cache, call events and a wrapper of one's own, in any order. */
class WrappersTest {
    private static final CreateRequest REQUEST = CreateRequest.builder().user("Say hi").build();
    private static final CreateResult ANSWER = CreateResult.ofText("Hi there!", FinishReason.STOP, RequestUsage.of(5, 3));

    private static SwitchboardClient replayOnce() {
        return Clients.replay(List.of(ANSWER));
    }

    @Test
    void aCachedClientAnswersTheSecondCallAndAStreamFromTheCache() throws Exception {
        try (SwitchboardClient client = replayOnce().cached(MemoryCacheStore.create())) {
            CreateResult first = client.createAsync(REQUEST).get(10, TimeUnit.SECONDS);
            CreateResult second = client.create(REQUEST);
            assertFalse(first.isCached());
            assertTrue(second.isCached());
            assertEquals("Hi there!", second.getContent());
            List<ChatStreamEvent> events;
            try (var stream = client.createStreamBlocking(REQUEST)) {
                events = stream.collect(Collectors.toList());
            }
            ChatStreamEvent.Completed done = assertInstanceOf(ChatStreamEvent.Completed.class, events.get(events.size() - 1));
            assertTrue(done.getResult().isCached());
            assertEquals(8, client.getActualUsage().getTotalTokens());
            assertEquals(24, client.getTotalUsage().getTotalTokens());
        }
    }

    @Test
    void bypassGoesToTheProviderAndADiskCacheSurvivesReopening() throws Exception {
        Path file = Files.createTempDirectory("wrappers-test").resolve("cache.mv");
        try (DiskCacheStore store = DiskCacheStore.open(file)) {
            ChatCompletionCache cache = ChatCompletionCache.builder(store).ttl(Duration.ofHours(1)).build();
            try (SwitchboardClient client = replayOnce().cached(cache)) {
                client.create(REQUEST);
                CreateRequest bypass = REQUEST.newBuilder().responseCache(ResponseCacheMode.BYPASS).build();
                assertThrows(IllegalStateException.class, () -> client.create(bypass), "the replay has no second answer");
            }
        }
        try (DiskCacheStore store = DiskCacheStore.open(file);
             SwitchboardClient offline = Clients.replay(List.of(CreateResult.ofText("other", FinishReason.STOP, RequestUsage.ZERO)))
                 .cached(store)) {
            assertEquals("Hi there!", offline.create(REQUEST).getContent());
        }
    }

    @Test
    void callEventsCarryKeyValuePairsAndComposeWithTheCacheAndAJavaWrapper() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(CallEventLogger.LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
        ExecutorService mine = Executors.newSingleThreadExecutor();
        try (SwitchboardClient client = replayOnce()
                .cached(MemoryCacheStore.create())
                .with(c -> new ForwardingModelClientTest.PromptingClient(c).asChatCompletionClient())
                .logged()
                .withCallbackExecutor(mine)) {
            client.create(REQUEST);
            assertTrue(client.createAsync(REQUEST).get(10, TimeUnit.SECONDS).isCached());
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(null);
            mine.shutdown();
        }
        List<Map<String, String>> events = appender.list.stream()
            .map(e -> e.getKeyValuePairs().stream().collect(Collectors.toMap(p -> p.key, p -> String.valueOf(p.value))))
            .collect(Collectors.toList());
        assertEquals(2, events.size());
        assertEquals("LLMCall", events.get(0).get("event"));
        assertEquals("replay", events.get(0).get("provider"));
        assertEquals("false", events.get(0).get("cached"));
        assertEquals("true", events.get(1).get("cached"));
        assertEquals("success", events.get(1).get("outcome"));
    }
}

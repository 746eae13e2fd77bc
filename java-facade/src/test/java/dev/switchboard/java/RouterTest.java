package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.ChatCompletionClient;
import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.HttpOptions;
import dev.switchboard.RateLimitException;
import dev.switchboard.ServerException;
import dev.switchboard.events.CallEventLogger;
import dev.switchboard.openai.OpenAiConfig;
import dev.switchboard.ratelimit.RateLimiter;
import dev.switchboard.ratelimit.RateLimits;
import dev.switchboard.router.DeploymentConfig;
import dev.switchboard.router.DeploymentGate;
import dev.switchboard.router.FallbackConfig;
import dev.switchboard.router.FallbackTrigger;
import dev.switchboard.router.GroupConfig;
import dev.switchboard.router.Router;
import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.RouterSettings;
import dev.switchboard.router.RoutingStrategies;
import dev.switchboard.router.RoutingStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The router as a Java user builds and calls it: builders, lambdas for strategies and gates, the facade around it. */
class RouterTest {
    private static final CreateRequest REQUEST = CreateRequest.builder().user("Say hi").build();
    /** The first candidate: the tests decide which deployment a call tries first. */
    private static final RoutingStrategy FIRST = (candidates, request, streaming) -> candidates.get(0);

    private LoopbackOpenAi east;
    private LoopbackOpenAi west;

    @BeforeEach
    void start() throws Exception {
        east = new LoopbackOpenAi();
        west = new LoopbackOpenAi();
        east.respond(LoopbackOpenAi.json(503, LoopbackOpenAi.error("overloaded", "server_error", "overloaded")));
        west.respond(exchange -> {
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            if (accept != null && accept.contains("text/event-stream")) {
                LoopbackOpenAi.sse(List.of(LoopbackOpenAi.delta("from "), LoopbackOpenAi.delta("west"), LoopbackOpenAi.finish(),
                    LoopbackOpenAi.usage(9, 4))).respond(exchange);
            } else {
                LoopbackOpenAi.json(200, LoopbackOpenAi.completion("from west")).respond(exchange);
            }
        });
    }

    @AfterEach
    void stop() {
        east.close();
        west.close();
    }

    private static ChatCompletionClient openAi(LoopbackOpenAi server) {
        return Clients.openAi("gpt-4o-mini", OpenAiConfig.builder()
            .apiKey("sk-" + "router-test-key")
            .baseUrl(server.baseUrl())
            .httpOptions(HttpOptions.builder().maxRetries(0).build())
            .build()).unwrap();
    }

    @Test
    void aFailingDeploymentIsPassedOverAndTheOtherAnswersThroughTheFacade() throws Exception {
        Router router = Router.builder()
            .group("gpt", g -> g.strategy(FIRST).deployment("east", openAi(east)).deployment("west", openAi(west)))
            .build();
        try (SwitchboardClient client = Clients.wrap(router)) {
            assertEquals("from west", client.create(REQUEST).getContent());
            assertEquals("from west", client.createAsync(REQUEST).get().getContent());
            List<ChatStreamEvent> events;
            try (var stream = client.createStreamBlocking(REQUEST)) {
                events = stream.collect(Collectors.toList());
            }
            ChatStreamEvent.Completed done = assertInstanceOf(ChatStreamEvent.Completed.class, events.get(events.size() - 1));
            assertEquals("from west", done.getResult().getContent());
            assertEquals(3L, router.deployment("gpt", "east").getFailures());
            assertEquals(3L, router.deployment("gpt", "west").getCalls());
            assertEquals(13 * 3, client.getTotalUsage().getTotalTokens());
            assertEquals("router", client.unwrap().getProvider());
        }
    }

    @Test
    void fallbacksSettingsAndPriorityAreSetFromJava() throws Exception {
        RouterSettings settings = RouterSettings.builder().retries(0).failureThreshold(1).cooldown(Duration.ofMinutes(1))
            .maxQueued(0).build();
        Router router = Router.builder()
            .group("gpt", g -> g.deployment("east", openAi(east)))
            .group("backup", g -> g.strategy(RoutingStrategies.LEAST_BUSY).deployment("west", openAi(west), 1, 4))
            .fallback("gpt", FallbackTrigger.ERROR, "backup")
            .settings(settings)
            .build();
        try (SwitchboardClient client = Clients.wrap(router)) {
            CreateRequest urgent = REQUEST.newBuilder().priority(10).build();
            assertEquals(10, urgent.getPriority());
            assertEquals("from west", client.create(urgent).getContent());
            assertTrue(router.deployment("gpt", "east").getCoolingDownFor().compareTo(Duration.ofSeconds(50)) > 0);
            assertEquals(4, router.deployment("backup", "west").getMaxInFlight());
        }
    }

    @Test
    void aRouterBuiltFromItsDataFormWithAGateOfOneself() throws Exception {
        DeploymentGate closed = request -> Duration.ofMinutes(5);
        RouterConfig config = new RouterConfig(
            List.of(new GroupConfig("gpt", List.of(new DeploymentConfig("east", "east", 1, 0, "limiter"), new DeploymentConfig("west", "west")),
                "weighted")),
            List.of(new FallbackConfig("gpt", List.of(), FallbackTrigger.ERROR)),
            RouterSettings.builder().retries(0).maxQueued(0).build());
        Router router = Router.fromConfig(config, Map.of("east", openAi(east), "west", openAi(west)), Map.of(), Map.of("limiter", closed));
        try (SwitchboardClient client = Clients.wrap(router)) {
            for (int i = 0; i < 5; i++) assertEquals("from west", client.create(REQUEST).getContent());
            assertEquals(0, east.requestsWaiting());
        }
        Router none = Router.builder().group("gpt", g -> g.deployment("east", openAi(east), 1, 0, closed)).settings(config.getSettings()).build();
        try (SwitchboardClient client = Clients.wrap(none)) {
            RateLimitException e = assertThrows(RateLimitException.class, () -> client.create(REQUEST));
            assertEquals("router", e.getProvider());
        }
    }

    @Test
    void aRateLimitedDeploymentTakesItsBudgetThenTheRouterSendsCallsToTheOther() throws Exception {
        west.respond(LoopbackOpenAi.json(200, LoopbackOpenAi.completion("from west")));
        LoopbackOpenAi third = new LoopbackOpenAi();
        third.respond(LoopbackOpenAi.json(200, LoopbackOpenAi.completion("from third")));
        RateLimiter twoAMinute = RateLimiter.of(RateLimits.builder().requestsPerMinute(2).build());
        Router router = Router.builder()
            .group("gpt", g -> g.strategy(FIRST).deployment("west", openAi(west), twoAMinute).deployment("third", openAi(third)))
            .build();
        try (SwitchboardClient client = Clients.wrap(router)) {
            List<String> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) answers.add(client.createAsync(REQUEST).get().getContent());
            assertEquals(List.of("from west", "from west", "from third", "from third", "from third"), answers);
        } finally {
            third.close();
        }
    }

    @Test
    void callEventsNameTheDeploymentThatAnsweredAndWhyTheOtherWasSkipped() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("router-java-test");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        Router router = Router.builder()
            .group("gpt", g -> g.strategy(FIRST).deployment("east", openAi(east)).deployment("west", openAi(west)))
            .build();
        try (SwitchboardClient client = Clients.wrap(router).logged(CallEventLogger.builder().loggerName("router-java-test").build())) {
            client.create(REQUEST);
            Map<String, Object> fields = appender.list.get(0).getKeyValuePairs().stream()
                .collect(Collectors.toMap(kv -> kv.key, kv -> String.valueOf(kv.value)));
            assertEquals("gpt/west", fields.get("deployment"));
            assertEquals("gpt/east=failed:ServerException", fields.get("skipped"));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(null);
        }
    }

    @Test
    void whenEveryDeploymentFailsTheCallerGetsTheLastErrorWithTheOthersSuppressed() {
        Router router = Router.builder()
            .group("gpt", g -> g.deployment("a", openAi(east)).deployment("b", openAi(east)))
            .settings(RouterSettings.builder().retries(1).build())
            .build();
        try (SwitchboardClient client = Clients.wrap(router)) {
            ServerException e = assertThrows(ServerException.class, () -> client.create(REQUEST));
            assertEquals(503, e.getStatusCode());
            assertEquals(1, e.getSuppressed().length);
        }
    }
}

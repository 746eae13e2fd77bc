package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.CapabilityMissingException;
import dev.switchboard.ChatCompletionClient;
import dev.switchboard.ChatStreamEvent;
import dev.switchboard.Choice;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.FunctionCall;
import dev.switchboard.Image;
import dev.switchboard.ImagePart;
import dev.switchboard.ModelInfo;
import dev.switchboard.RateLimitException;
import dev.switchboard.RequestUsage;
import dev.switchboard.StreamInterruptedException;
import dev.switchboard.TextPart;
import dev.switchboard.UserMessage;
import dev.switchboard.replay.RecordingChatCompletionClient;
import dev.switchboard.replay.ReplayChatCompletionClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model client written in Java is a real client: checked, counted, streamed, cancelled, wrapped. */
class ModelClientTest {
    private static final CreateRequest REQUEST = CreateRequest.builder().user("Say hi").build();

    /** Answers with the last user text, asynchronously, and counts its calls. */
    static final class EchoModel extends ModelClient {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        EchoModel(ModelInfo info) {
            super("echo-1", info);
        }

        @Override
        public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
            calls.incrementAndGet();
            UserMessage last = (UserMessage) request.getMessages().get(request.getMessages().size() - 1);
            String text = last.getContent().stream()
                .filter(p -> p instanceof TextPart).map(p -> ((TextPart) p).getText()).collect(Collectors.joining());
            return CompletableFuture.supplyAsync(() ->
                CreateResult.ofText("You said: " + text, FinishReason.STOP, RequestUsage.of(3, 4)));
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void createAndTheDefaultStreamGiveTheSameAnswerAndUsageAddsUp() {
        EchoModel model = new EchoModel(ModelInfo.ALL_CAPABILITIES);
        try (SwitchboardClient client = Clients.custom(model)) {
            assertEquals("echo-1", client.getModel());
            CreateResult created = client.create(REQUEST);
            assertEquals("You said: Say hi", created.getContent());

            List<ChatStreamEvent> events;
            try (Stream<ChatStreamEvent> stream = client.createStreamBlocking(REQUEST)) {
                events = stream.collect(Collectors.toList());
            }
            assertEquals(new ChatStreamEvent.TextDelta("You said: Say hi", 0), events.get(0));
            assertEquals(created, ((ChatStreamEvent.Completed) events.get(1)).getResult());
            assertEquals(2, events.size());
            assertEquals(RequestUsage.of(6, 8), client.getTotalUsage());
            assertEquals(RequestUsage.of(6, 8), client.getActualUsage());
        }
        assertEquals(1, model.closes.get());
    }

    @Test
    void aToolCallAnswerStreamsAsToolCallEvents() {
        CreateResult answer = new CreateResult(List.of(new Choice(0, FinishReason.TOOL_CALLS, "tool_calls", null,
            List.of(new FunctionCall("call-1", "get_weather", "{\"city\":\"Oslo\"}")))), RequestUsage.of(1, 1));
        ModelClient model = new ModelClient("tools-1", ModelInfo.ALL_CAPABILITIES) {
            @Override
            public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
                return CompletableFuture.completedFuture(answer);
            }
        };
        try (SwitchboardClient client = Clients.custom(model);
             Stream<ChatStreamEvent> stream = client.createStreamBlocking(REQUEST)) {
            List<ChatStreamEvent> events = stream.collect(Collectors.toList());
            assertEquals(List.of(
                new ChatStreamEvent.ToolCallStart(0, "call-1", "get_weather", 0),
                new ChatStreamEvent.ToolCallDelta(0, "{\"city\":\"Oslo\"}", 0),
                new ChatStreamEvent.ToolCallEnd(0, answer.getToolCalls().get(0), 0),
                new ChatStreamEvent.Completed(answer)), events);
        }
    }

    @Test
    void requestsAreCheckedAgainstTheModelInfoBeforeTheModelSeesThem() {
        EchoModel model = new EchoModel(ModelInfo.builder().vision(false).build());
        CreateRequest withImage = CreateRequest.builder()
            .message(UserMessage.of(new TextPart("What is this?"), new ImagePart(Image.fromUrl("https://example.com/cat.png"))))
            .build();
        try (SwitchboardClient client = Clients.custom(model)) {
            CapabilityMissingException e = assertThrows(CapabilityMissingException.class, () -> client.create(withImage));
            assertEquals("vision", e.getCapability());
            assertEquals("custom", e.getProvider());
            assertThrows(CapabilityMissingException.class, () -> client.createStreamBlocking(withImage).count());
        }
        assertEquals(0, model.calls.get());
    }

    @Test
    void theModelsFailureReachesTheCallerAsItIs() {
        RateLimitException limited = new RateLimitException("slow down", "custom", 429);
        ModelClient model = new ModelClient("failing-1", ModelInfo.ALL_CAPABILITIES) {
            @Override
            public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
                return CompletableFuture.failedFuture(limited);
            }
        };
        try (SwitchboardClient client = Clients.custom(model)) {
            assertSame(limited, assertThrows(RateLimitException.class, () -> client.create(REQUEST)));
            CompletionException async = assertThrows(CompletionException.class, () -> client.createAsync(REQUEST).join());
            assertSame(limited, async.getCause());
        }
    }

    @Test
    void cancellingTheCallerCancelsTheModelsFuture() throws Exception {
        CompletableFuture<CreateResult> pending = new CompletableFuture<>();
        ModelClient model = new ModelClient("slow-1", ModelInfo.ALL_CAPABILITIES) {
            @Override
            public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
                return pending;
            }
        };
        try (SwitchboardClient client = Clients.custom(model)) {
            CompletableFuture<CreateResult> call = client.createAsync(REQUEST);
            assertTrue(call.cancel(true));
            pending.handle((r, e) -> null).get(5, TimeUnit.SECONDS);
            assertTrue(pending.isCancelled(), "the model's future was not cancelled");
        }
    }

    @Test
    void cancellingAStreamCancelsTheModelsSubscription() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        CountDownLatch subscribed = new CountDownLatch(1);
        ModelClient model = new ModelClient("stream-1", ModelInfo.ALL_CAPABILITIES) {
            @Override
            public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
                return new CompletableFuture<>();
            }

            @Override
            public Flow.Publisher<ChatStreamEvent> createStream(CreateRequest request) {
                return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
                    private boolean sent;

                    @Override
                    public void request(long n) {
                        subscribed.countDown();
                        if (!sent) {
                            sent = true;
                            subscriber.onNext(new ChatStreamEvent.TextDelta("Hel", 0));
                        }
                    }

                    @Override
                    public void cancel() {
                        cancelled.countDown();
                    }
                });
            }
        };
        try (SwitchboardClient client = Clients.custom(model)) {
            CountDownLatch first = new CountDownLatch(1);
            CompletableFuture<CreateResult> streamed = client.createStream(REQUEST, new StreamListener() {
                @Override
                public void onText(String text) {
                    first.countDown();
                }
            });
            assertTrue(first.await(5, TimeUnit.SECONDS));
            assertTrue(subscribed.await(5, TimeUnit.SECONDS));
            assertFalse(cancelled.await(100, TimeUnit.MILLISECONDS));
            streamed.cancel(true);
            assertTrue(cancelled.await(5, TimeUnit.SECONDS), "the model's subscription was not cancelled");
            assertThrows(CancellationException.class, streamed::join);
        }
    }

    @Test
    void aStreamThatEndsWithoutCompletedIsInterrupted() {
        ModelClient model = new ModelClient("short-1", ModelInfo.ALL_CAPABILITIES) {
            @Override
            public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
                return new CompletableFuture<>();
            }

            @Override
            public Flow.Publisher<ChatStreamEvent> createStream(CreateRequest request) {
                java.util.concurrent.SubmissionPublisher<ChatStreamEvent> publisher =
                    new java.util.concurrent.SubmissionPublisher<>(Runnable::run, 8);
                return subscriber -> {
                    publisher.subscribe(subscriber);
                    publisher.submit(new ChatStreamEvent.TextDelta("Hel", 0));
                    publisher.close();
                };
            }
        };
        try (SwitchboardClient client = Clients.custom(model);
             Stream<ChatStreamEvent> events = client.createStreamBlocking(REQUEST)) {
            StreamInterruptedException e = assertThrows(StreamInterruptedException.class, events::count);
            assertTrue(e.getMessage().contains("without its Completed event"), e.getMessage());
        }
    }

    @Test
    void everyWrapperAcceptsIt(@TempDir Path dir) throws Exception {
        EchoModel model = new EchoModel(ModelInfo.ALL_CAPABILITIES);
        ChatCompletionClient kotlinSide = model.asChatCompletionClient();
        assertSame(kotlinSide, model.asChatCompletionClient());
        Path file = dir.resolve("echo.jsonl");
        try (SwitchboardClient recording = Clients.wrap(new RecordingChatCompletionClient(kotlinSide, file))) {
            recording.create(REQUEST);
        }
        try (SwitchboardClient replay = Clients.wrap(ReplayChatCompletionClient.fromFile(file))) {
            assertEquals("You said: Say hi", replay.create(REQUEST).getContent());
        }
    }
}

package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.ChatCompletionClient;
import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.ModelInfo;
import dev.switchboard.RequestUsage;
import dev.switchboard.replay.Recording;
import dev.switchboard.replay.ReplayChatCompletionClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A wrapper written in Java overrides one method and is a real client: it counts, rewrites, streams and cancels. */
class ForwardingModelClientTest {
    private static final CreateRequest REQUEST = CreateRequest.builder().user("Say hi").build();
    private static final CreateResult ANSWER = CreateResult.ofText("Hi!", FinishReason.STOP, RequestUsage.of(5, 2));

    /** Counts calls and puts a system prompt in front of every request. */
    static final class PromptingClient extends ForwardingModelClient {
        final AtomicInteger creates = new AtomicInteger();
        final AtomicInteger streams = new AtomicInteger();

        PromptingClient(ChatCompletionClient delegate) {
            super(delegate);
        }

        /** The request with one more message, an instruction after the user's. */
        private static CreateRequest withPrompt(CreateRequest request) {
            return request.newBuilder().user("(Answer in one line.)").build();
        }

        @Override
        public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
            creates.incrementAndGet();
            return super.createAsync(withPrompt(request));
        }

        @Override
        public Flow.Publisher<ChatStreamEvent> createStream(CreateRequest request) {
            streams.incrementAndGet();
            return super.createStream(withPrompt(request));
        }
    }

    /** A replay that insists on two messages a request: it fails unless the wrapper's rewrite reached it. */
    private static ReplayChatCompletionClient twoMessageReplay() {
        return ReplayChatCompletionClient.builder().model("replay-1").verifyMessageCount(true)
            .recording(new Recording.Created(ANSWER, "replay-1", 2))
            .recording(new Recording.Created(ANSWER, "replay-1", 2))
            .build();
    }

    @Test
    void aWrapperThatOverridesCreateAndStreamCountsAndRewritesAroundAReplay() throws Exception {
        ReplayChatCompletionClient replay = twoMessageReplay();
        PromptingClient wrapper = new PromptingClient(replay);
        try (SwitchboardClient client = Clients.custom(wrapper)) {
            assertEquals("Hi!", client.create(REQUEST).getContent());
            List<ChatStreamEvent> events = client.createStreamBlocking(REQUEST).collect(Collectors.toList());
            assertInstanceOf(ChatStreamEvent.Completed.class, events.get(events.size() - 1));
            assertEquals(1, wrapper.creates.get());
            assertEquals(1, wrapper.streams.get());
            assertEquals(2, replay.getConsumedCount());
            assertEquals("replay", client.unwrap().getProvider());
            assertEquals("replay-1", client.getModel());
            assertEquals(RequestUsage.of(10, 4), client.getTotalUsage(), "usage is the wrapped client's");
        }
        ExecutionException closed = assertThrows(ExecutionException.class,
            () -> Clients.wrap(replay).createAsync(REQUEST).get(5, TimeUnit.SECONDS), "closing the wrapper closes the replay");
        assertInstanceOf(IllegalStateException.class, closed.getCause());
    }

    @Test
    void withoutTheRewriteTheReplayRefusesTheRequest() {
        ChatCompletionClient plain = new ForwardingModelClient(twoMessageReplay()) { }.asChatCompletionClient();
        ExecutionException e = assertThrows(ExecutionException.class, () -> Clients.wrap(plain).createAsync(REQUEST).get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    /** Never answers; records what was cancelled. */
    static final class HangingModel extends ModelClient {
        final CompletableFuture<CreateResult> pending = new CompletableFuture<>();
        final CountDownLatch subscriptionCancelled = new CountDownLatch(1);

        HangingModel() {
            super("hanging-1", ModelInfo.builder().build());
        }

        @Override
        public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
            return pending;
        }

        @Override
        public Flow.Publisher<ChatStreamEvent> createStream(CreateRequest request) {
            return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
                private boolean sent;

                @Override
                public void request(long n) {
                    if (!sent) {
                        sent = true;
                        subscriber.onNext(new ChatStreamEvent.TextDelta("Hel"));
                    }
                }

                @Override
                public void cancel() {
                    subscriptionCancelled.countDown();
                }
            });
        }
    }

    @Test
    void cancellingTheOuterCallOrSubscriptionCancelsTheWrappedOnes() throws Exception {
        HangingModel source = new HangingModel();
        PromptingClient wrapper = new PromptingClient(source.asChatCompletionClient());
        try (SwitchboardClient client = Clients.custom(wrapper)) {
            CompletableFuture<CreateResult> call = client.createAsync(REQUEST);
            assertTrue(call.cancel(true));
            assertThrows(java.util.concurrent.CancellationException.class, () -> source.pending.get(5, TimeUnit.SECONDS));

            CountDownLatch first = new CountDownLatch(1);
            Flow.Subscription[] subscription = new Flow.Subscription[1];
            client.createStream(REQUEST).subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription[0] = s;
                    s.request(1);
                }

                @Override
                public void onNext(ChatStreamEvent item) {
                    first.countDown();
                }

                @Override
                public void onError(Throwable throwable) {
                }

                @Override
                public void onComplete() {
                }
            });
            assertTrue(first.await(5, TimeUnit.SECONDS), "the first event arrives through both wrappers");
            subscription[0].cancel();
            assertTrue(source.subscriptionCancelled.await(5, TimeUnit.SECONDS), "the cancellation reaches the wrapped stream");
        }
    }
}

package dev.switchboard.samples;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.java.SwitchboardClient;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** Streams an answer through a {@link Flow.Publisher}, printing text as it arrives. */
public final class StreamingWithPublisher {
    private StreamingWithPublisher() {
    }

    /** Runs the sample. */
    public static void main(String[] args) throws InterruptedException {
        try (SwitchboardClient client = SampleClients.open("replay/streaming.jsonl")) {
            CreateRequest request = CreateRequest.builder()
                    .user("Write a haiku about streaming tokens.")
                    .build();

            CountDownLatch done = new CountDownLatch(1);
            client.createStream(request).subscribe(new Flow.Subscriber<>() {
                private Flow.Subscription subscription;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    s.request(1); // one event at a time: the publisher honours demand
                }

                @Override
                public void onNext(ChatStreamEvent event) {
                    if (event instanceof ChatStreamEvent.TextDelta delta) {
                        System.out.print(delta.getText());
                    } else if (event instanceof ChatStreamEvent.Completed completed) {
                        System.out.println();
                        System.out.println("Finish reason: " + completed.getResult().getFinishReason()
                                + ", completion tokens: " + completed.getResult().getUsage().getCompletionTokens());
                    }
                    subscription.request(1);
                }

                @Override
                public void onError(Throwable error) {
                    System.out.println();
                    System.out.println("Stream failed: " + error);
                    done.countDown();
                }

                @Override
                public void onComplete() {
                    done.countDown();
                }
            });
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The stream did not finish within 120 s");
            }
        }
    }
}

package dev.switchboard.java;

import dev.switchboard.ChatStreamEvent;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.Test;

/**
 * The Reactive Streams TCK (1.0.4) against {@link SwitchboardClient#createStreamReactive}, the
 * {@code org.reactivestreams} publisher; the same publishers, settings and skips as
 * {@link ChatStreamPublisherTckTest} (the TCK has one base class per publisher type).
 */
public class ReactiveChatStreamPublisherTckTest extends PublisherVerification<ChatStreamEvent> {
    private final TckClients clients = new TckClients();

    public ReactiveChatStreamPublisherTckTest() {
        super(new TestEnvironment(TckClients.TIMEOUT_MILLIS, TckClients.NO_SIGNALS_MILLIS), TckClients.TIMEOUT_MILLIS);
    }

    @Override
    public Publisher<ChatStreamEvent> createPublisher(long elements) {
        return clients.streaming(elements).createStreamReactive(TckClients.REQUEST);
    }

    @Override
    public Publisher<ChatStreamEvent> createFailedPublisher() {
        return clients.failing().createStreamReactive(TckClients.JSON_REQUEST);
    }

    @Override
    public long maxElementsFromPublisher() {
        return TckClients.MAX_ELEMENTS;
    }

    @Override
    @Test
    public void optional_spec105_emptyStreamMustTerminateBySignallingOnComplete() {
        notVerified(TckClients.NEVER_EMPTY);
    }

    @AfterClass
    public void closeClients() {
        clients.close();
    }
}

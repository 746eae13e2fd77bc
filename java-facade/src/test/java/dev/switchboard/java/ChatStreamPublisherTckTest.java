package dev.switchboard.java;

import dev.switchboard.ChatStreamEvent;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.Test;

/**
 * The Reactive Streams TCK (1.0.4) against {@link SwitchboardClient#createStream}, the publisher Java callers
 * get, over replay clients (see {@link TckClients}): a publisher of {@code n} elements replays {@code n - 1}
 * text deltas and the Completed event that ends every chat stream.
 *
 * <p>What is skipped, through the TCK's own mechanisms, and why:
 * <ul>
 *   <li>{@code required_spec317_mustNotSignalOnErrorWhenPendingAboveLongMaxValue} needs
 *       {@code Integer.MAX_VALUE} elements, more than {@link TckClients#MAX_ELEMENTS}: a chat stream is a
 *       finite answer.</li>
 *   <li>{@code optional_spec105_emptyStreamMustTerminateBySignallingOnComplete} needs an empty stream, and a
 *       chat stream always holds at least its Completed event (see {@link TckClients#NEVER_EMPTY}). The two
 *       required rule-1.9 tests that ask for 0 elements request none, so they hold for the one-event
 *       stream.</li>
 *   <li>the {@code untested_*} rules, which the TCK verifies for no publisher.</li>
 * </ul>
 * {@link ReactiveChatStreamPublisherTckTest} runs the same verification on the {@code org.reactivestreams}
 * publisher.
 */
public class ChatStreamPublisherTckTest extends FlowPublisherVerification<ChatStreamEvent> {
    private final TckClients clients = new TckClients();

    public ChatStreamPublisherTckTest() {
        super(new TestEnvironment(TckClients.TIMEOUT_MILLIS, TckClients.NO_SIGNALS_MILLIS), TckClients.TIMEOUT_MILLIS);
    }

    @Override
    public Flow.Publisher<ChatStreamEvent> createFlowPublisher(long elements) {
        return clients.streaming(elements).createStream(TckClients.REQUEST);
    }

    /** A request the model cannot take: every subscription fails with a CapabilityMissingException. */
    @Override
    public Flow.Publisher<ChatStreamEvent> createFailedFlowPublisher() {
        return clients.failing().createStream(TckClients.JSON_REQUEST);
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

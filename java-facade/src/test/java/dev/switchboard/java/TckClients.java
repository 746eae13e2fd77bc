package dev.switchboard.java;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.ModelInfo;
import dev.switchboard.RequestUsage;
import dev.switchboard.replay.ReplayChatCompletionClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The clients behind the publishers the Reactive Streams TCK verifies: replay clients whose streams hold an
 * exact number of events. Closes them all at the end.
 */
final class TckClients implements AutoCloseable {
    /** The TCK's default timeout, and how long it waits to be sure that no signal comes, in milliseconds. */
    static final long TIMEOUT_MILLIS = 2_000;
    static final long NO_SIGNALS_MILLIS = 200;
    /** The longest stream a verification asks for; a chat stream is a finite answer. */
    static final long MAX_ELEMENTS = 4_096;
    /**
     * Why the optional rule-1.5 test on an empty stream is not verified: asked for 0 elements,
     * {@link #streaming} gives the shortest chat stream there is, its Completed event alone, which that test
     * would wrongly accept, since it does not check that nothing came before onComplete.
     */
    static final String NEVER_EMPTY = "A chat stream is never empty: it always ends with its Completed event";
    static final CreateRequest REQUEST = CreateRequest.builder().user("Count").build();
    static final CreateRequest JSON_REQUEST = CreateRequest.builder().user("JSON").jsonOutput().build();
    /** Every subscription sends the request again, and the TCK subscribes some publishers more than once. */
    private static final int SUBSCRIPTIONS_PER_PUBLISHER = 5;
    private final List<SwitchboardClient> clients = new ArrayList<>();

    /**
     * A client whose stream holds {@code elements} events: {@code elements - 1} text deltas and the Completed
     * event that ends every chat stream; asked for 0, the shortest stream there is, Completed alone.
     */
    synchronized SwitchboardClient streaming(long elements) {
        int deltas = (int) Math.max(0, elements - 1);
        List<ChatStreamEvent> events = new ArrayList<>(deltas + 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < deltas; i++) {
            String delta = i + " ";
            text.append(delta);
            events.add(new ChatStreamEvent.TextDelta(delta, 0));
        }
        CreateResult result = CreateResult.ofText(text.toString(), FinishReason.STOP, RequestUsage.of(1, deltas));
        events.add(new ChatStreamEvent.Completed(result));
        ReplayChatCompletionClient.Builder replay = ReplayChatCompletionClient.builder();
        for (int i = 0; i < SUBSCRIPTIONS_PER_PUBLISHER; i++) replay.stream(events);
        return track(Clients.wrap(replay.build()));
    }

    /** A client of a model that cannot answer {@link #JSON_REQUEST}: its streams fail with CapabilityMissingException. */
    synchronized SwitchboardClient failing() {
        ReplayChatCompletionClient replay = ReplayChatCompletionClient.builder()
            .stream(List.of(new ChatStreamEvent.Completed(CreateResult.ofText("{}", FinishReason.STOP, RequestUsage.ZERO))))
            .modelInfo(ModelInfo.builder().build())
            .build();
        return track(Clients.wrap(replay));
    }

    private SwitchboardClient track(SwitchboardClient client) {
        clients.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        clients.forEach(SwitchboardClient::close);
        clients.clear();
    }
}

package dev.switchboard.java;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.HttpOptions;
import dev.switchboard.faults.FaultServer;
import dev.switchboard.faults.Scripts;
import dev.switchboard.openai.OpenAiConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.Test;

/**
 * The Reactive Streams TCK against {@link SwitchboardClient#createStream} over real HTTP: an OpenAI client, its
 * transport and the JDK engine against a loopback server that streams as many events as the TCK asks for
 * ({@code n - 1} text deltas, then the Completed event that {@code [DONE]} produces). Where
 * {@link ChatStreamPublisherTckTest} proves the publisher's rules over replayed streams, this one proves them
 * with a network, a connection to close on cancel, and an engine's own threads behind the publisher. What is
 * skipped, and why, is as in {@link ChatStreamPublisherTckTest}; the failed publisher is a stream the server
 * refuses with 401.
 */
public class HttpChatStreamPublisherTckTest extends FlowPublisherVerification<ChatStreamEvent> {
    private static final Pattern ELEMENTS = Pattern.compile("elements=(\\d+)");
    private final FaultServer server = new FaultServer();
    private final FaultServer refusing = new FaultServer();
    private final SwitchboardClient client;
    private final SwitchboardClient unauthorized;

    public HttpChatStreamPublisherTckTest() {
        super(new TestEnvironment(TckClients.TIMEOUT_MILLIS, TckClients.NO_SIGNALS_MILLIS), TckClients.TIMEOUT_MILLIS);
        server.answer(Scripts.sseFor(HttpChatStreamPublisherTckTest::frames));
        refusing.answer(Scripts.json(401, LoopbackOpenAi.error("Incorrect API key provided", "invalid_request_error", "invalid_api_key")));
        client = client(server);
        unauthorized = client(refusing);
    }

    private static SwitchboardClient client(FaultServer server) {
        return Clients.openAi("gpt-4o-mini", OpenAiConfig.builder()
            .apiKey("sk-" + "tck-test-key")
            .baseUrl(server.getBaseUrl() + "/v1")
            .httpOptions(HttpOptions.builder().maxRetries(0).build())
            .build());
    }

    /** The SSE events of a stream of as many chat events as the request's {@code elements=n} says. */
    private static List<String> frames(String requestBody) {
        Matcher m = ELEMENTS.matcher(requestBody);
        if (!m.find()) throw new IllegalArgumentException("no element count in " + requestBody);
        long elements = Long.parseLong(m.group(1));
        List<String> frames = new ArrayList<>();
        for (long i = 1; i < elements; i++) frames.add("data: " + LoopbackOpenAi.delta(i + " ") + "\n\n");
        frames.add("data: " + LoopbackOpenAi.finish() + "\n\n");
        frames.add("data: " + LoopbackOpenAi.usage(3, (int) Math.max(0, elements - 1)) + "\n\n");
        frames.add("data: [DONE]\n\n");
        return frames;
    }

    @Override
    public Flow.Publisher<ChatStreamEvent> createFlowPublisher(long elements) {
        return client.createStream(CreateRequest.builder().user("elements=" + elements).build());
    }

    @Override
    public Flow.Publisher<ChatStreamEvent> createFailedFlowPublisher() {
        return unauthorized.createStream(CreateRequest.builder().user("elements=3").build());
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
    public void close() {
        client.close();
        unauthorized.close();
        server.close();
        refusing.close();
    }
}

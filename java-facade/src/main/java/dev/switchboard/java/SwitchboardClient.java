package dev.switchboard.java;

import dev.switchboard.ChatCompletionClient;
import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.LlmMessage;
import dev.switchboard.ModelInfo;
import dev.switchboard.RequestUsage;
import dev.switchboard.SwitchboardException;
import dev.switchboard.Tool;
import dev.switchboard.cache.CacheStore;
import dev.switchboard.cache.ChatCompletionCache;
import dev.switchboard.events.CallEventLogger;
import dev.switchboard.java.internal.EventStream;
import dev.switchboard.java.internal.CoroutineBridge;
import dev.switchboard.ratelimit.RateLimiter;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;

/**
 * A client of one model, for Java: {@link CompletableFuture}s for calls, {@link Flow.Publisher}s for
 * streams, blocking variants for scripts, and structured answers parsed into records. Create one with
 * {@link Clients}; it is safe to share between threads, and {@link #close()} releases it.
 *
 * <p>Cancellation reaches the network: cancelling a future returned by {@link #createAsync} or
 * {@link #createStructuredAsync}, cancelling a stream's subscription, or closing a blocking stream closes the
 * HTTP exchange. Failures are the typed {@link SwitchboardException}s of the underlying client (an
 * {@code AuthenticationException} for a bad key, a {@code RateLimitException} with its retry advice, ...):
 * thrown as they are by the blocking methods, and as the cause of the futures' exceptional completion.
 *
 * <p>Every publisher returned here follows the Reactive Streams specification, as checked by its TCK: demand
 * is honoured (no more events than requested), signals are serial, {@code request(n)} with {@code n <= 0}
 * cancels the stream and signals {@link IllegalArgumentException}. Each subscription sends the request anew.
 */
public final class SwitchboardClient implements AutoCloseable {
    private final ChatCompletionClient delegate;
    private final String provider;
    private final CoroutineBridge bridge;
    /** Shared with the clients made by {@link #withCallbackExecutor}: closing one closes them all. */
    private final StreamRegistry streams;
    private final AtomicBoolean closed;

    SwitchboardClient(ChatCompletionClient delegate, String provider) {
        this(Objects.requireNonNull(delegate, "delegate"), Objects.requireNonNull(provider, "provider"),
            new CoroutineBridge(delegate), new StreamRegistry(), new AtomicBoolean());
    }

    private SwitchboardClient(ChatCompletionClient delegate, String provider, CoroutineBridge bridge,
                              StreamRegistry streams, AtomicBoolean closed) {
        this.delegate = delegate;
        this.provider = provider;
        this.bridge = bridge;
        this.streams = streams;
        this.closed = closed;
    }

    /**
     * This client, with your code run on {@code executor}: the dependent actions of the futures that
     * {@link #createAsync} and {@link #createStructuredAsync} return ({@code thenApply}, {@code thenAccept}, ...), the
     * {@code onNext}/{@code onError}/{@code onComplete} of stream subscribers, and {@link StreamListener}s. The two
     * clients share everything else (the connection pool, the usage totals, the lifecycle: closing either closes both).
     *
     * <p>By default your code runs on a cached pool of daemon threads of the library's ({@code switchboard-callback-N},
     * shared by every client in the JVM, idle threads ending after 60 s), so that code that blocks there holds up only
     * itself: each callback that blocks keeps one thread, the next gets another. Pass an executor of yours to bound
     * the threads or to run callbacks where your framework wants them (an event loop, a UI thread). An executor that
     * runs tasks in the calling thread ({@code Runnable::run}) runs your code on the HTTP engine's threads: never
     * block there.
     *
     * @throws IllegalStateException when this client is closed.
     */
    public SwitchboardClient withCallbackExecutor(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        checkOpen();
        return new SwitchboardClient(delegate, provider, bridge.withExecutor(executor), streams, closed);
    }

    /**
     * This client behind {@code wrapper}: a new client whose calls go through what {@code wrapper} makes of this one's
     * {@link ChatCompletionClient} (a cache, call events, telemetry, or a wrapper of your own such as a
     * {@link ForwardingModelClient}'s {@code asChatCompletionClient()}). The new client keeps this one's callback
     * executor; closing it closes the wrapper, which closes this client. Example: {@code client.with(telemetry::wrap)}.
     *
     * @throws IllegalStateException when this client is closed.
     * @throws NullPointerException when {@code wrapper} returns null.
     */
    public SwitchboardClient with(UnaryOperator<ChatCompletionClient> wrapper) {
        checkOpen();
        ChatCompletionClient wrapped = Objects.requireNonNull(Objects.requireNonNull(wrapper, "wrapper").apply(delegate), "The wrapper returned null");
        return new SwitchboardClient(wrapped, wrapped.getProvider()).withCallbackExecutor(bridge.getExecutor());
    }

    /**
     * This client with each call logged as a structured event on the SLF4J logger {@value CallEventLogger#LOGGER_NAME}
     * ({@code LLMCall}, {@code LLMStreamStart}, {@code LLMStreamEnd}), without messages or answers; see
     * {@link CallEventLogger}. {@link #logged(CallEventLogger)} takes another logger name or content capture.
     *
     * @throws IllegalStateException when this client is closed.
     */
    public SwitchboardClient logged() {
        return logged(CallEventLogger.DEFAULT);
    }

    /** This client with each call logged by {@code events} (a logger name, content capture); see {@link #logged()}. */
    public SwitchboardClient logged(CallEventLogger events) {
        return with(Objects.requireNonNull(events, "events")::wrap);
    }

    /**
     * This client behind {@code cache}: answers it has are served from its store, marked cached, streams replayed
     * event by event; {@link #getActualUsage()} leaves them out, {@link #getTotalUsage()} counts them. See
     * {@link ChatCompletionCache}; {@link #cached(CacheStore)} is a cache over a store with the defaults.
     *
     * @throws IllegalStateException when this client is closed.
     */
    public SwitchboardClient cached(ChatCompletionCache cache) {
        return with(Objects.requireNonNull(cache, "cache")::wrap);
    }

    /** This client behind a cache over {@code store}, with no TTL of its own and no coalescing; see {@link #cached(ChatCompletionCache)}. */
    public SwitchboardClient cached(CacheStore store) {
        return cached(ChatCompletionCache.of(Objects.requireNonNull(store, "store")));
    }

    /**
     * This client spending {@code limiter}'s budget of requests and tokens: a call over a limit waits (holding no
     * thread) up to the limiter's {@code maxWait}, or fails with a {@link dev.switchboard.ClientRateLimitException}
     * naming the limit and when it frees, before anything is sent; see {@link RateLimiter}.
     *
     * @throws IllegalStateException when this client is closed.
     */
    public SwitchboardClient rateLimited(RateLimiter limiter) {
        return with(Objects.requireNonNull(limiter, "limiter")::wrap);
    }

    /** The model's name as the provider knows it. */
    public String getModel() {
        return delegate.getModel();
    }

    /** What the model can do; requests are checked against it before anything is sent. */
    public ModelInfo getModelInfo() {
        return delegate.getModelInfo();
    }

    /** The tokens of every call made through this client, including answers served from a cache. */
    public RequestUsage getTotalUsage() {
        return delegate.getTotalUsage();
    }

    /** The tokens of the calls that reached the provider (cache hits excluded). */
    public RequestUsage getActualUsage() {
        return delegate.getActualUsage();
    }

    /** How many prompt tokens {@code messages} take for this model (exact where the tokenizer is known). */
    public int countTokens(List<? extends LlmMessage> messages) {
        return delegate.countTokens(List.copyOf(messages));
    }

    /** How many prompt tokens {@code messages} and {@code tools} take for this model. */
    public int countTokens(List<? extends LlmMessage> messages, List<Tool> tools) {
        return delegate.countTokens(List.copyOf(messages), List.copyOf(tools));
    }

    /** How many tokens of the context window remain after {@code messages}; {@link IllegalStateException} when it is unknown. */
    public int remainingTokens(List<? extends LlmMessage> messages) {
        return delegate.remainingTokens(List.copyOf(messages));
    }

    /** How many tokens of the window remain after {@code messages} and {@code tools}; see {@link #remainingTokens(List)}. */
    public int remainingTokens(List<? extends LlmMessage> messages, List<Tool> tools) {
        return delegate.remainingTokens(List.copyOf(messages), List.copyOf(tools));
    }

    /**
     * The client this one wraps, to compose it with wrappers (cache, retry, router) or pass it to Kotlin
     * code. Closing this client closes it.
     */
    public ChatCompletionClient unwrap() {
        return delegate;
    }

    /**
     * Sends {@code request}; the future completes with the answer.
     *
     * <p>The future completes on a thread of the callback executor ({@link #withCallbackExecutor}), so its dependent
     * actions run there and may block without holding up the library or other calls; an answer that is there before
     * the call first waits (a replay client's) completes it on the calling thread.
     *
     * <p>{@code future.cancel(true)} cancels the call and closes its connection. The future fails with the
     * typed {@link SwitchboardException} (a {@code CapabilityMissingException} when the model lacks what the
     * request needs: nothing is sent then), and with a {@link CancellationException} when this client is
     * closed before the answer arrives.
     *
     * @throws IllegalStateException when this client is closed.
     */
    public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
        Objects.requireNonNull(request, "request");
        checkOpen();
        return bridge.create(request, Function.identity());
    }

    /**
     * Sends {@code request} and waits for the answer.
     *
     * <p>If the waiting thread is interrupted, the call is cancelled (its connection closed), the thread's
     * interrupt flag is set again, and a {@link CancellationException} is thrown.
     *
     * @throws SwitchboardException the typed failure, as the underlying client threw it.
     * @throws CancellationException when the thread was interrupted or this client closed meanwhile.
     * @throws IllegalStateException when this client is closed.
     */
    public CreateResult create(CreateRequest request) {
        Objects.requireNonNull(request, "request");
        checkOpen();
        return bridge.createBlocking(request, Function.identity());
    }

    /**
     * Sends {@code request} asking for JSON matching the strict schema of {@code type} (see
     * {@link JavaSchemas}); the future completes with the answer parsed into {@code type}, on the same thread as
     * {@link #createAsync}'s. The model must
     * support structured output ({@link ModelInfo#isStructuredOutput()}), otherwise the future fails with a
     * {@code CapabilityMissingException} and nothing is sent. Cancelling the future cancels the call.
     *
     * <p>The future fails with a {@link dev.switchboard.ProtocolException} when the model refuses, calls a
     * tool instead, or sends JSON that is not a valid {@code type} (with the finish reason when the answer was
     * cut off at the token limit).
     *
     * @throws IllegalArgumentException when {@code type} has no strict JSON schema (a map, an {@code Object}
     *     property, a root that is not an object), or the request already sets another response format.
     * @throws IllegalStateException when this client is closed.
     */
    public <T> CompletableFuture<StructuredResult<T>> createStructuredAsync(CreateRequest request, Class<T> type) {
        CreateRequest structured = structuredRequest(request, type);
        return bridge.create(structured, parser(type));
    }

    /**
     * Sends {@code request} asking for JSON matching the schema of {@code type}, waits, and parses the answer;
     * see {@link #createStructuredAsync} for the failures and {@link #createAsync} for interruption.
     *
     * @throws SwitchboardException the typed failure; a {@link dev.switchboard.ProtocolException} when the
     *     answer is not a valid {@code type}.
     * @throws IllegalArgumentException when {@code type} has no strict JSON schema.
     */
    public <T> StructuredResult<T> createStructured(CreateRequest request, Class<T> type) {
        CreateRequest structured = structuredRequest(request, type);
        return bridge.createBlocking(structured, parser(type));
    }

    /** {@code request} asking for JSON of {@code type}'s schema; fails when this client is closed. */
    private CreateRequest structuredRequest(CreateRequest request, Class<?> type) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(type, "type");
        JsonBinding.require("Structured output into " + type.getSimpleName());
        CreateRequest structured = StructuredOutput.request(request, type);
        checkOpen();
        return structured;
    }

    /** Parses an answer into {@code type}, naming this client's provider and model in its errors. */
    private <T> Function<CreateResult, StructuredResult<T>> parser(Class<T> type) {
        String model = getModel();
        return result -> StructuredOutput.parse(result, type, provider, model);
    }

    /**
     * The answer to {@code request} as it is generated. Each subscription sends the request, as soon as it
     * starts; the last event of a complete stream is {@link ChatStreamEvent.Completed} with the whole result,
     * and a stream that breaks before it ends with {@code onError} (a {@code StreamInterruptedException} or
     * another {@link SwitchboardException}), never with a silent {@code onComplete}. A failure before the
     * first event (a rejected key, a capability the model lacks) is signalled even if nothing was requested.
     *
     * <p>Subscribers are signalled serially, never more events than requested, on a thread of the callback executor
     * ({@link #withCallbackExecutor}), or on the thread calling {@code request} when events were waiting for demand.
     * A subscriber that blocks in {@code onNext} holds up its own stream (its connection is not read meanwhile), never
     * the library or other streams.
     * Cancelling the subscription closes the connection; closing this client ends the stream with
     * {@code onError(CancellationException)}.
     *
     * @throws IllegalStateException when this client is closed.
     */
    public Flow.Publisher<ChatStreamEvent> createStream(CreateRequest request) {
        Objects.requireNonNull(request, "request");
        checkOpen();
        return new CompliantPublisher<>(bridge.stream(request), streams);
    }

    /**
     * {@link #createStream} as an {@code org.reactivestreams.Publisher}, for Reactor, RxJava, Akka and other libraries
     * built on Reactive Streams; same events and guarantees. Throws {@link IllegalStateException} when this client is closed.
     */
    public Publisher<ChatStreamEvent> createStreamReactive(CreateRequest request) {
        return FlowAdapters.toPublisher(createStream(request));
    }

    /**
     * The answer to {@code request} as a blocking stream of events, sent when the stream's first element is
     * pulled. Use it in try-with-resources: closing the stream (or interrupting the thread waiting on it)
     * closes the connection, even when not every event was read.
     *
     * <pre>{@code
     * try (Stream<ChatStreamEvent> events = client.createStreamBlocking(request)) {
     *     events.forEach(event -> { ... });
     * }
     * }</pre>
     *
     * <p>The stream is read on the thread that pulls its elements: that thread sends the request and decodes the
     * answer, with no other thread in between (the HTTP engine's threads only hand it the bytes), so no callback
     * executor is involved. A failed stream throws its {@link SwitchboardException} from the operation pulling the
     * next element; an interrupted wait throws a {@link CancellationException} with the interrupt flag set again;
     * closing this client ends it with a {@link CancellationException}. The stream is sequential and meant for one
     * thread.
     *
     * @throws IllegalStateException when this client is closed.
     */
    public Stream<ChatStreamEvent> createStreamBlocking(CreateRequest request) {
        Objects.requireNonNull(request, "request");
        checkOpen();
        AtomicReference<EventStream<ChatStreamEvent>> self = new AtomicReference<>();
        EventStream<ChatStreamEvent> events = bridge.blockingStream(request, () -> streams.remove(self.get()));
        self.set(events);
        if (!streams.add(events)) events.abort(StreamRegistry.closedException());
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(events.getEvents(), Spliterator.ORDERED | Spliterator.NONNULL), false)
            .onClose(events::close);
    }

    /**
     * Streams the answer to {@code request} into {@code listener} as it is generated; the future completes with the
     * whole answer (the same {@link CreateResult} that {@link #createAsync} gives, usage included) once the stream ends.
     * The shortest way to stream from Java:
     *
     * <pre>{@code
     * CreateResult result = client.createStream(request, new StreamListener() {
     *     @Override public void onText(String text) { System.out.print(text); }
     * }).join();
     * }</pre>
     *
     * <p>The request is sent, and the listener called one event at a time, on a thread of the callback executor
     * ({@link #withCallbackExecutor}); the future completes on that thread too. A listener that blocks holds up only
     * its own stream. {@code future.cancel(true)} cancels the stream and closes its connection. The future fails with
     * the stream's {@link SwitchboardException} when it breaks (never a short answer), with what a listener threw
     * (the stream is then cancelled), and with a {@link CancellationException} when this client is closed meanwhile.
     *
     * @throws IllegalStateException when this client is closed.
     */
    public CompletableFuture<CreateResult> createStream(CreateRequest request, StreamListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        checkOpen();
        return bridge.listen(request, listener);
    }

    /**
     * Closes this client: calls still running complete with a {@link CancellationException}, running streams
     * end with {@code onError(CancellationException)}, and the underlying client is closed (its HTTP client
     * too, when it owns one). Later calls throw {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            streams.closeAll();
            bridge.close();
        } finally {
            delegate.close();
        }
    }

    @Override
    public String toString() {
        return "SwitchboardClient(" + delegate + ")";
    }

    private void checkOpen() {
        if (closed.get()) throw new IllegalStateException("This SwitchboardClient (" + delegate + ") is closed");
    }
}

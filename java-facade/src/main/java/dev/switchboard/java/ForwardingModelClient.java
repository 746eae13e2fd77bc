package dev.switchboard.java;

import dev.switchboard.ChatCompletionClient;
import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.LlmMessage;
import dev.switchboard.Tool;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A wrapper written in Java: a {@link ModelClient} that passes every call to the client it wraps, so a subclass
 * overrides only what it changes (adds a header, rewrites the request, logs, counts) and calls {@code super} for the
 * rest. {@link #asChatCompletionClient()} is then a real {@link ChatCompletionClient} that composes with every other
 * wrapper, and {@link Clients#custom(ModelClient)} turns it into a {@link SwitchboardClient}.
 *
 * <pre>{@code
 * final class Tagged extends ForwardingModelClient {
 *     Tagged(SwitchboardClient delegate) { super(delegate); }
 *
 *     @Override
 *     public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
 *         return super.createAsync(request.newBuilder().header("X-Team", "search").build());
 *     }
 * }
 * }</pre>
 *
 * <p>Model, capabilities and usage are the wrapped client's (it checks each request and counts the tokens);
 * {@link #getProvider()} and {@link #countTokens} are too unless overridden. Closing this client closes the wrapped
 * one.
 *
 * <p>Cancellation passes through as long as the future and the publisher you return are the ones {@code super}
 * gave you (or ones that cancel them): a cancelled caller cancels your future, or the subscription to your
 * publisher, and the wrapped client's call with it. A dependent stage ({@code super.createAsync(r).thenApply(...)}) does
 * not cancel its source: cancel it yourself when the stage is cancelled.
 *
 * <p>Threads: as for {@link ModelClient}; the futures and publishers of {@code super} signal on the wrapped
 * client's callback executor ({@link SwitchboardClient#withCallbackExecutor}).
 */
public abstract class ForwardingModelClient extends ModelClient {
    private final SwitchboardClient delegate;

    /** A wrapper of {@code delegate}. */
    protected ForwardingModelClient(SwitchboardClient delegate) {
        super(Objects.requireNonNull(delegate, "delegate").unwrap());
        this.delegate = delegate;
    }

    /** A wrapper of {@code delegate}, a client from a provider's factory or another wrapper. */
    protected ForwardingModelClient(ChatCompletionClient delegate) {
        this(Clients.wrap(Objects.requireNonNull(delegate, "delegate")));
    }

    /** The client this one wraps. */
    protected final SwitchboardClient delegate() {
        return delegate;
    }

    /**
     * The wrapped client's answer to {@code request}; cancelling the future cancels its call. See
     * {@link SwitchboardClient#createAsync}.
     */
    @Override
    public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
        return delegate.createAsync(request);
    }

    /**
     * The wrapped client's stream for {@code request}; cancelling the subscription cancels its stream. See
     * {@link SwitchboardClient#createStream(CreateRequest)}.
     */
    @Override
    public Flow.Publisher<ChatStreamEvent> createStream(CreateRequest request) {
        return delegate.createStream(request);
    }

    /** The wrapped client's provider. */
    @Override
    public String getProvider() {
        return delegate.unwrap().getProvider();
    }

    /** The wrapped client's count. */
    @Override
    public int countTokens(List<LlmMessage> messages, List<Tool> tools) {
        return delegate.countTokens(messages, tools);
    }

    /** Closes the wrapped client. */
    @Override
    public void close() {
        delegate.close();
    }
}

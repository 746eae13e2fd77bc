package dev.switchboard.java;

import dev.switchboard.ChatCompletionClient;
import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.LlmMessage;
import dev.switchboard.ModelInfo;
import dev.switchboard.Tool;
import dev.switchboard.java.internal.ModelClients;
import dev.switchboard.TokenCounter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A model client written in Java: your own inference (a local model, a service this library has no provider for, a
 * rule-based stand-in for tests) behind the same interface as every provider. Implement {@link #createAsync}; override
 * {@link #createStream} when the model streams (by default the answer of {@code create} is streamed as events), and
 * {@link #countTokens} when you know the model's tokenizer. Then {@link #asChatCompletionClient()} is a real
 * {@link ChatCompletionClient} that every wrapper of this library accepts, and {@link Clients#custom(ModelClient)}
 * turns it into a {@link SwitchboardClient}.
 *
 * <pre>{@code
 * final class EchoModel extends ModelClient {
 *     EchoModel() { super("echo", ModelInfo.builder().build()); }
 *
 *     @Override
 *     public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
 *         return CompletableFuture.supplyAsync(() ->
 *             CreateResult.ofText("You said: " + lastUserText(request), FinishReason.STOP, RequestUsage.ZERO));
 *     }
 * }
 * }</pre>
 *
 * <p>What the library does for you around it: requests are checked against {@link #getModelInfo()} before your code
 * sees them (a {@code CapabilityMissingException} otherwise), usage is added up from your results, a stream that ends
 * without its {@link ChatStreamEvent.Completed} event is a {@code StreamInterruptedException}, and cancellation
 * reaches you: a Kotlin caller cancelled (or a {@code SwitchboardClient} future cancelled, a subscription cancelled)
 * cancels the future {@code create} returned, or the subscription to {@code createStream}'s publisher.
 *
 * <p>Threads: {@code create} and {@code createStream} are called on the caller's thread and should return at once;
 * do the work asynchronously (for instance with {@link CompletableFuture#supplyAsync(java.util.function.Supplier,
 * java.util.concurrent.Executor)} on an executor of yours). Implementations must be safe to call from several threads.
 */
public abstract class ModelClient implements AutoCloseable {
    private final String model;
    private final ModelInfo modelInfo;
    private final ChatCompletionClient adapter;

    /**
     * A client of {@code model}, which can do what {@code modelInfo} says.
     *
     * @throws IllegalArgumentException when {@code model} is blank.
     */
    protected ModelClient(String model, ModelInfo modelInfo) {
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) throw new IllegalArgumentException("A model name must not be blank");
        this.model = model;
        this.modelInfo = Objects.requireNonNull(modelInfo, "modelInfo");
        this.adapter = ModelClients.adapt(this);
    }

    /** A client that wraps {@code delegate}: see {@link ForwardingModelClient}. */
    ModelClient(ChatCompletionClient delegate) {
        Objects.requireNonNull(delegate, "delegate");
        this.model = delegate.getModel();
        this.modelInfo = delegate.getModelInfo();
        this.adapter = ModelClients.adaptForwarding(this, delegate);
    }

    /** The model's name. */
    public final String getModel() {
        return model;
    }

    /** What the model can do; every request is checked against it before {@link #createAsync} or {@link #createStream}. */
    public final ModelInfo getModelInfo() {
        return modelInfo;
    }

    /** The name calls are reported under in errors and logs; {@code "custom"} unless overridden. */
    public String getProvider() {
        return "custom";
    }

    /**
     * Answers {@code request}. The future completes with the answer, or exceptionally with what went wrong (a
     * {@link dev.switchboard.SwitchboardException} reaches the caller as it is). The library cancels the future when
     * its caller is cancelled: stop the work then if you can.
     */
    public abstract CompletableFuture<CreateResult> createAsync(CreateRequest request);

    /**
     * Answers {@code request} as it is generated; the publisher must honour demand and cancellation, end with one
     * {@link ChatStreamEvent.Completed} event holding the whole answer, and signal {@code onError} if the answer
     * breaks off. Each subscription must send the request anew (the publisher is cold).
     *
     * <p>By default: calls {@link #createAsync} on subscription and emits its answer as events (reasoning, text, each
     * tool call's start, arguments and end, then {@code Completed}).
     */
    public Flow.Publisher<ChatStreamEvent> createStream(CreateRequest request) {
        return ModelClients.eventsOf(this, request);
    }

    /**
     * How many prompt tokens {@code messages} and {@code tools} take for this model; by default an estimate of about 4
     * characters a token.
     */
    public int countTokens(List<LlmMessage> messages, List<Tool> tools) {
        return TokenCounter.ESTIMATE.count(messages, tools);
    }

    /** Releases what this client holds; called once, by the first close of its {@link ChatCompletionClient}. */
    @Override
    public void close() {
    }

    /** This client as a {@link ChatCompletionClient}, for wrappers and Kotlin code; always the same instance. */
    public final ChatCompletionClient asChatCompletionClient() {
        return adapter;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + getProvider() + ", " + model + ")";
    }
}

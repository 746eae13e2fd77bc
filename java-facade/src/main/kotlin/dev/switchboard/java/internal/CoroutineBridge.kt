package dev.switchboard.java.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.StreamInterruptedException
import dev.switchboard.java.StreamListener
import dev.switchboard.spi.CallerContexts
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.future.future
import kotlinx.coroutines.jdk9.asPublisher
import kotlinx.coroutines.runBlocking
import java.io.IOException
import java.io.UncheckedIOException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.Executor
import java.util.function.Function
import java.util.concurrent.Flow as JFlow

/**
 * The only place the Java facade meets coroutines: runs the suspend calls of one [ChatCompletionClient] under a job
 * this bridge owns, and turns its cold flows into publishers, blocking iterators and listener calls. Every signature
 * is plain Java so that the facade, written in Java, never names a Kotlin type. Not API: `internal` to Kotlin, and in
 * an `internal` package for Java.
 *
 * User code (a future's dependent actions, a subscriber's `onNext`, a listener) runs on [executor], never on a
 * thread the library needs: the HTTP engine's threads hand each step of a call over to [executor], so a callback that
 * blocks holds up only its own call or stream. Bridges made by [withExecutor] share the job, so closing one closes
 * all.
 *
 * What the calling thread carries for its calls (a tracing context: see [CallerContexts]) is captured when a call or
 * stream is made and added to the coroutine that runs it, so that it reaches the client on whatever thread runs it.
 */
@OptIn(SwitchboardSpi::class)
internal class CoroutineBridge private constructor(
    private val client: ChatCompletionClient,
    private val job: Job,
    /** Runs the user's code; see the class comment. */
    val executor: Executor,
) : AutoCloseable {
    private val dispatcher: CoroutineDispatcher = dispatcherOf(executor)
    private val scope = CoroutineScope(job + dispatcher + CoroutineName("switchboard-java"))
    /** The context of every stream's publisher, made once rather than per stream (a held stream keeps it). */
    private val streamContext = dispatcher + CoroutineName("switchboard-java-stream")

    constructor(client: ChatCompletionClient) : this(client, SupervisorJob(), CallbackExecutors.DEFAULT)

    /** A bridge of the same client and job whose user code runs on [executor]. */
    fun withExecutor(executor: Executor): CoroutineBridge = CoroutineBridge(client, job, executor)

    /**
     * Starts `client.create(request)` and completes the future with [mapper] applied to its result, on [executor]
     * (or on the calling thread, when the answer is there before `create` first suspends, as with a replay client).
     * Cancelling the future cancels the coroutine, and with it the HTTP exchange. [close] cancels every call still
     * running; their futures complete with a `CancellationException`.
     */
    fun <T> create(request: CreateRequest, mapper: Function<in CreateResult, out T>): CompletableFuture<T> =
        // Undispatched: the request is checked and encoded and handed to the engine on the caller's thread, which
        // saves a handoff to a pool thread per call; what follows the first suspension runs on the executor.
        scope.future(CallerContexts.capture(), CoroutineStart.UNDISPATCHED) { mapper.apply(client.create(request)) }

    /**
     * Runs `client.create(request)` on the calling thread until it has the answer, and returns [mapper] applied to it:
     * the blocking call of the facade, without a future or a pool thread in between (each handoff between threads
     * costs about as much CPU as a model call's own HTTP exchange over a fast network).
     *
     * If the thread is interrupted, the call is cancelled (its connection closed), the interrupt flag is set again and
     * a `CancellationException` is thrown; [close] cancels the call the same way. Failures are thrown as they are (a
     * checked one wrapped as `createAsync(...).join()` would: an `IOException` in an `UncheckedIOException`, others
     * in a `CompletionException`).
     */
    fun <T> createBlocking(request: CreateRequest, mapper: Function<in CreateResult, out T>): T {
        if (Thread.interrupted()) throw interrupted(InterruptedException())
        return try {
            runBlocking(job + CallerContexts.capture()) { mapper.apply(client.create(request)) }
        } catch (e: InterruptedException) {
            throw interrupted(e)
        } catch (e: RuntimeException) {
            throw e
        } catch (e: IOException) {
            throw UncheckedIOException(e)
        } catch (e: Exception) {
            // Java callers cannot catch a checked exception a method does not declare.
            throw CompletionException(e)
        }
    }

    private fun interrupted(e: InterruptedException): CancellationException {
        Thread.currentThread().interrupt()
        return CancellationException("Interrupted while waiting for the answer; the call was cancelled").apply { initCause(e) }
    }

    /**
     * The stream of [request] as a publisher whose subscribers are signalled on [executor]. Each subscription
     * collects the flow once; cancelling it cancels the collection and closes the connection. An exception thrown by
     * `client.createStream` itself reaches the subscriber's `onError`.
     *
     * This publisher ignores `request(n)` with `n <= 0` (kotlinx.coroutines' behaviour): the facade wraps it to
     * honour Reactive Streams rule 3.9.
     */
    fun stream(request: CreateRequest): JFlow.Publisher<ChatStreamEvent> =
        events(request).asPublisher(streamContext + CallerContexts.capture())

    /**
     * The stream of [request] as a blocking iterator collected on the reading thread (see [blockingEventStream]);
     * [onEnd] runs once it ends or is closed.
     */
    fun blockingStream(request: CreateRequest, onEnd: Runnable): EventStream<ChatStreamEvent> =
        blockingEventStream(events(request), job, onEnd)

    /**
     * Streams [request] into [listener], called on [executor] one event at a time (the stream is sent from there
     * too); the future completes with the
     * whole result. Cancelling the future cancels the stream and closes its connection; a listener that throws does
     * the same and fails the future with what it threw.
     */
    fun listen(request: CreateRequest, listener: StreamListener): CompletableFuture<CreateResult> {
        val events = events(request)
        // Dispatched, unlike create: the listener runs only on the executor, even for events that are there at once.
        return scope.future(CallerContexts.capture()) {
            var result: CreateResult? = null
            events.collect { event ->
                listener.onEvent(event)
                when (event) {
                    is ChatStreamEvent.TextDelta -> if (event.choiceIndex == 0) listener.onText(event.text)
                    is ChatStreamEvent.ThoughtDelta -> if (event.choiceIndex == 0) listener.onThought(event.text)
                    is ChatStreamEvent.ToolCallEnd -> if (event.choiceIndex == 0) listener.onToolCall(event.call)
                    is ChatStreamEvent.Completed -> result = event.result
                    is ChatStreamEvent.ToolCallStart, is ChatStreamEvent.ToolCallDelta -> Unit
                }
            }
            result ?: throw StreamInterruptedException(
                "The stream of '${client.model}' ended without its Completed event", "switchboard-java",
            )
        }
    }

    /** The client's flow as it is; a client that throws instead of returning a flow fails the collector the same way. */
    private fun events(request: CreateRequest): Flow<ChatStreamEvent> =
        try {
            client.createStream(request)
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            flow { throw e }
        }

    /** Cancels every call and stream started through this bridge (and the bridges made from it) that is still running. */
    override fun close() {
        job.cancel(CancellationException("The SwitchboardClient was closed"))
    }

    companion object {
        private val DEFAULT_DISPATCHER = CallbackExecutors.DEFAULT.asCoroutineDispatcher()

        /**
         * Runs [block] as a call of its own, tied to no client (a provider's discovery or listing), on the callback
         * executor ([CallbackExecutors.DEFAULT]), where the returned future then completes: its dependent actions may
         * block. The future is the only owner of the call's job: cancelling it cancels the call (and its HTTP exchange).
         * A value that arrives after the future was cancelled goes to [discard] (to close a client no one will get).
         * Hidden from Java (whose callers get the futures from [OllamaCalls]), as the facade's Java side names no Kotlin type.
         */
        @JvmSynthetic
        fun <T> detached(discard: (T) -> Unit, block: suspend () -> T): CompletableFuture<T> {
            val future = CompletableFuture<T>()
            val job = CoroutineScope(DEFAULT_DISPATCHER + CoroutineName("switchboard-java-call")).launch {
                val value = try {
                    block()
                } catch (e: Throwable) {
                    future.completeExceptionally(e)
                    return@launch
                }
                if (!future.complete(value)) discard(value)
            }
            future.whenComplete { _, e -> if (e is java.util.concurrent.CancellationException) job.cancel() }
            return future
        }

        private fun dispatcherOf(executor: Executor): CoroutineDispatcher =
            if (executor === CallbackExecutors.DEFAULT) DEFAULT_DISPATCHER else executor.asCoroutineDispatcher()
    }
}

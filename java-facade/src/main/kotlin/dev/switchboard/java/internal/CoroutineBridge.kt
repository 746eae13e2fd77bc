package dev.switchboard.java.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.future.future
import kotlinx.coroutines.jdk9.asPublisher
import kotlinx.coroutines.runBlocking
import java.io.IOException
import java.io.UncheckedIOException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.Flow
import java.util.function.Function

/**
 * The only place the Java facade meets coroutines: runs the suspend calls of one [ChatCompletionClient]
 * on a scope this bridge owns, and turns its cold flows into `Flow.Publisher`s. Every signature is plain
 * Java so that the facade, written in Java, never names a Kotlin type. Not API: `internal` to Kotlin, and
 * in an `internal` package for Java.
 */
internal class CoroutineBridge(private val client: ChatCompletionClient) : AutoCloseable {
    private val job = SupervisorJob()
    private val scope = CoroutineScope(job + Dispatchers.Default + CoroutineName("switchboard-java"))

    /**
     * Starts `client.create(request)` and completes the future with [mapper] applied to its result.
     * Cancelling the future cancels the coroutine, and with it the HTTP exchange. [close] cancels every
     * call still running; their futures complete with a `CancellationException`.
     */
    fun <T> create(request: CreateRequest, mapper: Function<in CreateResult, out T>): CompletableFuture<T> =
        // Undispatched: the request is checked and encoded and handed to the engine on the caller's thread, which
        // saves a handoff to a pool thread per call; what follows the first suspension runs on Dispatchers.Default
        // (never on the HTTP engine's threads), and so do the future's completion and its dependent actions.
        scope.future(start = CoroutineStart.UNDISPATCHED) { mapper.apply(client.create(request)) }

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
            runBlocking(job) { mapper.apply(client.create(request)) }
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
     * The stream of [request] as a publisher whose subscribers are signalled on [Dispatchers.Default].
     * Each subscription collects the flow once; cancelling it cancels the collection and closes the
     * connection. An exception thrown by `client.createStream` itself reaches the subscriber's `onError`.
     *
     * This publisher ignores `request(n)` with `n <= 0` (kotlinx.coroutines' behaviour): the facade
     * wraps it to honour Reactive Streams rule 3.9.
     */
    fun stream(request: CreateRequest): Flow.Publisher<ChatStreamEvent> {
        // The client's flow as it is (a wrapping flow would put every event through one more collector's checks);
        // a client that throws instead of returning a flow fails the subscriber the same way.
        val events = try {
            client.createStream(request)
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            flow { throw e }
        }
        return events.asPublisher(Dispatchers.Default + CoroutineName("switchboard-java-stream"))
    }

    /** Cancels every call started by [create] that is still running. Streams are cancelled by the facade. */
    override fun close() {
        job.cancel(CancellationException("The SwitchboardClient was closed"))
    }
}

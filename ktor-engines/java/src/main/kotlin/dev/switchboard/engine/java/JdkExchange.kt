package dev.switchboard.engine.java

import io.ktor.utils.io.ByteChannel
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.InternalAPI
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.launch
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.io.write
import java.io.IOException
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.ByteBuffer
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.concurrent.Flow
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * One exchange with the JDK client, seen from Ktor: [send] returns as soon as the response headers arrive
 * and the body then flows from the JDK's buffers straight into [channel].
 *
 * Both avoid handing work between threads: the headers are taken from the [HttpResponse.BodyHandler], on the
 * JDK thread that parsed them, rather than from the future `sendAsync` returns (the JDK completes that future
 * through an extra asynchronous step: on a machine with one or two processors, where the common fork-join
 * pool has fewer than two threads, that step starts a new thread for every call); and each body buffer is
 * written into [channel] by the JDK thread that received it, one demand at a time, so that a slow reader
 * holds the sender back (a coroutine waits only when the channel is full).
 *
 * When the call ends before the body does (the caller stopped reading or was cancelled) the body
 * subscription is cancelled, which makes the JDK close the connection instead of keeping a half-read body.
 */
@OptIn(InternalAPI::class)
internal class JdkExchange(private val scope: CoroutineScope, private val active: AtomicInteger) :
    HttpResponse.BodyHandler<Unit>, HttpResponse.BodySubscriber<Unit> {
    private val bytes = ByteChannel()
    private val subscription = AtomicReference<Flow.Subscription?>(null)
    private val headersDelivered = AtomicBoolean(false)
    /** The call waiting for the headers; cleared once they (or a failure) are delivered. */
    @Volatile
    private var waiter: CancellableContinuation<HttpResponse.ResponseInfo>? = null

    /** The body ended on the JDK side (completely or with an error): nothing left to abort. */
    @Volatile
    private var done = false

    @Volatile
    private var aborted = false

    /** The body, as Ktor reads it. */
    val channel: ByteReadChannel get() = bytes

    /** Whether this exchange still counts in [active]. */
    private val counted = AtomicBoolean(true)

    init {
        active.incrementAndGet()
    }

    /** Ends the exchange: a body not read to its end is dropped and its connection closed. Idempotent. */
    fun end() {
        if (!done) abort()
        ended()
    }

    /** Takes this exchange out of [active], once. */
    private fun ended() {
        if (counted.compareAndSet(true, false)) active.decrementAndGet()
    }

    /**
     * Sends [request] and returns the response status and headers. Cancelling the caller aborts the exchange and
     * closes its connection (Ktor's own `Java` engine cancels with `cancel(false)`, which the JDK ignores).
     *
     * The request goes through the blocking `HttpClient.send` on one of [senders]' threads: the thread waits only
     * until the headers arrive (the body then flows without it), and `send` costs the JDK less than `sendAsync`,
     * whose future the JDK completes through an extra asynchronous step (a new thread per call where the common
     * fork-join pool has fewer than two threads, as on one or two processors). A request that finds no sender free
     * within a short wait goes through `sendAsync`, so that the number of calls in flight is not bounded by threads.
     */
    suspend fun send(client: HttpClient, request: HttpRequest, senders: Senders): HttpResponse.ResponseInfo =
        suspendCancellableCoroutine { cont ->
            waiter = cont
            val task = object : SendTask() {
                @Volatile var future: CompletableFuture<HttpResponse<Unit>>? = null

                override fun blocking() = sendBlocking(client, request, cont)

                override fun async() {
                    val f: CompletableFuture<HttpResponse<Unit>> = try {
                        client.sendAsync(request, this@JdkExchange)
                    } catch (e: Throwable) {
                        fail(cont, e)
                        return
                    }
                    future = f
                    f.whenComplete { _, error -> if (error != null) fail(cont, if (error is CompletionException && error.cause != null) error.cause!! else error) }
                    if (aborted) f.cancel(true)
                }
            }
            // A blocking send that is interrupted cancels the exchange with cancel(true) itself.
            cont.invokeOnCancellation {
                task.cancel()
                task.future?.cancel(true)
                abort()
            }
            senders.submit(task)
        }

    private fun sendBlocking(client: HttpClient, request: HttpRequest, cont: CancellableContinuation<HttpResponse.ResponseInfo>) {
        try {
            client.send(request, this)
        } catch (e: InterruptedException) {
            // the caller was cancelled: send() has cancelled the exchange
            fail(cont, e)
        } catch (e: Throwable) {
            fail(cont, e)
        }
    }

    /** Fails the wait for the headers with [error], unless they arrived. */
    private fun fail(cont: CancellableContinuation<HttpResponse.ResponseInfo>, error: Throwable) {
        if (headersDelivered.compareAndSet(false, true)) {
            waiter = null
            cont.resumeWithException(error)
        }
    }

    // ---------------------------------------------------------------- BodyHandler: the headers arrived

    override fun apply(info: HttpResponse.ResponseInfo): HttpResponse.BodySubscriber<Unit> {
        val cont = waiter
        if (cont != null && headersDelivered.compareAndSet(false, true)) {
            // Not kept: the JDK holds on to its body subscriber (this) while the connection sits in its pool, and the
            // continuation would keep the whole call (its coroutine frames, decoder and buffers) with it.
            waiter = null
            // A response arriving after the call was cancelled has its body dropped: abort() cancels the subscription.
            cont.resume(info) { _, _, _ -> abort() }
        }
        return this
    }

    // ---------------------------------------------------------------- BodySubscriber: the body

    /** The body is read through [channel], not from this stage. */
    override fun getBody(): CompletionStage<Unit> = DONE

    override fun onSubscribe(s: Flow.Subscription) {
        if (!subscription.compareAndSet(null, s) || aborted) {
            s.cancel()
            return
        }
        s.request(1)
    }

    override fun onNext(item: List<ByteBuffer>) {
        if (aborted) return
        val sink = bytes.writeBuffer
        for (i in item.indices) sink.write(item[i])
        bytes.flushWriteBuffer()
        if (bytes.hasFreeSpace) {
            subscription.get()?.request(1)
        } else {
            // The reader is more than the channel's capacity behind: ask for more once it has caught up.
            scope.launch(start = CoroutineStart.UNDISPATCHED) {
                try {
                    bytes.flush()
                    subscription.get()?.request(1)
                } catch (e: Throwable) {
                    abort()
                }
            }
        }
    }

    override fun onError(throwable: Throwable) {
        done = true
        ended()
        bytes.cancel(if (throwable is IOException) throwable else IOException("The response body could not be read: $throwable", throwable))
    }

    override fun onComplete() {
        done = true
        ended()
        bytes.close()
    }

    /** Stops the transfer when the call ended before the body did; the JDK then closes the connection. */
    private fun abort() {
        if (aborted) return
        aborted = true
        subscription.getAndSet(null)?.cancel()
        if (!done) bytes.cancel(IOException("The call ended before its response body"))
    }

    private companion object {
        val DONE: CompletableFuture<Unit> = CompletableFuture.completedFuture(Unit)
    }
}

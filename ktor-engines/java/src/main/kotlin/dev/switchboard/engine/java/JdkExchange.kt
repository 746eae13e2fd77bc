package dev.switchboard.engine.java

import dev.switchboard.spi.BodySource
import dev.switchboard.spi.SwitchboardSpi
import io.ktor.utils.io.ByteChannel
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.cancel
import io.ktor.utils.io.writeFully
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.suspendCancellableCoroutine
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
import java.util.concurrent.atomic.AtomicReferenceArray
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * One exchange with the JDK client: [send] returns as soon as the response headers arrive, and the body is then read
 * through this [BodySource] straight from the JDK's buffers.
 *
 * Both avoid handing work between threads: the headers are taken from the [HttpResponse.BodyHandler], on the
 * JDK thread that parsed them, rather than from the future `sendAsync` returns (the JDK completes that future
 * through an extra asynchronous step: on a machine with one or two processors, where the common fork-join
 * pool has fewer than two threads, that step starts a new thread for every call); and each list of body buffers the
 * JDK delivers is handed to the reader as it is, with no channel in between: the reader copies the bytes into its own
 * array (the only copy). The JDK may hand over up to [READ_AHEAD] lists before the reader takes one, then waits for
 * the reader, so a slow reader holds the sender back.
 *
 * When the call ends before the body does (the caller stopped reading or was cancelled) the body
 * subscription is cancelled, which makes the JDK close the connection instead of keeping a half-read body.
 */
@OptIn(SwitchboardSpi::class)
internal class JdkExchange(private val scope: CoroutineScope, private val active: AtomicInteger) :
    BodySource(), HttpResponse.BodyHandler<Unit>, HttpResponse.BodySubscriber<Unit> {
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

    /** Whether this exchange still counts in [active]. */
    private val counted = AtomicBoolean(true)

    /** The list of buffers being read (the reader's own) and the index of the first one that may have bytes left. */
    private var current: List<ByteBuffer>? = null
    private var index = 0

    /**
     * The lists the JDK handed over that the reader has not taken yet, in a ring of one writer and one reader: the JDK
     * is asked for the next list while fewer than [READ_AHEAD] wait, and by the reader once it takes one of [READ_AHEAD].
     */
    private val pending = AtomicReferenceArray<List<ByteBuffer>?>(SLOTS)

    /** The count of lists handed over (the JDK's thread writes it) and taken (the reader writes it). */
    @Volatile
    private var handed = 0

    @Volatile
    private var taken = 0

    /**
     * How many lists may wait before the JDK is asked for the next: [READ_AHEAD] after one of the JDK's own,
     * [READ_AHEAD_SMALL] after a small one copied on arrival, which keeps only its bytes (see [copiedIfSmall]).
     */
    @Volatile
    private var limit = READ_AHEAD

    /** How the body ended: [COMPLETE] or the failure to throw; null while it runs. Set after the last [pending]. */
    private val end = AtomicReference<Any?>(null)

    /** The reader waiting for [pending] or [end]. */
    private val reader = AtomicReference<CancellableContinuation<Unit>?>(null)

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

    // ---------------------------------------------------------------- BodySubscriber: the JDK hands over

    /** The body is read through this [BodySource], not from this stage. */
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
        val small = copiedIfSmall(item, SMALL_LIST)
        val n = handed
        pending.lazySet(n and (SLOTS - 1), small ?: item)
        // Written before handed, read after it: the reader sees the limit this list was handed under (or a later one).
        val ahead = if (small != null) READ_AHEAD_SMALL else READ_AHEAD
        if (limit != ahead) limit = ahead
        handed = n + 1
        // With the reader's check in readNow, one of the two asks for the next list whatever the interleaving (both may).
        if (n + 1 - taken < ahead) subscription.get()?.request(1)
        if (reader.get() != null) wake()
    }

    override fun onError(throwable: Throwable) {
        done = true
        ended()
        finish(if (throwable is IOException) throwable else IOException("The response body could not be read: $throwable", throwable))
    }

    override fun onComplete() {
        done = true
        ended()
        finish(COMPLETE)
    }

    /** Stops the transfer when the call ended before the body did; the JDK then closes the connection. */
    private fun abort() {
        if (aborted) return
        aborted = true
        subscription.getAndSet(null)?.cancel()
        if (!done) finish(IOException("The call ended before its response body"))
    }

    private fun finish(how: Any) {
        if (end.compareAndSet(null, how)) wake()
    }

    private fun wake() {
        reader.getAndSet(null)?.resume(Unit)
    }

    // ---------------------------------------------------------------- BodySource: the reader takes over

    override val available: Int
        get() {
            val n = remaining(current, index)
            val t = taken
            return if (n > 0 || t == handed) n else remaining(pending.get(t and (SLOTS - 1)), 0)
        }

    override suspend fun awaitContent(): Boolean {
        while (true) {
            if (remaining(current, index) > 0 || taken != handed) return true
            val how = end.get()
            if (how != null) {
                if (taken != handed) return true
                if (how === COMPLETE) return false
                throw how as Throwable
            }
            suspendCancellableCoroutine { cont ->
                reader.set(cont)
                // Checked again once the reader is published: a hand-over in between would otherwise wake no one.
                if ((taken != handed || end.get() != null) && reader.compareAndSet(cont, null)) {
                    cont.resume(Unit)
                } else {
                    cont.invokeOnCancellation { reader.compareAndSet(cont, null) }
                }
            }
        }
    }

    override suspend fun read(buf: ByteArray, offset: Int, length: Int): Int {
        val n = readNow(buf, offset, length)
        // A tail call: reading what has arrived allocates nothing.
        return if (n != 0) n else readAfterWait(buf, offset, length)
    }

    private suspend fun readAfterWait(buf: ByteArray, offset: Int, length: Int): Int {
        while (true) {
            if (!awaitContent()) return -1
            val n = readNow(buf, offset, length)
            if (n != 0) return n
        }
    }

    /**
     * Copies what has arrived, up to [length] bytes, across buffers and lists: how many bytes, 0 when none has, -1 at
     * the end; the body's failure is thrown once the bytes before it are read.
     */
    private fun readNow(buf: ByteArray, offset: Int, length: Int): Int {
        var n = 0
        while (true) {
            val list = current
            if (list != null) {
                while (index < list.size) {
                    val b = list[index]
                    val r = b.remaining()
                    if (r > 0) {
                        val k = minOf(r, length - n)
                        b.get(buf, offset + n, k)
                        n += k
                        if (n == length) return n
                    }
                    index++
                }
                current = null
            }
            // The end is read before the list: a list handed over before the end is then seen.
            val how = end.get()
            val t = taken
            if (t == handed) {
                if (n > 0 || how == null) return n
                if (how === COMPLETE) return -1
                throw how as Throwable
            }
            val slot = t and (SLOTS - 1)
            current = pending.get(slot)
            pending.lazySet(slot, null)
            index = 0
            taken = t + 1
            // The JDK was not asked for more when this list made the limit waiting: ask it now.
            if (handed - t == limit && how == null) subscription.get()?.request(1)
        }
    }

    /** The lists handed over and not taken yet (for tests). */
    internal val waitingLists: Int get() = handed - taken

    /** How many of [waitingLists] are copies of their bytes alone, not the JDK's slices (for tests). */
    internal val waitingCopies: Int
        get() {
            var n = 0
            for (i in taken until handed) {
                val list = pending.get(i and (SLOTS - 1)) ?: continue
                val b = list.singleOrNull() ?: continue
                if (!b.isReadOnly && b.hasArray() && b.arrayOffset() == 0 && b.array().size == b.limit()) n++
            }
            return n
        }

    private fun remaining(list: List<ByteBuffer>?, from: Int): Int {
        if (list == null) return 0
        var n = 0
        for (i in from until list.size) n += list[i].remaining()
        return n
    }

    /**
     * The body as a Ktor channel, for a reader of [dev.switchboard.spi.ExchangeResponse.body] rather than of this
     * source: copied into it by a coroutine. A reader that cancels the channel ends that copy.
     */
    fun channel(): ByteReadChannel {
        val out = ByteChannel()
        scope.launch {
            try {
                val buf = ByteArray(CHANNEL_CHUNK)
                while (true) {
                    val n = read(buf, 0, buf.size)
                    if (n < 0) break
                    out.writeFully(buf, 0, n)
                    out.flush()
                }
                out.flushAndClose()
            } catch (e: Throwable) {
                out.cancel(e)
            }
        }
        return out
    }

    private companion object {
        val DONE: CompletableFuture<Unit> = CompletableFuture.completedFuture(Unit)

        /** [end] of a body read to its end. */
        val COMPLETE = Any()

        const val CHANNEL_CHUNK = 8192

        /** Lists of buffers the JDK may hand over before the reader takes them (the JDK's lists hold up to 16 KB each). */
        const val READ_AHEAD = 8

        /**
         * Lists the JDK may hand over after a small one ([SMALL_LIST] bytes or fewer, copied) before the reader takes one:
         * a reader more than a second behind a stream of a chunk every 100 ms still takes every chunk from the JDK as it
         * comes, and at most 14 × 8 KB wait.
         */
        const val READ_AHEAD_SMALL = 14

        /**
         * The most bytes a list may hold to be copied on arrival: a slow stream's chunk, or the few that pile up while
         * its reader is behind (a fast stream's lists hold about 16 KB).
         */
        const val SMALL_LIST = 8192

        /** Room for [READ_AHEAD_SMALL] lists and the one more a race between the two sides' demand may let in. */
        const val SLOTS = 16
    }
}

package dev.switchboard.engine.java

import io.ktor.utils.io.ByteChannel
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.writeFully
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import java.io.IOException
import java.nio.ByteBuffer
import java.util.concurrent.Flow
import java.util.concurrent.atomic.AtomicReference

/**
 * Moves a JDK response body ([Flow.Publisher] of buffers) into a Ktor [ByteReadChannel], one demand
 * at a time so that a slow reader holds the sender back. When the call ends first (the caller
 * stopped reading or was cancelled) the subscription is cancelled, which makes the JDK close the
 * connection instead of keeping a half-read body.
 */
internal class JdkBodyBridge(scope: CoroutineScope, callJob: Job) : Flow.Subscriber<List<ByteBuffer>> {
    private val bytes = ByteChannel()
    private val queue = Channel<List<ByteBuffer>>(Channel.UNLIMITED)
    private val subscription = AtomicReference<Flow.Subscription?>(null)

    @Volatile
    private var done = false

    /** The body, as Ktor reads it. */
    val channel: ByteReadChannel get() = bytes

    private val pump: Job = scope.launch(start = CoroutineStart.UNDISPATCHED) {
        try {
            for (buffers in queue) {
                for (i in buffers.indices) bytes.writeFully(buffers[i])
                bytes.flush()
                subscription.get()?.request(1)
            }
            done = true
            bytes.flushAndClose()
        } catch (e: Throwable) {
            bytes.cancel(if (e is IOException) e else IOException("The response body could not be read: $e", e))
            subscription.getAndSet(null)?.cancel()
        }
    }

    init {
        callJob.invokeOnCompletion { abort() }
    }

    override fun onSubscribe(s: Flow.Subscription) {
        if (!subscription.compareAndSet(null, s)) {
            s.cancel()
            return
        }
        if (pump.isCompleted) s.cancel() else s.request(1)
    }

    override fun onNext(item: List<ByteBuffer>) {
        queue.trySend(item)
    }

    override fun onError(throwable: Throwable) {
        queue.close(throwable)
    }

    override fun onComplete() {
        queue.close()
    }

    /** Stops the transfer when the call ended before the body did; the JDK then closes the connection. */
    private fun abort() {
        if (done) return
        subscription.getAndSet(null)?.cancel()
        queue.cancel()
        pump.cancel()
        bytes.cancel(IOException("The call ended before its response body"))
    }
}

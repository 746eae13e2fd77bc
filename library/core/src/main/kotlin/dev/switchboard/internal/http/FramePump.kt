package dev.switchboard.internal.http

import dev.switchboard.RequestTimeoutException
import dev.switchboard.spi.BodySource
import dev.switchboard.spi.FrameDecoder
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.FlowCollector
import java.io.EOFException
import java.util.concurrent.ScheduledFuture

/**
 * Reads a streamed body into its [FrameDecoder] and emits each frame, watching for silence: the per-chunk path
 * allocates nothing but frames, and the idle timeout counts only the time spent waiting for the network.
 */
@OptIn(SwitchboardSpi::class)
internal class FramePump(private val context: TransportContext) {

    /**
     * Reads [body] to its end (through [inflater] for a compressed body) into [decoder], emitting every frame to
     * [collector], under an idle watch that cancels [scopeJob] when the stream is silent too long.
     */
    suspend fun run(
        scopeJob: Job,
        body: BodySource,
        decoder: FrameDecoder,
        collector: FlowCollector<StreamFrame>,
        a: StreamExchange,
        length: Long?,
        inflater: BodyInflater?,
    ) {
        val idleWatch = IdleWatch(scopeJob, a)
        idleWatch.start()
        try {
            if (inflater == null) pump(body, decoder, collector, a, length) else pumpCompressed(body, decoder, collector, a, length, inflater)
        } finally {
            idleWatch.stop()
        }
    }

    private suspend fun pump(body: BodySource, decoder: FrameDecoder, collector: FlowCollector<StreamFrame>, a: StreamExchange, length: Long?) {
        // The read buffer is held only while there are bytes to decode: it goes back to the shared pool before
        // the stream waits, so that many open streams that mostly wait keep no buffer each.
        var buf: ByteArray? = null
        var total = 0L
        try {
            while (true) {
                var frame = decoder.next()
                while (frame != null) {
                    deliver(collector, frame, a)
                    frame = decoder.next()
                }
                if (body.available == 0) {
                    buf?.let { ReadBuffers.release(it) }
                    buf = null
                    a.waitingSince = System.nanoTime()
                    val more = body.awaitContent()
                    a.waitingSince = StreamExchange.NOT_WAITING
                    if (!more) {
                        checkLength(total, length)
                        break
                    }
                }
                val b = buf ?: ReadBuffers.take().also { buf = it }
                val n = body.read(b, 0, b.size)
                if (n < 0) {
                    checkLength(total, length)
                    break
                }
                total += n
                decoder.feed(b, 0, n)
            }
        } finally {
            buf?.let { ReadBuffers.release(it) }
        }
        decoder.endOfInput()?.let { deliver(collector, it, a) }
    }

    /** [pump] for a compressed body: the inflater keeps its input array, so the arrays are the stream's own. */
    private suspend fun pumpCompressed(
        body: BodySource,
        decoder: FrameDecoder,
        collector: FlowCollector<StreamFrame>,
        a: StreamExchange,
        length: Long?,
        inflater: BodyInflater,
    ) {
        val buf = ByteArray(CHUNK_BYTES)
        val inflated = ByteArray(CHUNK_BYTES)
        var total = 0L
        while (true) {
            var frame = decoder.next()
            while (frame != null) {
                deliver(collector, frame, a)
                frame = decoder.next()
            }
            val m = inflater.inflate(inflated)
            if (m > 0) {
                decoder.feed(inflated, 0, m)
                continue
            }
            val n: Int
            if (body.available == 0) {
                a.waitingSince = System.nanoTime()
                n = body.read(buf, 0, buf.size)
                a.waitingSince = StreamExchange.NOT_WAITING
            } else {
                n = body.read(buf, 0, buf.size)
            }
            if (n < 0) {
                checkLength(total, length)
                inflater.finish()
                break
            }
            total += n
            inflater.input(buf, 0, n)
        }
        decoder.endOfInput()?.let { deliver(collector, it, a) }
    }

    private fun checkLength(total: Long, length: Long?) {
        if (length != null && total < length) throw EOFException("the body ended after $total of its $length bytes")
    }

    /**
     * Emits [frame]; from then on nothing is retried, and what the collector throws passes through unchanged.
     * Inlined so that a frame costs no continuation of its own.
     */
    @Suppress("NOTHING_TO_INLINE")
    private suspend inline fun deliver(collector: FlowCollector<StreamFrame>, frame: StreamFrame, a: StreamExchange) {
        if (!a.emitted) {
            a.emitted = true
            a.events?.firstFrame(a.attempt, a.started)
        }
        try {
            collector.emit(frame)
        } catch (e: Throwable) {
            a.passThrough = true
            throw e
        }
    }

    /**
     * Cancels [scopeJob] once the stream has waited for bytes longer than the idle timeout. Time the collector spends
     * on a frame does not count: only waits for the network do.
     */
    private inner class IdleWatch(private val scopeJob: Job, private val a: StreamExchange) : Runnable {
        private val idleTimeoutNanos = context.idleTimeoutNanos
        @Volatile private var stopped = false
        @Volatile private var next: ScheduledFuture<*>? = null

        fun start() {
            next = Timers.schedule(idleTimeoutNanos, this)
        }

        fun stop() {
            stopped = true
            next?.cancel(false)
        }

        override fun run() {
            if (stopped) return
            val since = a.waitingSince
            val delay = if (since == StreamExchange.NOT_WAITING) {
                idleTimeoutNanos
            } else {
                val waited = System.nanoTime() - since
                if (waited >= idleTimeoutNanos) {
                    a.fired = RequestTimeoutException.Kind.IDLE
                    scopeJob.cancel()
                    return
                }
                idleTimeoutNanos - waited
            }
            next = Timers.schedule(delay, this)
        }
    }

    private companion object {
        const val CHUNK_BYTES = 16 * 1024
    }
}

package dev.switchboard.spi

import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.availableForRead
import io.ktor.utils.io.readAvailable

/**
 * A response body as it arrives, read into the caller's arrays: what the transport reads every body through
 * ([ExchangeResponse.bodySource]). An engine that has the body's bytes in buffers of its own hands them over here with
 * one copy and no channel in between; any other body is read through its [ByteReadChannel] ([of]).
 *
 * Read by one coroutine at a time; not thread-safe for readers.
 */
@SwitchboardSpi
public abstract class BodySource {
    /** How many bytes [read] can give now without waiting (0 when it would wait, or the body is at its end or broken). */
    public abstract val available: Int

    /**
     * Waits until [read] has bytes to give (true) or the body has ended (false).
     *
     * @throws Throwable the engine's exception when the body broke before its end.
     */
    public abstract suspend fun awaitContent(): Boolean

    /**
     * Copies up to [length] (at least 1) bytes of the body into [buf] from [offset], waiting until some have arrived:
     * how many it copied, or -1 at the body's end.
     *
     * @throws Throwable the engine's exception when the body broke before its end.
     */
    public abstract suspend fun read(buf: ByteArray, offset: Int, length: Int): Int

    /** Factories. */
    public companion object {
        /** The body [channel] carries, read through it. */
        @JvmStatic
        public fun of(channel: ByteReadChannel): BodySource = ChannelSource(channel)
    }

    private class ChannelSource(private val channel: ByteReadChannel) : BodySource() {
        override val available: Int get() = channel.availableForRead

        override suspend fun awaitContent(): Boolean {
            if (channel.awaitContent(1)) return true
            channel.closedCause?.let { throw it }
            return false
        }

        override suspend fun read(buf: ByteArray, offset: Int, length: Int): Int {
            val n = channel.readAvailable(buf, offset, length)
            if (n < 0) channel.closedCause?.let { throw it }
            return n
        }
    }
}

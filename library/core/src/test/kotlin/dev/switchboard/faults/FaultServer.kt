package dev.switchboard.faults

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.suspendCancellableCoroutine
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.StandardSocketOptions
import java.nio.ByteBuffer
import java.nio.channels.AsynchronousChannelGroup
import java.nio.channels.AsynchronousServerSocketChannel
import java.nio.channels.AsynchronousSocketChannel
import java.nio.channels.CompletionHandler
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executors
import java.util.concurrent.ThreadFactory
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicReference
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * A fault-injection HTTP/1.1 server on 127.0.0.1 that does, byte by byte, what its [Script] says: answer,
 * stall, stream, reset or close at an exact point. It is non-blocking (NIO.2 channels driven by coroutines on
 * two threads named `fault-server`), so thousands of connections cost no thread each.
 *
 * It counts what a reliability test asserts on: [attempts] (requests read), [connections] (accepted),
 * [open] (connections neither side has closed yet) and [inFlight] (open connections in the middle of an
 * exchange, as opposed to idle between two requests of a keep-alive connection, which a pooling client
 * may rightly keep). A connection the server keeps open (a stall, an endless stream) is closed only when
 * the client closes it: the server reads on all the time, so it notices the close at once.
 */
public class FaultServer @JvmOverloads constructor(listenOn: Int = 0) : AutoCloseable {
    private val pool = Executors.newFixedThreadPool(2, named("fault-server"))
    private val group = AsynchronousChannelGroup.withThreadPool(pool)
    private val scope = CoroutineScope(SupervisorJob() + pool.asCoroutineDispatcher())
    private val listener = AsynchronousServerSocketChannel.open(group)
        .setOption(StandardSocketOptions.SO_REUSEADDR, true)
        .bind(InetSocketAddress(InetAddress.getLoopbackAddress(), listenOn), 8192)
    private val script = AtomicReference<Script>(Script.named("no script") { respond(500, "text/plain", "no script set") })
    private val attemptCount = AtomicInteger()
    private val connectionCount = AtomicInteger()
    private val openCount = AtomicInteger()
    private val idleCount = AtomicInteger()
    private val written = AtomicLong()

    /** Every request read, in order. */
    public val requests: ConcurrentLinkedQueue<Request> = ConcurrentLinkedQueue()

    /** The port. */
    public val port: Int = (listener.localAddress as InetSocketAddress).port

    /** The server root, `http://127.0.0.1:<port>`, without a trailing slash. */
    public val baseUrl: String = "http://127.0.0.1:$port"

    /** Requests read so far: the attempts a client made. */
    public val attempts: Int get() = attemptCount.get()

    /** Connections accepted so far. */
    public val connections: Int get() = connectionCount.get()

    /** Connections not closed yet, by either side. */
    public val open: Int get() = openCount.get()

    /** Open connections in the middle of an exchange (not idle between requests). */
    public val inFlight: Int get() = openCount.get() - idleCount.get()

    /** Bytes written to clients so far. */
    public val bytesWritten: Long get() = written.get()

    init {
        accept()
    }

    /** Answers every next request with [script]. */
    public fun answer(script: Script): FaultServer = apply { this.script.set(script) }

    /** Answers every next request with [script]. */
    public fun answer(name: String, script: suspend Exchange.() -> Unit): FaultServer = answer(Script.named(name, script))

    /** Waits up to [timeoutMillis] for [inFlight] to be zero; returns the last count seen (0 on success). */
    public fun awaitNoneInFlight(timeoutMillis: Long): Int = awaitZero(timeoutMillis) { inFlight }

    /** Waits up to [timeoutMillis] for [open] to be zero; returns the last count seen (0 on success). */
    public fun awaitNoneOpen(timeoutMillis: Long): Int = awaitZero(timeoutMillis) { open }

    /** Waits up to [timeoutMillis] for [attempts] to reach [n]; returns the count then. */
    public fun awaitAttempts(n: Int, timeoutMillis: Long): Int {
        val deadline = System.nanoTime() + timeoutMillis * 1_000_000
        while (attempts < n && System.nanoTime() < deadline) Thread.sleep(5)
        return attempts
    }

    private fun awaitZero(timeoutMillis: Long, count: () -> Int): Int {
        val deadline = System.nanoTime() + timeoutMillis * 1_000_000
        while (true) {
            val n = count()
            if (n <= 0 || System.nanoTime() >= deadline) return n
            Thread.sleep(5)
        }
    }

    /** Stops listening and closes every connection. */
    override fun close() {
        runCatching { listener.close() }
        scope.cancel()
        group.shutdownNow()
        pool.shutdownNow()
    }

    override fun toString(): String =
        "FaultServer(port=$port, script=${script.get()}, attempts=$attempts, connections=$connections, open=$open, inFlight=$inFlight)"

    // ---------------------------------------------------------------------------------------------

    private fun accept() {
        listener.accept(null, object : CompletionHandler<AsynchronousSocketChannel, Any?> {
            override fun completed(channel: AsynchronousSocketChannel, attachment: Any?) {
                connectionCount.incrementAndGet()
                openCount.incrementAndGet()
                scope.launch { Connection(channel).serve() }
                if (listener.isOpen) accept()
            }

            override fun failed(exc: Throwable, attachment: Any?) {
                if (listener.isOpen) accept()
            }
        })
    }

    /** One accepted connection: a reader that runs all the time, and the exchanges on it, one after another. */
    internal inner class Connection(private val channel: AsynchronousSocketChannel) {
        private val inbox = Channel<ByteArray>(Channel.UNLIMITED)
        private var carry = ByteArray(0)
        private val peerClosed = CompletableDeferred<Unit>()
        private var closed = false
        private var idle = false

        suspend fun serve() {
            try {
                coroutineScope {
                    launch { readAll() }
                    while (true) {
                        setIdle(true)
                        val request = readRequest() ?: break
                        setIdle(false)
                        attemptCount.incrementAndGet()
                        requests += request
                        val exchange = Exchange(request, attemptCount.get(), this@Connection)
                        val current = script.get()
                        val outcome = runUntilPeerCloses { current.run(exchange) }
                        if (!outcome || exchange.ended) break
                    }
                    coroutineContext.cancel()
                }
            } catch (_: CancellationException) {
                // closed
            } catch (_: IOException) {
                // the peer went away while the script wrote
            } finally {
                setIdle(false)
                closeChannel()
            }
        }

        /** Runs [block] until it ends (true) or the client closes the connection first (false). */
        private suspend fun runUntilPeerCloses(block: suspend () -> Unit): Boolean = coroutineScope {
            val work = launch { block() }
            val finished = select {
                work.onJoin { true }
                peerClosed.onAwait { false }
            }
            if (!finished) work.cancel()
            finished && !work.isCancelled
        }

        private fun setIdle(value: Boolean) {
            if (value == idle) return
            idle = value
            if (value) idleCount.incrementAndGet() else idleCount.decrementAndGet()
        }

        private suspend fun readAll() {
            val buf = ByteBuffer.allocate(16 * 1024)
            try {
                while (true) {
                    buf.clear()
                    val n = channel.aRead(buf)
                    if (n < 0) break
                    val bytes = ByteArray(n)
                    buf.flip()
                    buf.get(bytes)
                    inbox.trySend(bytes)
                }
            } catch (_: IOException) {
                // reset by the peer
            } finally {
                inbox.close()
                peerClosed.complete(Unit)
            }
        }

        /** The next byte array of input, or null at the end of the input. */
        private suspend fun more(): Boolean {
            val next = inbox.receiveCatching().getOrNull() ?: return false
            carry = if (carry.isEmpty()) next else carry + next
            return true
        }

        /** Reads one request: its head and its body (Content-Length or chunked); null when the peer closed first. */
        suspend fun readRequest(): Request? {
            var headEnd = indexOf(carry, CRLFCRLF)
            while (headEnd < 0) {
                if (!more()) return null
                headEnd = indexOf(carry, CRLFCRLF)
            }
            val head = String(carry, 0, headEnd, Charsets.ISO_8859_1)
            carry = carry.copyOfRange(headEnd + 4, carry.size)
            val lines = head.split("\r\n")
            val requestLine = lines.first().split(' ')
            val headers = LinkedHashMap<String, String>()
            for (line in lines.drop(1)) {
                val colon = line.indexOf(':')
                if (colon > 0) headers[line.substring(0, colon).trim().lowercase()] = line.substring(colon + 1).trim()
            }
            val body = if (headers["transfer-encoding"]?.contains("chunked", ignoreCase = true) == true) {
                readChunkedBody() ?: return null
            } else {
                val length = headers["content-length"]?.toInt() ?: 0
                while (carry.size < length) if (!more()) return null
                carry.copyOfRange(0, length).also { carry = carry.copyOfRange(length, carry.size) }
            }
            return Request(requestLine.getOrElse(0) { "" }, requestLine.getOrElse(1) { "" }, headers, body.toString(Charsets.UTF_8))
        }

        private suspend fun readChunkedBody(): ByteArray? {
            val out = ByteArrayOutputStream()
            while (true) {
                var lineEnd = indexOf(carry, CRLF)
                while (lineEnd < 0) {
                    if (!more()) return null
                    lineEnd = indexOf(carry, CRLF)
                }
                val size = String(carry, 0, lineEnd, Charsets.ISO_8859_1).substringBefore(';').trim().toInt(16)
                carry = carry.copyOfRange(lineEnd + 2, carry.size)
                while (carry.size < size + 2) if (!more()) return null
                out.write(carry, 0, size)
                carry = carry.copyOfRange(size + 2, carry.size)
                if (size == 0) return out.toByteArray()
            }
        }

        suspend fun write(bytes: ByteArray) {
            val buf = ByteBuffer.wrap(bytes)
            while (buf.hasRemaining()) {
                val n = channel.aWrite(buf)
                written.addAndGet(n.toLong())
            }
        }

        suspend fun awaitPeerClose() = peerClosed.await()

        fun reset() {
            runCatching { channel.setOption(StandardSocketOptions.SO_LINGER, 0) }
            closeChannel()
        }

        fun closeChannel() {
            if (closed) return
            closed = true
            runCatching { channel.close() }
            openCount.decrementAndGet()
        }
    }

    /** One request as the server read it; header names in lower case. */
    public class Request(
        /** The method. */
        public val method: String,
        /** The path and query. */
        public val path: String,
        /** The headers, names in lower case. */
        public val headers: Map<String, String>,
        /** The body as text. */
        public val body: String,
    )

    /** What a [Script] can do with one request: answer it, in whole or in pieces, stall, reset or close. */
    public class Exchange internal constructor(
        /** The request. */
        public val request: Request,
        /** Which request this is since the server started, from 1. */
        public val attempt: Int,
        private val connection: Connection,
    ) {
        internal var ended = false

        /** Writes [bytes] as they are. */
        public suspend fun write(bytes: ByteArray): Unit = connection.write(bytes)

        /** Writes [text] as UTF-8, as it is. */
        public suspend fun write(text: String): Unit = write(text.toByteArray())

        /** A complete response with a Content-Length body. */
        public suspend fun respond(status: Int, contentType: String, body: ByteArray, vararg headers: String) {
            val head = StringBuilder("HTTP/1.1 $status ${reason(status)}\r\nContent-Type: $contentType\r\nContent-Length: ${body.size}\r\n")
            for (h in headers) head.append(h).append("\r\n")
            write(head.append("\r\n").toString().toByteArray() + body)
        }

        /** A complete response with a Content-Length body. */
        public suspend fun respond(status: Int, contentType: String, body: String, vararg headers: String): Unit =
            respond(status, contentType, body.toByteArray(), *headers)

        /** The head of a chunked response; then [chunk] and [endChunks]. */
        public suspend fun beginChunks(status: Int, contentType: String, vararg headers: String) {
            val head = StringBuilder("HTTP/1.1 $status ${reason(status)}\r\nContent-Type: $contentType\r\nTransfer-Encoding: chunked\r\n")
            for (h in headers) head.append(h).append("\r\n")
            write(head.append("\r\n").toString())
        }

        /** [bytes] as one chunk (nothing for an empty array: an empty chunk would end the body). */
        public suspend fun chunk(bytes: ByteArray) {
            if (bytes.isEmpty()) return
            write("${bytes.size.toString(16)}\r\n".toByteArray() + bytes + CRLF)
        }

        /** [text] as one chunk. */
        public suspend fun chunk(text: String): Unit = chunk(text.toByteArray())

        /** The last, empty chunk: the body is complete. */
        public suspend fun endChunks(): Unit = write("0\r\n\r\n")

        /** Sends a TCP reset (SO_LINGER 0, then close): the client sees "connection reset". */
        public fun reset() {
            ended = true
            connection.reset()
        }

        /** Closes the connection in an orderly way (FIN). */
        public fun close() {
            ended = true
            connection.closeChannel()
        }

        /** Suspends until the client closes the connection (the server never does): a stall without end. */
        public suspend fun awaitClientClose() {
            connection.awaitPeerClose()
            ended = true
        }
    }

    /** A named server behaviour for each request. */
    public class Script(private val name: String, internal val run: suspend Exchange.() -> Unit) {
        override fun toString(): String = name

        /** Factories. */
        public companion object {
            /** A script named [name] (shown in failures) doing [run]. */
            @JvmStatic
            public fun named(name: String, run: suspend Exchange.() -> Unit): Script = Script(name, run)
        }
    }

    private companion object {
        val CRLF = "\r\n".toByteArray()
        val CRLFCRLF = "\r\n\r\n".toByteArray()

        fun named(prefix: String): ThreadFactory {
            val n = AtomicInteger()
            return ThreadFactory { r -> Thread(r, "$prefix-${n.incrementAndGet()}").apply { isDaemon = true } }
        }

        fun indexOf(data: ByteArray, pattern: ByteArray): Int {
            outer@ for (i in 0..data.size - pattern.size) {
                for (j in pattern.indices) if (data[i + j] != pattern[j]) continue@outer
                return i
            }
            return -1
        }

        fun reason(status: Int): String = when (status) {
            200 -> "OK"
            400 -> "Bad Request"
            401 -> "Unauthorized"
            429 -> "Too Many Requests"
            500 -> "Internal Server Error"
            502 -> "Bad Gateway"
            503 -> "Service Unavailable"
            504 -> "Gateway Timeout"
            529 -> "Overloaded"
            else -> "Status"
        }

        suspend fun AsynchronousSocketChannel.aRead(buf: ByteBuffer): Int = suspendCancellableCoroutine { cont ->
            read(buf, null, handler(cont))
        }

        suspend fun AsynchronousSocketChannel.aWrite(buf: ByteBuffer): Int = suspendCancellableCoroutine { cont ->
            write(buf, null, handler(cont))
        }

        fun handler(cont: kotlinx.coroutines.CancellableContinuation<Int>) = object : CompletionHandler<Int, Any?> {
            override fun completed(result: Int, attachment: Any?) = cont.resume(result)
            override fun failed(exc: Throwable, attachment: Any?) {
                cont.resumeWithException(if (exc is IOException) exc else IOException(exc))
            }
        }
    }
}

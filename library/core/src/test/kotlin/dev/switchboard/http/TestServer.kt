package dev.switchboard.http

import io.ktor.server.application.Application
import io.ktor.server.cio.CIO
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.embeddedServer
import kotlinx.coroutines.runBlocking
import java.io.InputStream
import java.io.OutputStream
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger
import kotlin.concurrent.thread

/** A real Ktor CIO server on 127.0.0.1 and a random port. */
public class TestServer(module: Application.() -> Unit) : AutoCloseable {
    private val server: EmbeddedServer<*, *> = embeddedServer(CIO, port = 0, host = "127.0.0.1", module = module).start(wait = false)

    /** The port the server listens on. */
    public val port: Int = runBlocking { server.engine.resolvedConnectors().first().port }

    /** The URL of [path] on this server. */
    public fun url(path: String): String = "http://127.0.0.1:$port$path"

    override fun close() {
        server.stop(0, 1000)
    }
}

/**
 * A plain socket server that answers every connection with [script], for what a well-behaved HTTP
 * server cannot do: drop a connection half-way through a body. It counts connections.
 */
public class RawServer(private val script: (input: InputStream, output: OutputStream, connection: Int) -> Unit) : AutoCloseable {
    private val socket = ServerSocket().apply { bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0)) }
    private val pool = Executors.newCachedThreadPool { r -> Thread(r, "raw-server").apply { isDaemon = true } }
    private val open = CopyOnWriteArrayList<Socket>()

    /** Connections accepted so far. */
    public val connections: AtomicInteger = AtomicInteger()

    /** The port. */
    public val port: Int = socket.localPort

    /** The URL of [path]. */
    public fun url(path: String): String = "http://127.0.0.1:$port$path"

    init {
        thread(isDaemon = true, name = "raw-server-accept") {
            while (!socket.isClosed) {
                val s = try {
                    socket.accept()
                } catch (_: Exception) {
                    break
                }
                open += s
                val n = connections.incrementAndGet()
                pool.execute {
                    try {
                        s.use { script(it.getInputStream(), it.getOutputStream(), n) }
                    } catch (_: Exception) {
                    }
                }
            }
        }
    }

    override fun close() {
        socket.close()
        open.forEach { runCatching { it.close() } }
        pool.shutdownNow()
    }

    public companion object {
        /** Reads one request's head and its Content-Length body; returns the head. */
        public fun readRequest(input: InputStream): String {
            val head = StringBuilder()
            var last4 = 0
            while (true) {
                val b = input.read()
                if (b < 0) break
                head.append(b.toChar())
                last4 = (last4 shl 8) or b
                if (last4 == 0x0D0A0D0A) break
            }
            val length = Regex("(?i)content-length:\\s*(\\d+)").find(head)?.groupValues?.get(1)?.toInt() ?: 0
            var left = length
            while (left > 0) {
                if (input.read() < 0) break
                left--
            }
            return head.toString()
        }
    }
}

/**
 * A loopback port whose accept queue is full, so that connecting to it hangs until the client's
 * connect timeout: a listening socket with a backlog of one that never accepts, filled up first.
 */
public class HangingPort : AutoCloseable {
    private val server = ServerSocket().apply { bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1) }
    private val fillers = ArrayList<Socket>()

    /** The port. */
    public val port: Int = server.localPort

    init {
        for (i in 0 until 8) {
            val s = Socket()
            try {
                s.connect(InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200)
                fillers += s
            } catch (_: Exception) {
                s.close()
                break
            }
        }
    }

    /** A URL on this port. */
    public fun url(path: String): String = "http://127.0.0.1:$port$path"

    override fun close() {
        fillers.forEach { runCatching { it.close() } }
        server.close()
    }
}

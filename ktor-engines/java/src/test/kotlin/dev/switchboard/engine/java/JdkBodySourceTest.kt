package dev.switchboard.engine.java

import dev.switchboard.HttpOptions
import dev.switchboard.spi.BodySource
import dev.switchboard.spi.ExchangeRequest
import dev.switchboard.spi.FailureKind
import dev.switchboard.spi.HttpExchanger
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.ktor.utils.io.readRemaining
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout
import kotlinx.io.readByteArray
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.OutputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.URI
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicLong
import kotlin.random.Random

/**
 * The java engine's body, read through its [BodySource] straight from the JDK's buffers: whole and in order however
 * the bytes are cut, a slow reader holds the sender back, a broken body is an I/O failure after the bytes that came,
 * and a reader cancelled while it waits closes the connection.
 */
class JdkBodySourceTest : FunSpec({
    timeout = 60_000L

    fun payload(seed: Int, size: Int): ByteArray = Random(seed).nextBytes(size)

    /** Reads [source] to its end in random sizes, sometimes pausing, checking [BodySource.available] on the way. */
    suspend fun readAll(source: BodySource, rnd: Random): ByteArray {
        val out = ByteArrayOutputStream()
        val buf = ByteArray(40_000)
        while (true) {
            if (rnd.nextInt(50) == 0) delay(1)
            if (source.available == 0 && rnd.nextBoolean() && !source.awaitContent()) break
            val n = source.read(buf, 3, 1 + rnd.nextInt(buf.size - 3))
            if (n < 0) break
            out.write(buf, 3, n)
        }
        // The end stays the end.
        source.read(buf, 0, 10) shouldBe -1
        source.awaitContent() shouldBe false
        return out.toByteArray()
    }

    test("bytes written in random pieces arrive whole and in order, read in random sizes") {
        for (seed in 1..5) {
            val body = payload(seed, 1_000_000 + seed * 77_777)
            RawServer { out ->
                val rnd = Random(seed)
                out.write(head(body.size.toLong()))
                var p = 0
                while (p < body.size) {
                    val n = minOf(body.size - p, 1 + rnd.nextInt(20_000))
                    out.write(body, p, n)
                    out.flush()
                    p += n
                    if (rnd.nextInt(20) == 0) Thread.sleep(1)
                }
            }.use { server ->
                exchanger().use { ex ->
                    ex.exchange(server.request()) { r -> readAll(r.bodySource(), Random(seed * 31)) }.contentEquals(body) shouldBe true
                }
            }
        }
    }

    test("a slow stream's small chunks, between large pieces, arrive whole and in order while the reader lags") {
        for (seed in 1..4) {
            val body = payload(seed, 400_000)
            RawServer { out ->
                val rnd = Random(seed)
                out.write(head(body.size.toLong()))
                var p = 0
                while (p < body.size) {
                    // mostly chunks of a few hundred bytes, each on its own (so each is a list of its own), some large
                    val n = minOf(body.size - p, if (rnd.nextInt(8) == 0) 5_000 + rnd.nextInt(30_000) else 1 + rnd.nextInt(2_500))
                    out.write(body, p, n)
                    out.flush()
                    p += n
                    if (rnd.nextInt(4) == 0) Thread.sleep(1)
                }
            }.use { server ->
                exchanger().use { ex ->
                    ex.exchange(server.request()) { r ->
                        val rnd = Random(seed * 17)
                        val source = r.bodySource()
                        val got = ByteArrayOutputStream()
                        val buf = ByteArray(4096)
                        while (true) {
                            if (rnd.nextInt(30) == 0) delay(5)
                            val n = source.read(buf, 0, 1 + rnd.nextInt(buf.size))
                            if (n < 0) break
                            got.write(buf, 0, n)
                        }
                        got.toByteArray()
                    }.contentEquals(body) shouldBe true
                }
            }
        }
    }

    test("a slow stream whose reader lags keeps the chunks that wait as copies of their bytes, not the JDK's buffers") {
        val chunk = ByteArray(300) { 'x'.code.toByte() }
        val chunks = 100
        RawServer { out ->
            out.write(head(chunk.size.toLong() * chunks))
            out.flush()
            repeat(chunks) {
                out.write(chunk)
                out.flush()
                Thread.sleep(10)
            }
        }.use { server ->
            exchanger().use { ex ->
                ex.exchange(server.request()) { r ->
                    val source = r.bodySource()
                    val buf = ByteArray(chunk.size)
                    var total = source.read(buf, 0, 1).toLong()
                    delay(600)
                    // The JDK handed over the chunks as they came (each a slice of its 16 KB array), up to fourteen.
                    val exchange = source as JdkExchange
                    exchange.waitingLists shouldBeGreaterThan 9
                    exchange.waitingCopies shouldBe exchange.waitingLists
                    while (true) {
                        val n = source.read(buf, 0, buf.size)
                        if (n < 0) break
                        total += n
                    }
                    total shouldBe chunk.size.toLong() * chunks
                }
            }
        }
    }

    test("the body read as a Ktor channel instead is the same bytes") {
        val body = payload(9, 700_000)
        RawServer { out ->
            out.write(head(body.size.toLong()))
            for (p in body.indices step 9_999) {
                out.write(body, p, minOf(9_999, body.size - p))
                out.flush()
            }
        }.use { server ->
            exchanger().use { ex ->
                ex.exchange(server.request()) { r -> r.body().readRemaining().readByteArray() }.contentEquals(body) shouldBe true
            }
        }
    }

    test("a reader that stops holds the sender back, and then reads everything") {
        val size = 64L * 1024 * 1024
        val written = AtomicLong()
        RawServer { out ->
            out.write(head(size))
            val chunk = ByteArray(64 * 1024) { 7 }
            while (written.get() < size) {
                out.write(chunk)
                written.addAndGet(chunk.size.toLong())
            }
            out.flush()
        }.use { server ->
            exchanger().use { ex ->
                ex.exchange(server.request()) { r ->
                    val source = r.bodySource()
                    val buf = ByteArray(16 * 1024)
                    var total = source.read(buf, 0, 1).toLong()
                    delay(1_000)
                    // The JDK reads ahead a few lists and the sockets buffer some more; far less than the body.
                    written.get() shouldBeLessThan size / 2
                    while (true) {
                        val n = source.read(buf, 0, buf.size)
                        if (n < 0) break
                        total += n
                    }
                    total shouldBe size
                }
            }
        }
    }

    test("a body cut off before its length is an I/O failure, after the bytes that came") {
        val body = payload(3, 50_000)
        RawServer { out ->
            out.write(head(100_000))
            out.write(body)
            out.flush()
        }.use { server ->
            exchanger().use { ex ->
                val got = ByteArrayOutputStream()
                val e = shouldThrow<IOException> {
                    ex.exchange(server.request()) { r ->
                        val source = r.bodySource()
                        val buf = ByteArray(8192)
                        while (true) {
                            val n = source.read(buf, 0, buf.size)
                            if (n < 0) break
                            got.write(buf, 0, n)
                        }
                    }
                }
                ex.classify(e) shouldBe FailureKind.IO
                got.toByteArray().contentEquals(body) shouldBe true
            }
        }
    }

    test("a reader cancelled while it waits for bytes ends the exchange and closes the connection") {
        val closed = CountDownLatch(1)
        RawServer { out ->
            out.write(head(1_000_000))
            out.write(ByteArray(10))
            out.flush()
            try {
                // One byte every 50 ms until the client has gone.
                repeat(200) {
                    Thread.sleep(50)
                    out.write(1)
                    out.flush()
                }
            } catch (e: IOException) {
                closed.countDown()
            }
        }.use { server ->
            exchanger().use { ex ->
                shouldThrow<TimeoutCancellationException> {
                    withTimeout(500) {
                        ex.exchange(server.request()) { r ->
                            val source = r.bodySource()
                            val buf = ByteArray(100)
                            while (true) if (source.read(buf, 0, buf.size) < 0) break
                        }
                    }
                }
                closed.await(5, TimeUnit.SECONDS) shouldBe true
            }
        }
    }
})

private fun exchanger(): HttpExchanger = JavaEngineProvider.create(HttpOptions.DEFAULT)

private fun head(length: Long): ByteArray =
    "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: $length\r\n\r\n".toByteArray()

/**
 * A loopback HTTP/1.1 server that reads each request (its head added to [heads], when given) and answers it with
 * [answer]'s bytes, then closes.
 */
internal class RawServer(
    private val heads: MutableCollection<String>? = null,
    private val answer: (OutputStream) -> Unit,
) : AutoCloseable {
    private val socket = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    private val thread = Thread {
        while (!socket.isClosed) {
            val s = try {
                socket.accept()
            } catch (e: IOException) {
                break
            }
            Thread { serve(s) }.apply { isDaemon = true }.start()
        }
    }.apply { isDaemon = true; start() }

    fun request(): ExchangeRequest = ExchangeRequest(
        "POST", URI("http://127.0.0.1:${socket.localPort}/body"), arrayOf("Content-Type", "application/json"), "{}".toByteArray(),
    )

    private fun serve(s: Socket) {
        s.use {
            val input = it.getInputStream()
            // The request head, then its body by Content-Length.
            val head = StringBuilder()
            while (!head.endsWith("\r\n\r\n")) {
                val b = input.read()
                if (b < 0) return
                head.append(b.toChar())
            }
            val length = Regex("(?i)content-length: *(\\d+)").find(head)?.groupValues?.get(1)?.toInt() ?: 0
            input.readNBytes(length)
            heads?.add(head.toString())
            try {
                answer(it.getOutputStream())
            } catch (_: IOException) {
                // the client went away
            }
        }
    }

    override fun close() {
        socket.close()
        thread.join(1000)
    }
}

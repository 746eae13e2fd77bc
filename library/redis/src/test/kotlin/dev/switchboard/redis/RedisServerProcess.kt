package dev.switchboard.redis

import redis.embedded.core.ExecutableProvider
import java.io.File
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.nio.file.Files
import java.util.concurrent.TimeUnit

/**
 * A Redis server for tests, on 127.0.0.1 and a port that was free, with nothing saved to disk
 * (`--save "" --appendonly no`). Its [binary] is `redis-server` from the PATH when there is one (Debian's
 * `redis-server` package gives Redis 7), else the Redis 6.2 binary that embedded-redis ships for this OS, extracted
 * by its `ExecutableProvider`; the tests then need neither an install nor the network. [stop] and [start] again
 * keep the port, for the tests of a Redis that goes away and comes back; [pause] and [resume] freeze the process
 * (SIGSTOP/SIGCONT), for a Redis that keeps its connections but does not answer.
 *
 * Not thread-safe; [close] stops the server, and so does the JVM's exit if a test did not.
 */
class RedisServerProcess private constructor(
    /** The port it listens on, also across a stop and start. */
    val port: Int,
    private val extraArgs: List<String>,
) : AutoCloseable {
    /** The `redis-server` executable used, and where it came from ("PATH" or "embedded-redis"). */
    val binary: File = BINARY.first
    val binarySource: String = BINARY.second

    private val dir: File = Files.createTempDirectory("redis-test-$port").toFile()
    private val log = File(dir, "redis.log")
    private var process: Process? = null
    private val hook = Thread { process?.destroyForcibly() }.also { Runtime.getRuntime().addShutdownHook(it) }

    /** `redis://127.0.0.1:<port>`. */
    val uri: String get() = "redis://127.0.0.1:$port"

    /** Whether the process is running. */
    val isRunning: Boolean get() = process?.isAlive == true

    /** Starts the server (if it is not running) and waits until it answers PING, for up to 15 s. */
    fun start(): RedisServerProcess = apply {
        if (isRunning) return@apply
        val args = listOf(binary.absolutePath, "--port", "$port", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.absolutePath) + extraArgs
        val started = ProcessBuilder(args).directory(dir).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start()
        process = started
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15)
        try {
            while (!answersPing()) {
                check(started.isAlive) { "redis-server ($binarySource, $binary) exited with ${started.exitValue()}:\n${log.readText()}" }
                check(System.nanoTime() < deadline) { "redis-server ($binarySource) did not answer PING on port $port within 15 s:\n${log.readText()}" }
                Thread.sleep(20)
            }
        } catch (e: Throwable) {
            stop()
            throw e
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s) and waits until it has exited; its connections close. */
    fun stop() {
        val running = process ?: return
        resume()
        running.destroy()
        if (!running.waitFor(10, TimeUnit.SECONDS)) {
            running.destroyForcibly()
            running.waitFor(10, TimeUnit.SECONDS)
        }
        process = null
    }

    /** Freezes the server (SIGSTOP): its connections stay open, but it answers nothing until [resume]. */
    fun pause() = signal("STOP")

    /** Lets a [pause]d server run again (SIGCONT). */
    fun resume() = signal("CONT")

    override fun close() {
        stop()
        runCatching { Runtime.getRuntime().removeShutdownHook(hook) }
        dir.deleteRecursively()
    }

    override fun toString(): String = "RedisServerProcess(port=$port, binary=$binarySource)"

    private fun signal(name: String) {
        val pid = process?.pid() ?: return
        val kill = ProcessBuilder("kill", "-$name", "$pid").redirectErrorStream(true).start()
        check(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) { "kill -$name $pid failed" }
    }

    private fun answersPing(): Boolean = try {
        Socket().use { socket ->
            socket.connect(InetSocketAddress(LOOPBACK, port), 1_000)
            socket.soTimeout = 1_000
            socket.getOutputStream().write("PING\r\n".toByteArray())
            val reply = ByteArray(16)
            val read = socket.getInputStream().read(reply)
            // A server started with --requirepass answers an unauthenticated PING with -NOAUTH: it is up all the same.
            read > 0 && String(reply, 0, read).let { it.startsWith("+PONG") || it.startsWith("-NOAUTH") }
        }
    } catch (e: java.io.IOException) {
        false
    }

    companion object {
        private val LOOPBACK: InetAddress = InetAddress.getByName("127.0.0.1")

        /** The binary all servers of this JVM use, and where it came from. */
        private val BINARY: Pair<File, String> by lazy {
            val onPath = System.getenv("PATH").orEmpty().split(File.pathSeparator)
                .filter { it.isNotEmpty() }
                .map { File(it, "redis-server") }
                .firstOrNull { it.isFile && it.canExecute() }
            if (onPath != null) onPath to "PATH" else ExecutableProvider.newJarResourceProvider().get() to "embedded-redis"
        }

        /** A port on 127.0.0.1 that no one listened on a moment ago. */
        fun freePort(): Int = ServerSocket(0, 1, LOOPBACK).use { it.localPort }

        /** A new server on a free port (or [port]), not started yet; [extraArgs] are added to its command line. */
        fun create(port: Int = freePort(), vararg extraArgs: String): RedisServerProcess =
            RedisServerProcess(port, extraArgs.toList())

        /** A new server on a free port, started. */
        fun start(vararg extraArgs: String): RedisServerProcess {
            val server = create(freePort(), *extraArgs)
            try {
                return server.start()
            } catch (e: Throwable) {
                server.close()
                throw e
            }
        }
    }
}

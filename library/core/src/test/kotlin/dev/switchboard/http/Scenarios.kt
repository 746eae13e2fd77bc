package dev.switchboard.http

import io.ktor.http.ContentType
import io.ktor.server.routing.Route
import io.ktor.server.routing.post
import io.ktor.server.response.respondBytesWriter
import io.ktor.utils.io.writeStringUtf8
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.launch
import java.util.concurrent.ConcurrentHashMap

// Server behaviours and client moves that the transport, engine and client tests share.

/** Which endless streams the client closed, by the `x-key` header of their request; each completes with the server's view of the close. */
public class ClosedStreams {
    private val byKey = ConcurrentHashMap<String, CompletableDeferred<Throwable>>()

    /** Completes when the stream requested with `x-key: [key]` was closed by the client. */
    public operator fun get(key: String): CompletableDeferred<Throwable> = byKey.computeIfAbsent(key) { CompletableDeferred() }
}

/**
 * A POST route at [path] answering an SSE stream of `data: tick <n>` every 20 ms that never ends; when the
 * client goes away the write fails, and [closed] for the request's `x-key` completes.
 */
public fun Route.endlessSse(path: String, closed: ClosedStreams) {
    post(path) {
        val key = call.request.headers["x-key"]!!
        call.respondBytesWriter(ContentType.Text.EventStream) {
            try {
                var i = 0
                while (true) {
                    writeStringUtf8("data: tick ${i++}\n\n")
                    flush()
                    delay(20)
                }
            } catch (e: Throwable) {
                closed[key].complete(e)
                throw e
            }
        }
    }
}

/** Collects [flow] in a new coroutine, cancels that coroutine once the first element arrived, and returns what the collector saw thrown. */
public suspend fun <T> cancelAfterFirst(flow: Flow<T>): Throwable = cancelWhen({ first -> flow.collect { first.complete(Unit) } }) { it.await() }

/** Runs [call] in a new coroutine, cancels it after [millis], and returns what it threw. */
public suspend fun cancelAfter(millis: Long, call: suspend () -> Unit): Throwable = cancelWhen({ call() }) { delay(millis) }

/** Runs [call] and cancels it once [signal] completes (within 10 s), returning what it was cancelled with. */
public suspend fun cancelOnSignal(signal: CompletableDeferred<Unit>, call: suspend () -> Unit): Throwable =
    cancelWhen({ call() }) { withTimeout(10_000) { signal.await() } }

private suspend fun cancelWhen(
    work: suspend (first: CompletableDeferred<Unit>) -> Unit,
    wait: suspend (first: CompletableDeferred<Unit>) -> Unit,
): Throwable {
    val caught = CompletableDeferred<Throwable>()
    val first = CompletableDeferred<Unit>()
    coroutineScope {
        val job = launch {
            try {
                work(first)
            } catch (e: Throwable) {
                caught.complete(e)
                throw e
            }
        }
        wait(first)
        job.cancel()
    }
    return caught.await()
}

/** Raw HTTP/1.1 pieces for [RawServer] scripts. */
public object Raw {
    /** A 200 `text/event-stream` response head with chunked transfer encoding and the given extra header lines. */
    public fun sseHead(vararg headers: String): String =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n" + headers.joinToString("") { "$it\r\n" } +
            "Transfer-Encoding: chunked\r\n\r\n"

    /** [text] as one chunk of a chunked body. */
    public fun chunk(text: String): String = "${text.toByteArray().size.toString(16)}\r\n$text\r\n"

    /**
     * A server that reads each request and writes [parts] in order, flushing each and pausing [pauseMs]
     * between them (so the client can take what came before), then drops the connection.
     */
    public fun replying(vararg parts: String, pauseMs: Long = 300): RawServer = RawServer { input, output, _ ->
        RawServer.readRequest(input)
        parts.forEachIndexed { i, part ->
            if (i > 0) Thread.sleep(pauseMs)
            output.write(part.toByteArray())
            output.flush()
        }
    }

    /**
     * A server that reads the request and never answers; [sawClose] completes with what reading on gave
     * (negative once the client closed or reset the connection).
     */
    public fun silent(sawClose: CompletableDeferred<Int>, sawRequest: CompletableDeferred<Unit>? = null): RawServer = RawServer { input, _, _ ->
        RawServer.readRequest(input)
        sawRequest?.complete(Unit)
        sawClose.complete(runCatching { input.read() }.getOrDefault(-2))
    }
}

package dev.switchboard.faults

import kotlinx.coroutines.delay

/** [FaultServer.Script]s that Java tests can use (they cannot write suspending lambdas). */
public object Scripts {
    /** Reads the request and never answers: a stall before the headers, until the client closes. */
    @JvmStatic
    public fun stallBeforeHeaders(): FaultServer.Script = FaultServer.Script.named("stall before headers") { awaitClientClose() }

    /** A JSON answer with [status]. */
    @JvmStatic
    public fun json(status: Int, body: String): FaultServer.Script = FaultServer.Script.named("json $status") {
        respond(status, "application/json", body)
    }

    /** A complete SSE stream of [frames] (each a complete event, written as one chunk). */
    @JvmStatic
    public fun sse(frames: List<String>): FaultServer.Script = FaultServer.Script.named("sse") {
        beginChunks(200, "text/event-stream")
        for (f in frames) chunk(f)
        endChunks()
    }

    /**
     * An SSE stream that never ends: [first], then [tick] every [intervalMs] milliseconds (0: as fast as the
     * connection takes them, which is what the client's reading allows), until the client closes.
     */
    @JvmStatic
    public fun endlessSse(first: List<String>, tick: String, intervalMs: Long): FaultServer.Script =
        FaultServer.Script.named("endless sse every $intervalMs ms") {
            beginChunks(200, "text/event-stream")
            for (f in first) chunk(f)
            val bytes = tick.toByteArray()
            while (true) {
                chunk(bytes)
                if (intervalMs > 0) delay(intervalMs)
            }
        }

    /** An SSE stream whose content the request decides: [frames] of the request body. */
    @JvmStatic
    public fun sseFor(frames: java.util.function.Function<String, List<String>>): FaultServer.Script =
        FaultServer.Script.named("sse for the request") {
            beginChunks(200, "text/event-stream")
            for (f in frames.apply(request.body)) chunk(f)
            endChunks()
        }
}

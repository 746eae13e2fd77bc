package dev.switchboard.faults

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.ConnectionException
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.HttpOptions
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.ProtocolException
import dev.switchboard.RateLimitException
import dev.switchboard.RequestTimeoutException
import dev.switchboard.ServerException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.contract.ProviderWire
import dev.switchboard.replay.RecordingChatCompletionClient
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldEndWith
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import dev.switchboard.spi.EngineProvider
import java.nio.file.Files
import java.time.Duration
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.cancellation.CancellationException
import kotlin.time.Duration.Companion.seconds

/**
 * The fault matrix: every way a server or the network fails a model call, played by a [FaultServer] in
 * the provider's own wire format ([wire]), each asserting the typed error or the successful retry, the
 * attempts the server saw, and that the client left no connection open in the middle of an exchange (a
 * connection idle in a keep-alive pool is not a leak; one the client abandoned while the server stalls or
 * streams is). Then 2,000 streams (and 2,000 calls) cancelled mid-way, secret hygiene across logs, errors,
 * `toString` and replay files. Subclass it in a provider's tests:
 * `class AnthropicFaultTest : FaultMatrixSuite(AnthropicWire, extraRetryableStatuses = listOf(529))`.
 *
 * Every error body and HTML page the server sends quotes the credentials of the request it answers; every
 * error the client throws is checked for them, and so is everything logged meanwhile (at TRACE, when the
 * module registers [CapturingSlf4jProvider]).
 */
public abstract class FaultMatrixSuite @JvmOverloads constructor(
    private val wire: ProviderWire,
    /** Provider-specific retryable statuses beyond 500, 502, 503 and 504, such as Anthropic's 529. */
    private val extraRetryableStatuses: List<Int> = emptyList(),
    /** How many streams (and calls) the cancellation-at-scale tests start at once. */
    private val concurrent: Int = 2_000,
    /** The engine the clients use; null for the one on the test classpath (the JDK exchanger). */
    private val engine: EngineProvider? = null,
) : FunSpec() {
    private val model = "fault-model"
    private val info = ModelInfo.builder().vision(true).functionCalling(true).jsonOutput(true).structuredOutput(true)
        .family(ModelFamily.UNKNOWN).build()
    private val request = CreateRequest.builder().user("Survive the faults").build()
    private val faults = Faults(wire, model)

    /** Bound for the client to close what it abandoned, as the server sees it. */
    private val closeBoundMs = 3_000L

    /** Everything the suite saw, for the secret checks and the printed figures. */
    private val credentialsSeen = java.util.concurrent.ConcurrentHashMap.newKeySet<String>()
    private val errorsSeen = ConcurrentLinkedQueue<Throwable>()
    private val rows = AtomicInteger()
    private val attemptsTotal = AtomicInteger()
    private val leftOpen = AtomicInteger()

    private val base: HttpOptions = HttpOptions.builder()
        .apply { if (engine != null) engine(engine) }
        .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(5)).streamIdleTimeout(Duration.ofSeconds(5))
        .maxRetries(2).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofSeconds(3)).build()

    /** A stream's events and how it ended. */
    private class Outcome(val events: List<ChatStreamEvent>, val error: Throwable?) {
        val text: String get() = events.filterIsInstance<ChatStreamEvent.TextDelta>().joinToString("") { it.text }
        val completed: CreateResult? get() = (events.lastOrNull() as? ChatStreamEvent.Completed)?.result
    }

    private suspend fun ChatCompletionClient.outcome(): Outcome {
        val events = ArrayList<ChatStreamEvent>()
        val error = try {
            createStream(request).collect { events += it }
            null
        } catch (e: CancellationException) {
            throw e
        } catch (e: Throwable) {
            e
        }
        if (error != null) errorsSeen += error
        return Outcome(events, error)
    }

    private suspend fun ChatCompletionClient.failure(): Throwable {
        val e = try {
            create(request)
            null
        } catch (e: CancellationException) {
            throw e
        } catch (e: Throwable) {
            e
        }
        withClue("create() should have failed") { e.shouldNotBeNull() }
        errorsSeen += e!!
        return e
    }

    /**
     * Runs [block] against a fresh server answering with [script] and a client with [http]; then checks that
     * no connection is left in flight, before and after the client is closed, and counts the row.
     */
    private suspend fun scenario(
        script: suspend FaultServer.Exchange.() -> Unit,
        http: HttpOptions = base,
        block: suspend (server: FaultServer, client: ChatCompletionClient) -> Unit,
    ) {
        FaultServer().use { server ->
            server.answer("fault") { script() }
            val client = wire.client(server.baseUrl, model, info, http)
            try {
                block(server, client)
                val stillInFlight = withContext(Dispatchers.IO) { server.awaitNoneInFlight(closeBoundMs) }
                withClue("connections left in the middle of an exchange after the call ended: $server") { stillInFlight shouldBe 0 }
            } finally {
                client.close()
            }
            val afterClose = withContext(Dispatchers.IO) { server.awaitNoneInFlight(closeBoundMs) }
            leftOpen.addAndGet(afterClose)
            withClue("connections left in the middle of an exchange after close(): $server") { afterClose shouldBe 0 }
            server.requests.forEach { credentialsSeen += Faults.credentials(it) }
            rows.incrementAndGet()
            attemptsTotal.addAndGet(server.attempts)
        }
    }

    /**
     * [e]'s message ends by saying the client gave up after [attempts] attempts (the number the server counted),
     * says it once, puts a colon after an HTTP [status] and its reason, and quotes none of [server]'s credentials.
     */
    private fun gaveUp(e: Throwable?, attempts: Int, server: FaultServer?, status: Int? = null) {
        val message = e.shouldNotBeNull().message.shouldNotBeNull()
        withClue("message: $message") {
            message shouldEndWith " (gave up after $attempts attempt${if (attempts == 1) "" else "s"})"
            message.split("gave up after").size shouldBe 2
            if (status != null) message shouldContain Regex("answered HTTP $status( [A-Z][A-Za-z ]*)?: \\S")
            server?.requests?.flatMap { Faults.credentials(it) }?.filter { it.length >= 8 }?.forEach { message shouldNotContain it }
        }
    }

    /** [e] was not retried away, so its message does not speak of giving up. */
    private fun notGivenUp(e: Throwable?) {
        e.shouldNotBeNull().message.orEmpty() shouldNotContain "gave up"
    }

    /** [script] for the first [times] attempts, then a success. */
    private fun failing(times: Int, script: suspend FaultServer.Exchange.() -> Unit): suspend FaultServer.Exchange.() -> Unit = {
        if (attempt <= times) script() else with(faults) { success() }
    }

    private fun success(): suspend FaultServer.Exchange.() -> Unit = { with(faults) { success() } }

    private suspend fun ChatCompletionClient.shouldAnswer() {
        create(request).content shouldBe faults.text
    }

    private suspend fun ChatCompletionClient.shouldStream() {
        val o = outcome()
        withClue("stream error: ${o.error}") { o.error.shouldBeNull() }
        o.text shouldBe faults.text
        o.completed.shouldNotBeNull().content shouldBe faults.text
    }

    /** For the tests at scale: a slow start under load (thousands of handshakes at once) is not what they test. */
    private val scaleOptions = base.newBuilder().maxRetries(0).connectTimeout(Duration.ofSeconds(30)).requestTimeout(Duration.ofSeconds(60))
        .streamIdleTimeout(Duration.ofSeconds(60)).build() // thousands of streams on two loaded cores can wait seconds for a write

    /** Runs [block] without the log capture: a load test's volume would only slow it down. */
    private inline fun <T> withoutCapture(block: () -> T): T {
        CapturedLogs.pause()
        try {
            return block()
        } finally {
            CapturedLogs.resume()
        }
    }

    private fun elapsedMs(start: Long): Long = (System.nanoTime() - start) / 1_000_000

    init {
        timeout = 120_000

        beforeSpec { CapturedLogs.start() }

        // ---- 429 and Retry-After ------------------------------------------------------------------------

        test("429 with Retry-After in seconds: waits that long, retries once, answers (create and stream)") {
            for (stream in listOf(false, true)) {
                scenario(failing(1) { with(faults) { error(429, "Retry-After: 1") } }) { server, client ->
                    val start = System.nanoTime()
                    if (stream) client.shouldStream() else client.shouldAnswer()
                    elapsedMs(start) shouldBeGreaterThanOrEqual 950
                    server.attempts shouldBe 2
                }
            }
        }

        test("429 with Retry-After as an HTTP date: waits until then, retries once, answers") {
            scenario(failing(1) { with(faults) { error(429, "Retry-After: ${Faults.httpDate(2)}") } }) { server, client ->
                val start = System.nanoTime()
                client.shouldAnswer()
                // The date has whole seconds: two seconds from now, truncated, is more than one second away.
                elapsedMs(start) shouldBeGreaterThanOrEqual 950
                server.attempts shouldBe 2
            }
        }

        test("429 with retry-after-ms: waits that long, retries once, answers (create and stream)") {
            for (stream in listOf(false, true)) {
                scenario(failing(1) { with(faults) { error(429, "retry-after-ms: 250") } }) { server, client ->
                    val start = System.nanoTime()
                    if (stream) client.shouldStream() else client.shouldAnswer()
                    elapsedMs(start) shouldBeGreaterThanOrEqual 245
                    server.attempts shouldBe 2
                }
            }
        }

        test("429 on every attempt: RateLimitException with the advised delay after 1 + maxRetries attempts") {
            scenario({ with(faults) { error(429, "retry-after-ms: 20") } }) { server, client ->
                val e = client.failure().shouldBeInstanceOf<RateLimitException>()
                e.statusCode shouldBe 429
                e.retryAfter shouldBe Duration.ofMillis(20)
                e.provider shouldBe wire.provider
                server.attempts shouldBe 3
                gaveUp(e, server.attempts, server, 429)
            }
        }

        // ---- 5xx --------------------------------------------------------------------------------------------

        test("500, 502, 503, 504 and the provider's own overload statuses: retried, then answered (create and stream)") {
            for (status in listOf(500, 502, 503, 504) + extraRetryableStatuses) {
                for (stream in listOf(false, true)) {
                    scenario(failing(1) { with(faults) { error(status) } }) { server, client ->
                        withClue("status $status, stream=$stream") {
                            if (stream) client.shouldStream() else client.shouldAnswer()
                            server.attempts shouldBe 2
                        }
                    }
                }
            }
        }

        test("a 5xx on every attempt: ServerException with the status after 1 + maxRetries attempts") {
            for (status in listOf(500, 502, 503, 504) + extraRetryableStatuses) {
                scenario({ with(faults) { error(status) } }) { server, client ->
                    withClue("status $status") {
                        val e = client.failure().shouldBeInstanceOf<ServerException>()
                        e.statusCode shouldBe status
                        e.isRetryable shouldBe true
                        server.attempts shouldBe 3
                        gaveUp(e, server.attempts, server, status)
                    }
                }
                scenario({ with(faults) { error(status) } }) { server, client ->
                    withClue("stream, status $status") {
                        val e = client.outcome().error.shouldBeInstanceOf<ServerException>()
                        e.statusCode shouldBe status
                        server.attempts shouldBe 3
                        gaveUp(e, server.attempts, server, status)
                    }
                }
            }
        }

        // ---- Connections ----------------------------------------------------------------------------------

        test("a refused connection: ConnectionException for create and stream; retried until a server listens") {
            val port = FaultServer().use { it.port }
            val client = wire.client("http://127.0.0.1:$port", model, info, base)
            client.use {
                val e = it.failure().shouldBeInstanceOf<ConnectionException>()
                e.isRetryable shouldBe true
                // No server counts refused connections: the client tried 1 + maxRetries times.
                gaveUp(e, 1 + base.maxRetries, null)
                gaveUp(it.outcome().error.shouldBeInstanceOf<ConnectionException>(), 1 + base.maxRetries, null)
            }
            // Refused at first, then listening on the same port: a retry gets through.
            val patient = base.newBuilder().maxRetries(50).initialBackoff(Duration.ofMillis(40)).maxBackoff(Duration.ofMillis(80)).build()
            wire.client("http://127.0.0.1:$port", model, info, patient).use { c ->
                coroutineScope {
                    val server = CompletableDeferred<FaultServer>()
                    launch(Dispatchers.IO) {
                        delay(300)
                        server.complete(FaultServer(port).answer("success") { with(faults) { success() } })
                    }
                    c.shouldAnswer()
                    server.await().use { s -> s.attempts shouldBe 1 }
                }
            }
            rows.incrementAndGet()
        }

        test("reset before the response headers: retried, then answered (create and stream)") {
            for (stream in listOf(false, true)) {
                scenario(failing(1) { reset() }) { server, client ->
                    if (stream) client.shouldStream() else client.shouldAnswer()
                    server.attempts shouldBe 2
                }
            }
        }

        test("reset before the response headers on every attempt: ConnectionException after 1 + maxRetries attempts") {
            scenario({ reset() }) { server, client ->
                val e = client.failure().shouldBeInstanceOf<ConnectionException>()
                server.attempts shouldBe 3
                gaveUp(e, server.attempts, server)
            }
            scenario({ reset() }) { server, client ->
                val e = client.outcome().error.shouldBeInstanceOf<ConnectionException>()
                server.attempts shouldBe 3
                gaveUp(e, server.attempts, server)
            }
        }

        test("reset mid-stream: StreamInterruptedException after the text delivered so far, never retried, never a short answer") {
            scenario({
                beginChunks(200, wire.streamContentType)
                for (f in faults.frames.take(3)) chunk(wire.frameBytes(f))
                delay(100)
                reset()
            }) { server, client ->
                val o = client.outcome()
                o.error.shouldBeInstanceOf<StreamInterruptedException>().provider shouldBe wire.provider
                o.completed.shouldBeNull()
                faults.text.startsWith(o.text) shouldBe true
                server.attempts shouldBe 1
                notGivenUp(o.error)
            }
        }

        test("reset mid-body of a plain answer: ConnectionException, retried, never a short answer") {
            scenario({
                val body = faults.answerJson.toByteArray()
                write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.size}\r\n\r\n".toByteArray())
                write(body.copyOf(body.size / 2))
                delay(100)
                reset()
            }) { server, client ->
                val e = client.failure().shouldBeInstanceOf<ConnectionException>()
                server.attempts shouldBe 3
                gaveUp(e, server.attempts, server)
            }
        }

        // ---- Broken streams -------------------------------------------------------------------------------

        test("a stream that ends without its terminator: StreamInterruptedException after all the text, not retried") {
            scenario({ with(faults) { stream(faults.frames.dropLast(1)) } }) { server, client ->
                val o = client.outcome()
                o.error.shouldBeInstanceOf<StreamInterruptedException>()
                o.completed.shouldBeNull()
                server.attempts shouldBe 1
            }
        }

        test("a stream cut off without its terminator by a closed connection: StreamInterruptedException") {
            scenario({
                write("HTTP/1.1 200 OK\r\nContent-Type: ${wire.streamContentType}\r\nConnection: close\r\n\r\n")
                for (f in faults.frames.dropLast(1)) write(wire.frameBytes(f))
                close()
            }) { server, client ->
                val o = client.outcome()
                o.error.shouldBeInstanceOf<StreamInterruptedException>()
                o.completed.shouldBeNull()
                server.attempts shouldBe 1
            }
        }

        test("a malformed JSON chunk in a stream that goes on: ProtocolException, and the client closes the connection") {
            scenario({
                beginChunks(200, wire.streamContentType)
                for (f in faults.malformedAt(2).take(3)) chunk(wire.frameBytes(f))
                // The server goes on as if nothing happened: only the client can end this exchange.
                with(faults) { endless(50, begin = false) }
            }) { server, client ->
                val o = client.outcome()
                o.error.shouldBeInstanceOf<ProtocolException>().provider shouldBe wire.provider
                o.completed.shouldBeNull()
                server.attempts shouldBe 1
            }
        }

        test("a malformed JSON answer: ProtocolException, not retried") {
            scenario({ respond(200, "application/json", Faults.truncateJson(faults.answerJson)) }) { server, client ->
                notGivenUp(client.failure().shouldBeInstanceOf<ProtocolException>())
                server.attempts shouldBe 1
            }
        }

        // ---- HTML pages -----------------------------------------------------------------------------------

        test("an HTML page with status 200: ProtocolException naming the content type, not retried (create and stream)") {
            scenario({ with(faults) { html(200) } }) { server, client ->
                val e = client.failure().shouldBeInstanceOf<ProtocolException>()
                e.statusCode shouldBe 200
                server.attempts shouldBe 1
            }
            scenario({ with(faults) { html(200) } }) { server, client ->
                client.outcome().error.shouldBeInstanceOf<ProtocolException>().statusCode shouldBe 200
                server.attempts shouldBe 1
            }
        }

        test("an HTML page with status 502: retried as a gateway failure, then answered; on every attempt a ServerException") {
            for (stream in listOf(false, true)) {
                scenario(failing(1) { with(faults) { html(502) } }) { server, client ->
                    if (stream) client.shouldStream() else client.shouldAnswer()
                    server.attempts shouldBe 2
                }
            }
            scenario({ with(faults) { html(502) } }) { server, client ->
                val e = client.failure().shouldBeInstanceOf<ServerException>()
                e.statusCode shouldBe 502
                server.attempts shouldBe 3
                gaveUp(e, server.attempts, server)
            }
        }

        // ---- gzip -----------------------------------------------------------------------------------------

        test("gzip bodies (Content-Encoding: gzip) are decoded: a plain answer and a stream compressed piece by piece") {
            scenario({
                if (faults.isStream(request)) {
                    beginChunks(200, wire.streamContentType, "Content-Encoding: gzip")
                    for (piece in faults.gzipPieces(faults.frames)) chunk(piece)
                    endChunks()
                } else {
                    respond(200, "application/json", faults.gzip(faults.answerJson), "Content-Encoding: gzip")
                }
            }) { server, client ->
                client.shouldAnswer()
                client.shouldStream()
                server.attempts shouldBe 2
            }
        }

        // ---- Timeouts -------------------------------------------------------------------------------------

        test("stall before the headers: RequestTimeoutException of kind REQUEST after 1 + maxRetries attempts, each connection closed") {
            val http = base.newBuilder().requestTimeout(Duration.ofMillis(300)).build()
            for (stream in listOf(false, true)) {
                scenario({ awaitClientClose() }, http) { server, client ->
                    val start = System.nanoTime()
                    val e = if (stream) client.outcome().error else client.failure()
                    e.shouldBeInstanceOf<RequestTimeoutException>().kind shouldBe RequestTimeoutException.Kind.REQUEST
                    elapsedMs(start) shouldBeGreaterThanOrEqual 900
                    server.attempts shouldBe 3
                    gaveUp(e, server.attempts, server)
                }
            }
        }

        test("stall mid-stream: RequestTimeoutException of kind IDLE after the text so far, not retried, connection closed") {
            val http = base.newBuilder().streamIdleTimeout(Duration.ofMillis(300)).build()
            scenario({
                beginChunks(200, wire.streamContentType)
                for (f in faults.frames.take(3)) chunk(wire.frameBytes(f))
                awaitClientClose()
            }, http) { server, client ->
                val o = client.outcome()
                o.error.shouldBeInstanceOf<RequestTimeoutException>().kind shouldBe RequestTimeoutException.Kind.IDLE
                o.completed.shouldBeNull()
                faults.text.startsWith(o.text) shouldBe true
                server.attempts shouldBe 1
                notGivenUp(o.error)
            }
        }

        test("stall mid-body of a plain answer: RequestTimeoutException of kind REQUEST, retried, connections closed") {
            val http = base.newBuilder().requestTimeout(Duration.ofMillis(300)).build()
            scenario({
                val body = faults.answerJson.toByteArray()
                write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.size}\r\n\r\n".toByteArray())
                write(body.copyOf(body.size / 2))
                awaitClientClose()
            }, http) { server, client ->
                val e = client.failure().shouldBeInstanceOf<RequestTimeoutException>()
                e.kind shouldBe RequestTimeoutException.Kind.REQUEST
                server.attempts shouldBe 3
                gaveUp(e, server.attempts, server)
            }
        }

        // ---- Size -----------------------------------------------------------------------------------------

        test("very large answers arrive whole: 20,000 stream deltas and an 8 MiB answer") {
            val pieces = List(20_000) { "piece $it of a long answer; " }
            val frames = wire.textStream(model, pieces, faults.usage)
            val big = "x".repeat(8 * 1024 * 1024)
            scenario({
                if (faults.isStream(request)) with(faults) { stream(frames) } else respond(200, "application/json", wire.textResponse(model, big, faults.usage))
            }) { server, client ->
                val o = client.outcome()
                o.error.shouldBeNull()
                o.text shouldBe pieces.joinToString("")
                o.completed.shouldNotBeNull().content shouldBe pieces.joinToString("")
                client.create(request).content!!.length shouldBe big.length
                server.attempts shouldBe 2
            }
        }

        test("a stream line longer than the 16 MiB guard that never ends: ProtocolException, and the client closes the connection") {
            scenario({
                beginChunks(200, wire.streamContentType)
                val block = ByteArray(256 * 1024) { 'x'.code.toByte() }
                while (true) chunk(block)
            }) { server, client ->
                val o = client.outcome()
                o.error.shouldBeInstanceOf<ProtocolException>()
                server.attempts shouldBe 1
                server.bytesWritten shouldBeLessThan 64L * 1024 * 1024
            }
        }

        // ---- Cancellation at scale ------------------------------------------------------------------------

        test("$concurrent concurrent streams cancelled mid-way: every connection closes, no thread or coroutine remains") {
            withoutCapture { FaultServer().use { server ->
                server.answer("endless") { with(faults) { endless(100) } }
                val threadsBefore = liveThreads()
                val client = wire.client(server.baseUrl, model, info, scaleOptions)
                val jobs = ArrayList<Job>(concurrent)
                val cancelled = AtomicInteger()
                val start = System.nanoTime()
                try {
                    coroutineScope {
                        repeat(concurrent) {
                            val seen = CompletableDeferred<Unit>()
                            val job = launch(Dispatchers.Default) {
                                var n = 0
                                client.createStream(request).collect { if (++n == 2) seen.complete(Unit) }
                            }
                            jobs += job
                            launch(Dispatchers.Default) {
                                withTimeout(60.seconds) { seen.await() }
                                job.cancel()
                                cancelled.incrementAndGet()
                            }
                        }
                    }
                    jobs.all { it.isCancelled && it.isCompleted } shouldBe true
                    val open = withContext(Dispatchers.IO) { server.awaitNoneOpen(10_000) }
                    val elapsed = elapsedMs(start)
                    withClue("server connections still open after cancelling $concurrent streams: $server") { open shouldBe 0 }
                    server.connections shouldBe concurrent
                    println("FAULTS ${wire.provider}: $concurrent streams cancelled mid-way (coroutine cancel), ${server.connections} connections, " +
                        "$open left open, ${elapsed} ms")
                } finally {
                    client.close()
                }
                cancelled.get() shouldBe concurrent
                checkThreads(threadsBefore, "after $concurrent cancelled streams")
            } }
        }

        test("$concurrent concurrent calls cancelled while the server stalls: every connection closes, no thread or coroutine remains") {
            withoutCapture { FaultServer().use { server ->
                server.answer("stall") { awaitClientClose() }
                val threadsBefore = liveThreads()
                val client = wire.client(server.baseUrl, model, info, scaleOptions)
                try {
                    val jobs = coroutineScope {
                        val jobs = List(concurrent) { launch(Dispatchers.Default) { client.create(request) } }
                        withContext(Dispatchers.IO) { server.awaitAttempts(concurrent, 60_000) } shouldBe concurrent
                        jobs.forEach { it.cancel() }
                        jobs
                    }
                    jobs.all { it.isCancelled && it.isCompleted } shouldBe true
                    val open = withContext(Dispatchers.IO) { server.awaitNoneOpen(10_000) }
                    withClue("server connections still open after cancelling $concurrent calls: $server") { open shouldBe 0 }
                    println("FAULTS ${wire.provider}: $concurrent calls cancelled while waiting for headers, $open left open")
                } finally {
                    client.close()
                }
                checkThreads(threadsBefore, "after $concurrent cancelled calls")
            } }
        }

        // ---- Secret hygiene -------------------------------------------------------------------------------

        test("secrets: no credential in any error, cause, toString, replay file or log line (TRACE included)") {
            // A success, recorded to a replay file, with its log captured like the whole suite's.
            val file = Files.createTempFile("faults", ".jsonl")
            scenario(success()) { server, client ->
                RecordingChatCompletionClient(client, file).let { recording ->
                    recording.shouldAnswer()
                    recording.shouldStream()
                    val texts = listOf(client.toString(), recording.toString(), Files.readString(file))
                    for (t in texts) for (s in Faults.credentials(server.requests.first())) t shouldNotContain s
                }
            }
            Files.deleteIfExists(file)
            val secrets = credentialsSeen.filter { it.length >= 8 }
            withClue("the requests carried no credential to look for") { secrets.isNotEmpty() shouldBe true }
            val logs = CapturedLogs.snapshot()
            withClue("SLF4J is not bound to CapturingSlf4jProvider: register it in the module's test resources under " +
                "META-INF/services/org.slf4j.spi.SLF4JServiceProvider, or the library's and Ktor's logs go unchecked") {
                CapturedLogs.slf4jBound shouldBe true
            }
            withClue("nothing was logged at TRACE during the matrix: the capture is not working") { logs.isNotEmpty() shouldBe true }
            val leaks = errorsSeen.map(::render).filter { text -> secrets.any { it in text } } +
                logs.filter { line -> secrets.any { it in line } }
            withClue("errors or log lines quoting a credential:\n${leaks.take(5).joinToString("\n")}") { leaks.size shouldBe 0 }
            val loggers = logs.groupingBy { it.substringAfter(' ').substringAfter(' ').substringBefore(':') }.eachCount()
            println("FAULTS ${wire.provider}: log lines by logger: ${loggers.entries.sortedByDescending { it.value }.take(8)}")
            println(
                "FAULTS ${wire.provider}: ${rows.get()} fault rows, ${attemptsTotal.get()} attempts, ${leftOpen.get()} connections left open; " +
                    "${errorsSeen.size} errors and ${logs.size} log lines (SLF4J bound for capture: ${CapturedLogs.slf4jBound}) " +
                    "free of ${secrets.size} credential values",
            )
        }

        afterSpec { CapturedLogs.stop() }
    }

    /** What a user could see of [e]: its toString, the body excerpt, and the same of every cause and suppressed exception. */
    private fun render(e: Throwable, seen: MutableSet<Throwable> = HashSet()): String {
        if (!seen.add(e)) return ""
        val sb = StringBuilder(e.toString())
        if (e is SwitchboardException) sb.append(" body=").append(e.bodyExcerpt)
        e.cause?.let { sb.append(" cause: ").append(render(it, seen)) }
        e.suppressed.forEach { sb.append(" suppressed: ").append(render(it, seen)) }
        return sb.toString()
    }

    private fun liveThreads(): Map<Long, String> =
        Thread.getAllStackTraces().keys.filter { it.isAlive && !it.name.startsWith("fault-server") }.associate { it.id to it.name }

    /**
     * No thread per stream or call survives: beyond the shared coroutine scheduler's workers (Dispatchers.Default
     * and IO, whose parked workers are reclaimed after a minute idle: at most [SHARED_WORKERS], never one per
     * stream), at most [THREAD_SLACK] more threads than before (a closed engine's selector finishing).
     */
    private suspend fun checkThreads(before: Map<Long, String>, what: String) {
        var other: List<String> = emptyList()
        var workers = 0
        val deadline = System.nanoTime() + 10_000_000_000L
        while (System.nanoTime() < deadline) {
            System.gc()
            val extra = liveThreads().filterKeys { it !in before }.values.sorted()
            workers = extra.count { it.startsWith(SCHEDULER_WORKER) }
            other = extra.filter { !it.startsWith(SCHEDULER_WORKER) }
            if (other.size <= THREAD_SLACK) break
            delay(200)
        }
        println("FAULTS ${wire.provider}: threads new since before $what: $workers shared coroutine workers, other ${other.size}: " +
            "${other.groupingBy { it.replace(Regex("\\d+"), "#") }.eachCount()}")
        withClue("threads left $what: $other") { other.size shouldBeLessThanOrEqual THREAD_SLACK }
        withClue("coroutine scheduler workers $what") { workers shouldBeLessThanOrEqual SHARED_WORKERS }
    }

    private companion object {
        /** Threads other than the coroutine scheduler's that may appear and stay a while, never one per stream. */
        const val THREAD_SLACK = 8
        const val SCHEDULER_WORKER = "DefaultDispatcher-worker"
        const val SHARED_WORKERS = 128
    }
}

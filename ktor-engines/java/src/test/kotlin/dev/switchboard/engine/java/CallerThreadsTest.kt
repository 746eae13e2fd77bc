package dev.switchboard.engine.java

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.createRequest
import dev.switchboard.http.ClosedStreams
import dev.switchboard.http.TestServer
import dev.switchboard.http.endlessSse
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.PreparedCall
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpTransport
import dev.switchboard.ResponseHeaders
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFraming
import dev.switchboard.spi.StreamFrame
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.ktor.http.ContentType
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.writeStringUtf8
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.startCoroutine

/**
 * Which thread a caller's code runs on after `create` and inside a stream's `collect`, over the JDK engine (whose
 * HttpClient runs its tasks on its selector thread and resumes whatever waits on it right there).
 *
 * A caller with a dispatcher of its own is resumed on it; a caller without one (`suspend fun main`, which starts its
 * body with an empty context, or [Dispatchers.Unconfined]) must never be resumed on a thread that the client's I/O
 * needs: code that blocks there would stall every other call of the client, and a `runBlocking` call made from there
 * would wait forever for a selector thread it itself occupies.
 */
class CallerThreadsTest : FunSpec({
    timeout = 60_000L

    val closed = ClosedStreams()
    val server = TestServer {
        routing {
            endlessSse("/endless", closed)
            post("/create") { call.respondText("hello", ContentType.Text.Plain) }
            post("/stream") {
                call.respondBytesWriter(ContentType.Text.EventStream) {
                    for (piece in listOf("a", "b", "c")) {
                        writeStringUtf8("data: $piece\n\n")
                        flush()
                    }
                    writeStringUtf8("data: [DONE]\n\n")
                    flush()
                }
            }
            post("/broken") {
                call.respondBytesWriter(ContentType.Text.EventStream) {
                    writeStringUtf8("data: a\n\n")
                    flush()
                    // the body ends without [DONE]: the decoder's finish fails the stream
                }
            }
        }
    }
    val client = CodecClients.create(
        "m",
        ModelInfo.ALL_CAPABILITIES,
        PathCodec(server.url("")),
        HttpTransport("text", HttpOptions.builder().engine(JavaEngineProvider).build()),
    )
    afterSpec {
        client.close()
        server.close()
    }

    val create = createRequest { user("/create") }
    val stream = createRequest { user("/stream") }

    /** The threads of the JDK client and of this library's own I/O (timers, senders). */
    fun isLibraryThread(name: String) = "HttpClient" in name || "SelectorManager" in name || name.startsWith("switchboard-")

    fun threadsIn(events: Flow<ChatStreamEvent>, into: MutableList<String>): suspend () -> List<ChatStreamEvent> = {
        val out = ArrayList<ChatStreamEvent>()
        events.collect {
            into += Thread.currentThread().name
            out += it
        }
        out
    }

    test("warm-up: the client answers") {
        client.create(create).content shouldBe "hello"
    }

    context("a caller without a dispatcher, as in suspend fun main") {
        test("continues after create on a thread that is not the JDK client's") {
            val thread = bare { client.create(create); Thread.currentThread().name }.get(10, TimeUnit.SECONDS)
            withClue(thread) { isLibraryThread(thread) shouldBe false }
        }

        test("collects every event of a stream on a thread that is not the JDK client's, Completed last") {
            val threads = CopyOnWriteArrayList<String>()
            val events = bare(threadsIn(client.createStream(stream), threads)).get(10, TimeUnit.SECONDS)
            events.filterIsInstance<ChatStreamEvent.TextDelta>().joinToString("") { it.text } shouldBe "abc"
            events.last().shouldBeInstanceOf<ChatStreamEvent.Completed>().result.content shouldBe "abc"
            threads.size shouldBe events.size
            withClue(threads) { threads.filter(::isLibraryThread).shouldBeEmpty() }
        }

        test("a stream that breaks still fails the collector, and take(1) still stops it") {
            val failure = bare {
                try {
                    client.createStream(createRequest { user("/broken") }).collect()
                    null
                } catch (e: SwitchboardException) {
                    e
                }
            }.get(10, TimeUnit.SECONDS)
            failure.shouldBeInstanceOf<StreamInterruptedException>()
            bare { client.createStream(stream).take(1).toList() }.get(10, TimeUnit.SECONDS).single() shouldBe
                ChatStreamEvent.TextDelta("a")
        }

        test("blocking its thread for 2 s after create does not hold up a concurrent create of the same client") {
            blockingCallerDoesNotDelayOthers(client, create) { block -> bare { client.create(create); block() } }
        }

        test("blocking its thread for 2 s in collect does not hold up a concurrent create of the same client") {
            blockingCallerDoesNotDelayOthers(client, create) { block -> bare { client.createStream(stream).take(1).collect { block() } } }
        }

        test("can make a blocking runBlocking call of the same client after create and in collect") {
            val afterCreate = bare {
                client.create(create)
                runBlocking { withTimeout(5_000) { client.create(create).content } }
            }
            afterCreate.get(15, TimeUnit.SECONDS) shouldBe "hello"
            val inCollect = bare {
                val answers = ArrayList<String?>()
                client.createStream(stream).take(1).collect {
                    val answer = runBlocking { withTimeout(5_000) { client.create(create).content } }
                    answers += answer
                }
                answers
            }
            inCollect.get(15, TimeUnit.SECONDS) shouldBe listOf("hello")
        }

        test("cancelling a collector without a dispatcher closes the connection, and the client still answers") {
            val cancelled = bare {
                try {
                    withTimeout(300) { client.createStream(createRequest { user("/endless"); header("x-key", "bare") }).collect() }
                    null
                } catch (e: kotlinx.coroutines.TimeoutCancellationException) {
                    e
                }
            }
            cancelled.get(10, TimeUnit.SECONDS).shouldBeInstanceOf<kotlinx.coroutines.TimeoutCancellationException>()
            withTimeout(5_000) { closed["bare"].await() }
            client.create(create).content shouldBe "hello"
        }
    }

    context("a caller on Dispatchers.Unconfined") {
        test("continues after create and collects on threads that are not the JDK client's") {
            val thread = withContext(Dispatchers.Unconfined) { client.create(create); Thread.currentThread().name }
            withClue(thread) { isLibraryThread(thread) shouldBe false }
            val threads = CopyOnWriteArrayList<String>()
            val events = withContext(Dispatchers.Unconfined) { threadsIn(client.createStream(stream), threads)() }
            events.last().shouldBeInstanceOf<ChatStreamEvent.Completed>()
            withClue(threads) { threads.filter(::isLibraryThread).shouldBeEmpty() }
        }

        test("blocking its thread for 2 s after create does not hold up a concurrent create of the same client") {
            blockingCallerDoesNotDelayOthers(client, create) { block ->
                CompletableFuture.supplyAsync {
                    runBlocking(Dispatchers.Unconfined) { client.create(create); block() }
                }
            }
        }

        test("can make a blocking runBlocking call of the same client after create") {
            val answer = CompletableFuture.supplyAsync {
                runBlocking(Dispatchers.Unconfined) {
                    client.create(create)
                    runBlocking { withTimeout(5_000) { client.create(create).content } }
                }
            }
            answer.get(15, TimeUnit.SECONDS) shouldBe "hello"
        }
    }

    context("a caller with a dispatcher of its own") {
        test("runBlocking: continues after create and collects on its own thread") {
            val (own, after, threads) = CompletableFuture.supplyAsync {
                runBlocking {
                    val own = Thread.currentThread().name
                    client.create(create)
                    val after = Thread.currentThread().name
                    val threads = ArrayList<String>()
                    client.createStream(stream).collect { threads += Thread.currentThread().name }
                    Triple(own, after, threads)
                }
            }.get(10, TimeUnit.SECONDS)
            after shouldBe own
            threads.toSet() shouldBe setOf(own)
        }

        test("Dispatchers.IO: continues after create and collects on its threads") {
            withContext(Dispatchers.IO) {
                client.create(create)
                isIoWorker(Thread.currentThread().name) shouldBe true
                val threads = ArrayList<String>()
                client.createStream(stream).collect { threads += Thread.currentThread().name }
                withClue(threads) { threads.all(::isIoWorker) shouldBe true }
            }
        }

    }
})

/** A worker of Kotlin's shared pool, which runs Dispatchers.IO (and Default). */
private fun isIoWorker(name: String) = name.startsWith("DefaultDispatcher-worker")

/**
 * Starts [block] as `suspend fun main` starts its body: with an empty context (no dispatcher), completing the
 * returned future. The caller's code then runs wherever the library resumes it.
 */
private fun <T> bare(block: suspend () -> T): CompletableFuture<T> {
    val result = CompletableFuture<T>()
    block.startCoroutine(Continuation(EmptyCoroutineContext) { r -> r.fold({ result.complete(it) }, { result.completeExceptionally(it) }) })
    return result
}

/**
 * Starts a caller with [start] that blocks its thread for 2 s at the point it is given (`block`), and while it blocks
 * makes a create of [client] on Dispatchers.IO: that one must not wait for the blocked thread.
 */
private suspend fun blockingCallerDoesNotDelayOthers(
    client: ChatCompletionClient,
    request: CreateRequest,
    start: (block: () -> Unit) -> CompletableFuture<*>,
) {
    val blocking = CountDownLatch(1)
    val caller = start {
        blocking.countDown()
        Thread.sleep(2_000)
    }
    blocking.await(10, TimeUnit.SECONDS) shouldBe true
    val elapsedMillis = withContext(Dispatchers.IO) {
        val t0 = System.nanoTime()
        withTimeout(5_000) { client.create(request) }
        (System.nanoTime() - t0) / 1_000_000
    }
    caller.get(10, TimeUnit.SECONDS)
    println("A create while another caller blocked its thread for 2 s took $elapsedMillis ms")
    elapsedMillis shouldBeLessThan 300L
}

/**
 * A codec for these tests: the request goes to the path in the last user message; a response body is the answer
 * text; each SSE event's data is a piece of text and `[DONE]` ends the stream (a stream without it is broken).
 */
private class PathCodec(private val baseUrl: String) : ChatCodec {
    override val provider: String = "text"

    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall = object : PreparedCall {
        override val spec = HttpRequestSpec(baseUrl + (request.messages.last() as dev.switchboard.UserMessage).text, "{}".toByteArray(), request.extraHeaders)
        override val framing: StreamFraming get() = StreamFraming.SSE

        override fun decodeResponse(body: ByteArray, requestId: String?): CreateResult =
            CreateResult.ofText(body.decodeToString(), FinishReason.STOP, RequestUsage.of(1, 1))

        override fun newStreamDecoder(requestId: String?): StreamDecoder = text()
    }

    private fun text(): StreamDecoder = object : StreamDecoder {
        val text = StringBuilder()

        override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean {
            if (frame.data == "[DONE]") return true
            text.append(frame.data)
            out += ChatStreamEvent.TextDelta(frame.data)
            return false
        }

        override fun finish(terminated: Boolean): CreateResult {
            if (!terminated) throw StreamInterruptedException("no [DONE]", provider)
            return CreateResult.ofText(text.toString(), FinishReason.STOP, RequestUsage.of(1, text.length))
        }
    }

    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException =
        HttpErrors.map(provider, status, headers, body)
}

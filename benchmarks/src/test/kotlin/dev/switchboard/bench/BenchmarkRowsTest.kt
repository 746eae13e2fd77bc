package dev.switchboard.bench

import dev.switchboard.bench.server.MockServer
import dev.switchboard.bench.server.Payloads
import dev.switchboard.bench.server.Payloads.Format
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/**
 * Keeps the benchmark honest at tiny sizes: the mock server speaks each format, and every row (the floor,
 * this library's Kotlin API and Java facade on every engine, and the peers) completes streams, calls and
 * concurrent slow streams against it, receiving exactly what the server sent. Performance itself is only
 * measured by `scripts/bench.sh`, never here.
 */
class BenchmarkRowsTest : FunSpec({
    val server = MockServer.start(0, 20)
    afterSpec { server.close() }
    val http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()

    fun post(path: String, body: String): HttpResponse<String> = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:${server.port()}$path"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString(),
    )

    test("the mock server streams every format with the number of events asked for, in fast and slow mode") {
        for (mode in listOf("fast", "slow")) {
            val openai = post("/$mode/12/v1/chat/completions", """{"model":"m","stream": true}""")
            openai.statusCode() shouldBe 200
            openai.headers().firstValue("content-type").get() shouldBe "text/event-stream; charset=utf-8"
            val events = openai.body().split("\n\n").filter { it.isNotBlank() }
            events.size shouldBe 12
            events.last() shouldBe "data: [DONE]"
            openai.body().length shouldBe Payloads.streamBodyBytes(Format.OPENAI, 12)

            val anthropic = post("/$mode/12/v1/messages", """{"model":"m","stream":true}""")
            val anthropicEvents = anthropic.body().split("\n\n").filter { it.isNotBlank() }
            anthropicEvents.size shouldBe 12
            anthropicEvents.first().lines().first() shouldBe "event: message_start"
            anthropicEvents.last().lines().first() shouldBe "event: message_stop"

            val ollama = post("/$mode/12/api/chat", """{"model":"m"}""")
            ollama.headers().firstValue("content-type").get() shouldBe "application/x-ndjson"
            ollama.body().lines().filter { it.isNotBlank() }.size shouldBe 12
        }
    }

    test("the mock server answers non-streaming calls, reuses connections and refuses unknown paths") {
        for (i in 0 until 3) {
            val r = post("/fast/12/v1/chat/completions", """{"model":"m","stream":false}""")
            r.statusCode() shouldBe 200
            r.body() shouldBe String(Payloads.completion(Format.OPENAI))
        }
        post("/fast/12/v1/messages", """{"model":"m"}""").body() shouldBe String(Payloads.completion(Format.ANTHROPIC))
        post("/fast/12/api/chat", """{"model":"m","stream":false}""").body() shouldBe String(Payloads.completion(Format.OLLAMA))
        post("/fast/12/v1/embeddings", "{}").statusCode() shouldBe 404
    }

    test("the native formats: Responses and Cohere stream named SSE events, Gemini and Bedrock stream by path, Bedrock in binary frames") {
        for (mode in listOf("fast", "slow")) {
            val responses = post("/$mode/12/v1/responses", """{"model":"m","stream":true}""").body().split("\n\n").filter { it.isNotBlank() }
            responses.size shouldBe 12
            responses.first().lines().first() shouldBe "event: response.created"
            responses.last().lines().first() shouldBe "event: response.completed"
            val gemini = post("/$mode/12/v1beta/models/g:streamGenerateContent?alt=sse", "{}").body().split("\r\n\r\n").filter { it.isNotBlank() }
            gemini.size shouldBe 12
            gemini.last() shouldContain "\"finishReason\":\"STOP\""
            val cohere = post("/$mode/12/v2/chat", """{"model":"m","stream":true}""").body().split("\n\n").filter { it.isNotBlank() }
            cohere.size shouldBe 12
            cohere.last().lines().first() shouldBe "event: message-end"
            val bedrock = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:${server.port()}/$mode/12/model/m/converse-stream"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofByteArray(),
            )
            bedrock.headers().firstValue("content-type").get() shouldBe "application/vnd.amazon.eventstream"
            val bytes = java.nio.ByteBuffer.wrap(bedrock.body())
            var frames = 0
            while (bytes.hasRemaining()) {
                val total = bytes.getInt(bytes.position())
                bytes.position(bytes.position() + total)
                frames++
            }
            frames shouldBe 12
        }
        post("/fast/12/v1beta/models/g:generateContent", "{}").body() shouldBe String(Payloads.completion(Format.GEMINI))
        post("/fast/12/model/m/converse", "{}").body() shouldBe String(Payloads.completion(Format.BEDROCK))
    }

    val rows = listOf(
        "floor" to { url: String -> dev.switchboard.bench.rows.FloorRow(url, "-") },
        "floor, sendAsync" to { url: String -> dev.switchboard.bench.rows.FloorRow(url, "async") },
        "floor of the cio engine" to { url: String -> dev.switchboard.bench.rows.CioFloorRow(url, "-") },
    ) + listOf("java", "okhttp", "apache5", "cio").flatMap { engine ->
        listOf(
            "Kotlin API, $engine engine" to { url: String -> dev.switchboard.bench.rows.SwitchboardKotlinRow(url, engine) },
            "Java facade, $engine engine" to { url: String -> dev.switchboard.bench.rows.SwitchboardJavaRow(url, engine) },
        )
    } + listOf("events-off", "events-on", "cache-hit", "cache-miss", "traced", "router", "rate-limit").map { wrapper ->
        "Kotlin API behind $wrapper, java engine" to { url: String -> dev.switchboard.bench.rows.SwitchboardKotlinRow(url, "java/$wrapper") }
    } + listOf("anthropic", "ollama", "responses", "gemini", "cohere", "bedrock").map { provider ->
        "Kotlin API, $provider wire format, java engine" to { url: String -> dev.switchboard.bench.rows.SwitchboardKotlinRow(url, "java/$provider") }
    } + listOf("blocking", "listener", "reactive", "future").map { shape ->
        "Java facade, $shape stream, java engine" to { url: String -> dev.switchboard.bench.rows.SwitchboardJavaRow(url, "java/$shape") }
    } + listOf("", "/anthropic", "/ollama", "/responses", "/gemini", "/cohere", "/bedrock").map { provider ->
        "Kotlin API$provider, memory engine (no network)" to { url: String -> dev.switchboard.bench.rows.SwitchboardKotlinRow(url, "memory$provider") }
    } + listOf("publisher", "blocking", "listener", "reactive").map { shape ->
        "Java facade, $shape stream, memory engine (no network)" to { url: String -> dev.switchboard.bench.rows.SwitchboardJavaRow(url, "memory/$shape") }
    } + listOf(
        "openai-java" to { url: String -> dev.switchboard.bench.rows.OpenAiJavaRow(url, "-") },
        "langchain4j" to { url: String -> dev.switchboard.bench.rows.LangChain4jRow(url, "-") },
    )

    for ((name, make) in rows) {
        test("$name: streams, calls one at a time and in flight, and many slow streams at once, all complete") {
            val events = 12
            make("http://127.0.0.1:${server.port()}/fast/$events").use { row ->
                val perStream = if (row.countsBytes()) Payloads.streamBodyBytes(row.format(), events).toLong()
                else Payloads.streamText(row.format(), events).length.toLong()
                val perCall = if (row.countsBytes()) Payloads.completion(row.format()).size.toLong() else Payloads.ANSWER_TEXT.length.toLong()
                row.stream(3) shouldBe 3 * perStream
                row.create(4, 1) shouldBe 4 * perCall
                row.create(12, 4) shouldBe 12 * perCall
            }
            make("http://127.0.0.1:${server.port()}/slow/$events").use { row ->
                val perStream = if (row.countsBytes()) Payloads.streamBodyBytes(row.format(), events).toLong()
                else Payloads.streamText(row.format(), events).length.toLong()
                val tracker = Tracker(20, perStream)
                row.openStreams(20, tracker)
                tracker.await(60_000) shouldBe true
                (tracker.firstError() ?: "none") shouldBe "none"
                tracker.completed() shouldBe 20
            }
        }
    }
})

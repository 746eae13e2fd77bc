package dev.switchboard.openai

import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.ApplicationCall
import io.ktor.server.cio.CIO
import io.ktor.server.engine.embeddedServer
import io.ktor.server.request.receiveText
import io.ktor.server.response.header
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.writeFully
import io.ktor.utils.io.writeStringUtf8
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicReference

/**
 * A Ktor CIO server on 127.0.0.1 that plays `POST /v1/chat/completions`: it records every request
 * ([seen]) and answers it with the current [handler] (set with [respond], [respondJson] or [respondSse]).
 */
internal class LoopbackOpenAiServer : AutoCloseable {
    /** A request as the server received it: headers (names in lower case) and the JSON body. */
    class Seen(val headers: Map<String, String>, val body: JsonObject)

    val seen = ConcurrentLinkedQueue<Seen>()
    private val handler = AtomicReference<suspend (ApplicationCall, JsonObject) -> Unit>()

    private val server = embeddedServer(CIO, port = 0, host = "127.0.0.1") {
        routing {
            post("/v1/chat/completions") {
                val body = Json.parseToJsonElement(call.receiveText()).jsonObject
                seen += Seen(call.request.headers.entries().associate { it.key.lowercase() to it.value.first() }, body)
                checkNotNull(handler.get()) { "no answer set" }(call, body)
            }
        }
    }.start(wait = false)

    val port: Int = runBlocking { server.engine.resolvedConnectors().first().port }

    /** The base URL to configure a client with. */
    val baseUrl: String get() = "http://127.0.0.1:$port/v1"

    /** Answers every next request with [answer], which sees the request's JSON body. */
    fun respond(answer: suspend (ApplicationCall, JsonObject) -> Unit) = handler.set(answer)

    /** Answers with [json], [status] and [headers]. */
    fun respondJson(json: String, status: HttpStatusCode = HttpStatusCode.OK, headers: Map<String, String> = emptyMap()) =
        respond { call, _ -> json(call, json, status, headers) }

    /** Replays SSE [frames] (the data payloads) as a text/event-stream, ending with [DONE] when [done]. */
    fun respondSse(frames: List<String>, done: Boolean = true) = respond { call, _ -> sse(call, frames, done) }

    /** Sends [body] as it is, as a text/event-stream, in network writes of [pieceSize] bytes, each flushed. */
    fun respondRawSse(body: ByteArray, pieceSize: Int) = respond { call, _ ->
        call.respondBytesWriter(ContentType.Text.EventStream) {
            var at = 0
            while (at < body.size) {
                val n = minOf(pieceSize, body.size - at)
                writeFully(body, at, at + n)
                flush()
                at += n
            }
        }
    }

    override fun close() = server.stop(100, 1000)

    companion object {
        suspend fun json(call: ApplicationCall, json: String, status: HttpStatusCode = HttpStatusCode.OK, headers: Map<String, String> = emptyMap()) {
            headers.forEach { (k, v) -> call.response.header(k, v) }
            call.respondText(json, ContentType.Application.Json, status)
        }

        suspend fun sse(call: ApplicationCall, frames: List<String>, done: Boolean = true) {
            call.response.header("x-request-id", "req_stream")
            call.respondBytesWriter(ContentType.Text.EventStream) {
                for (f in frames) {
                    writeStringUtf8("data: $f\n\n")
                    flush()
                }
                if (done) writeStringUtf8("data: [DONE]\n\n")
            }
        }
    }
}

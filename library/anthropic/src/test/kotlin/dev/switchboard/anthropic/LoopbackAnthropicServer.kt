package dev.switchboard.anthropic

import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.ApplicationCall
import io.ktor.server.cio.CIO
import io.ktor.server.engine.embeddedServer
import io.ktor.server.request.receiveText
import io.ktor.server.request.uri
import io.ktor.server.response.header
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.writeFully
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicReference

/**
 * A Ktor CIO server on 127.0.0.1 that plays `POST /v1/messages`: it records every request ([seen]) and
 * answers it with the current handler (set with [respond], [respondJson] or [respondSse]).
 */
internal class LoopbackAnthropicServer : AutoCloseable {
    /** A request as the server received it: path, headers (names in lower case) and the JSON body. */
    class Seen(val uri: String, val headers: Map<String, String>, val body: JsonObject)

    val seen = ConcurrentLinkedQueue<Seen>()
    private val handler = AtomicReference<suspend (ApplicationCall, JsonObject) -> Unit>()

    private val server = embeddedServer(CIO, port = 0, host = "127.0.0.1") {
        routing {
            post("/v1/messages") {
                val body = Json.parseToJsonElement(call.receiveText()).jsonObject
                seen += Seen(call.request.uri, call.request.headers.entries().associate { it.key.lowercase() to it.value.first() }, body)
                checkNotNull(handler.get()) { "no answer set" }(call, body)
            }
        }
    }.start(wait = false)

    val port: Int = runBlocking { server.engine.resolvedConnectors().first().port }

    /** The base URL to configure a client with. */
    val baseUrl: String get() = "http://127.0.0.1:$port"

    /** Answers every next request with [answer], which sees the request's JSON body. */
    fun respond(answer: suspend (ApplicationCall, JsonObject) -> Unit) = handler.set(answer)

    /** Answers with [json], [status] and [headers]. */
    fun respondJson(json: String, status: HttpStatusCode = HttpStatusCode.OK, headers: Map<String, String> = emptyMap()) = respond { call, _ ->
        headers.forEach { (k, v) -> call.response.header(k, v) }
        call.response.header("request-id", "req_loopback")
        call.respondText(json, ContentType.Application.Json, status)
    }

    /** Sends [body] as it is, as a text/event-stream, in network writes of [pieceSize] bytes, each flushed. */
    fun respondSse(body: String, pieceSize: Int = Int.MAX_VALUE) = respond { call, _ ->
        call.response.header("request-id", "req_stream")
        val bytes = body.encodeToByteArray()
        call.respondBytesWriter(ContentType.Text.EventStream) {
            var at = 0
            while (at < bytes.size) {
                val n = minOf(pieceSize, bytes.size - at)
                writeFully(bytes, at, at + n)
                flush()
                at += n
            }
        }
    }

    override fun close() = server.stop(100, 1000)
}

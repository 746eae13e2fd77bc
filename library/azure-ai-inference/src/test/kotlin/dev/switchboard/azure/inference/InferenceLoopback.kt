package dev.switchboard.azure.inference

import dev.switchboard.http.TestServer
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.ApplicationCall
import io.ktor.server.request.receiveText
import io.ktor.server.request.uri
import io.ktor.server.response.header
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.writeStringUtf8
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicReference

/** A Ktor CIO server on 127.0.0.1 that records every POST (path and query, lower-case headers, JSON body) and answers as told. */
internal class InferenceLoopback : AutoCloseable {
    class Seen(val uri: String, val headers: Map<String, String>, val body: JsonObject)

    val seen = ConcurrentLinkedQueue<Seen>()
    private val handler = AtomicReference<suspend (ApplicationCall) -> Unit>()

    private val server = TestServer {
        routing {
            post("{...}") {
                val body = Json.parseToJsonElement(call.receiveText()).jsonObject
                seen += Seen(call.request.uri, call.request.headers.entries().associate { it.key.lowercase() to it.value.first() }, body)
                checkNotNull(handler.get()) { "no answer set" }(call)
            }
        }
    }

    /** The server root, such as `http://127.0.0.1:40123`. */
    val root: String get() = server.url("").trimEnd('/')

    fun respondJson(json: String, status: Int = 200) = handler.set { call ->
        call.response.header("x-request-id", "req-inference")
        call.respondText(json, ContentType.Application.Json, HttpStatusCode.fromValue(status))
    }

    /** Replays whole SSE events as they are. */
    fun respondSse(events: List<String>) = handler.set { call ->
        call.respondBytesWriter(ContentType.Text.EventStream) {
            for (e in events) {
                writeStringUtf8(e)
                flush()
            }
        }
    }

    override fun close() = server.close()
}

package dev.switchboard.openai

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
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference

/**
 * A Ktor CIO server on 127.0.0.1 that takes any POST, records it ([seen]: path and query, headers in lower
 * case, JSON body) and answers with the current handler, which sees the attempt number (from 1).
 */
internal class AzureLoopback : AutoCloseable {
    class Seen(val uri: String, val headers: Map<String, String>, val body: JsonObject)

    val seen = ConcurrentLinkedQueue<Seen>()
    private val attempts = AtomicInteger()
    private val handler = AtomicReference<suspend (ApplicationCall, Int) -> Unit>()

    private val server = TestServer {
        routing {
            post("{...}") {
                val body = Json.parseToJsonElement(call.receiveText()).jsonObject
                seen += Seen(call.request.uri, call.request.headers.entries().associate { it.key.lowercase() to it.value.first() }, body)
                checkNotNull(handler.get()) { "no answer set" }(call, attempts.incrementAndGet())
            }
        }
    }

    /** The server root, such as `http://127.0.0.1:40123`. */
    val root: String get() = server.url("").trimEnd('/')

    fun reset() {
        seen.clear()
        attempts.set(0)
    }

    fun respond(answer: suspend (ApplicationCall, Int) -> Unit) = handler.set(answer)

    fun respondJson(json: String, status: Int = 200, headers: Map<String, String> = emptyMap()) = respond { call, _ ->
        json(call, json, status, headers)
    }

    /** Replays SSE data payloads, then `[DONE]`. */
    fun respondSse(payloads: List<String>) = respond { call, _ -> sse(call, payloads) }

    override fun close() = server.close()

    companion object {
        suspend fun json(call: ApplicationCall, json: String, status: Int = 200, headers: Map<String, String> = emptyMap()) {
            call.response.header("apim-request-id", "apim-1")
            call.response.header("x-request-id", "req-azure")
            headers.forEach { (k, v) -> call.response.header(k, v) }
            call.respondText(json, ContentType.Application.Json, HttpStatusCode.fromValue(status))
        }

        suspend fun sse(call: ApplicationCall, payloads: List<String>) {
            call.response.header("x-request-id", "req-azure-stream")
            call.respondBytesWriter(ContentType.Text.EventStream) {
                for (p in payloads) {
                    writeStringUtf8("data: $p\n\n")
                    flush()
                }
                writeStringUtf8("data: [DONE]\n\n")
            }
        }
    }
}
